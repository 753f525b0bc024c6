package kernels

import (
	"math/rand/v2"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
)

// TestGemmSkinny checks gemmSkinny's vector-kernel routes with the vector
// kernels of every runnable path on shapes around their thresholds, in every
// layout, that they take the shapes they should and leave the others, and
// the public Gemm on skinny shapes. The skinny kernels have their own tests
// (skinny_amd64_test.go).
func TestGemmSkinny(t *testing.T) {
	for _, im := range dispatch.Runnable() {
		t.Run(im.Name, func(t *testing.T) {
			testGemmSkinny(t, dispatch.For[float32](im))
			testGemmSkinny(t, dispatch.For[float64](im))
			testGemmSkinnyPath(t, dispatch.For[float32](im).Gemm)
			testGemmSkinnyPath(t, dispatch.For[float64](im).Gemm)
		})
	}
}

// testGemmSkinnyPath checks a path's Gemm on skinny shapes on either side of
// the thresholds, in every layout, with every alpha and beta.
func testGemmSkinnyPath[T Float](t *testing.T, gemm dispatch.GemmFunc[T]) {
	r := rand.New(rand.NewPCG(9, 10))
	rs, cs := gemmSkinnyRows, gemmSkinnyCols
	mr, mc := gemmMultiRows, gemmMultiCols
	shapes := [][3]int{{1, 300, 70}, {rs, 50, 33}, {rs + 1, 50, 33}, {300, 1, 70}, {70, 3, 130}, {50, cs, 33}, {50, cs + 1, 33},
		{mr, 50, 33}, {mr + 1, 50, 33}, {50, mc, 33}, {50, mc + 1, 33},
		{300, 64, gemmSkinnyK}, {300, 20, gemmSkinnyK + 1}, {1, 300, 1}, {300, 1, 2}}
	for layout := range 4 {
		ta, tb := layout&2 != 0, layout&1 != 0
		for i, sh := range shapes {
			for j, alpha := range gemmScalars[1:] {
				for l, beta := range gemmScalars {
					if (i+j+l+layout)%3 != 0 {
						continue
					}
					tc := gemmCase[T]{ta, tb, sh[0], sh[1], sh[2], T(alpha), T(beta)}
					if err := tc.check(r, gemm); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
}

// skinnyRouted reports whether the vector kernels' route
// (skinnyVectorRoute) takes a product of m×n with this layout, for a
// micro-kernel of nr columns, given room for space values.
func skinnyRouted(transA, transB bool, m, n, k, nr, space int) bool {
	rows, cols := m <= gemmSkinnyRows, n <= gemmSkinnyCols
	sums := cols && (n <= gemmSkinnyColsT || n >= nr)
	switch {
	case !transA && transB:
		return rows || cols
	case !transA:
		return cols && n*k <= space || m <= gemmAxpyRows
	case !transB:
		return sums || m <= gemmAxpyRows
	default:
		return sums || rows && m*k <= space
	}
}

// testGemmSkinny checks the vector kernels' routes with the vector kernels
// vec, on shapes around their thresholds, and that they take the shapes
// they should and leave the others.
func testGemmSkinny[T Float](t *testing.T, vec *dispatch.Kernels[T]) {
	r := rand.New(rand.NewPCG(7, 8))
	// Room for 1000 values; tiles of 8 columns.
	const space, nr = 1000, 8
	mk := &gemmMicro[T]{mr: 1, nr: nr, kc: 10, nc: space / 10, vec: vec}
	var routed bool
	skinny := func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
		r := skinnyVectorRoute(transA, transB, m, n, k, nr, space)
		routed = r != notSkinny
		if routed {
			gemmSkinny(mk, r, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		} else {
			gemmGeneric(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		}
	}
	rs, cs := gemmSkinnyRows, gemmSkinnyCols
	var shapes [][3]int
	for _, k := range []int{1, 3, 17, 64, 130} {
		for _, m := range []int{1, 2, rs - 1, rs, rs + 1} {
			shapes = append(shapes, [3]int{m, 37, k})
		}
		for _, n := range []int{1, 2, gemmSkinnyColsT, gemmSkinnyColsT + 1, nr - 1, nr, cs - 1, cs, cs + 1} {
			shapes = append(shapes, [3]int{41, n, k})
		}
	}
	// gemmColAxpy in strips: n·w values of T fill gemmStripBytes.
	shapes = append(shapes, [3]int{2*gemmStripBytes/4 + 5, 3, 2})
	// gemmRowAxpyVec in strips of gemmStripBytes.
	shapes = append(shapes, [3]int{gemmAxpyRows, 2*gemmStripBytes/4 + 5, 3})
	s := 0
	for layout := range 4 {
		ta, tb := layout&2 != 0, layout&1 != 0
		for _, sh := range shapes {
			m, n, k := sh[0], sh[1], sh[2]
			s++
			tc := gemmCase[T]{ta, tb, m, n, k, T(gemmScalars[1+s%3]), T(gemmScalars[(s/3)%4])}
			if err := tc.check(r, skinny); err != nil {
				t.Fatal(err)
			}
			if want := skinnyRouted(ta, tb, m, n, k, nr, space); routed != want {
				t.Fatalf("%v: skinnyVectorRoute took it: %v, want %v", tc, routed, want)
			}
		}
	}
}
