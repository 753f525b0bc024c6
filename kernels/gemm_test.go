package kernels

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
)

// These tests cover what the generic harness (internal/kerneltest, run by
// impl_test.go) does not: sizes around the tiles and blocks of the packed
// algorithm, every alpha/beta class, and the parallel split.

// gemmCase is one product to check.
type gemmCase[T Float] struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    T
}

func (tc gemmCase[T]) String() string {
	layout := []byte("NN")
	if tc.transA {
		layout[0] = 'T'
	}
	if tc.transB {
		layout[1] = 'T'
	}
	return fmt.Sprintf("%s m=%d n=%d k=%d alpha=%v beta=%v", layout, tc.m, tc.n, tc.k, tc.alpha, tc.beta)
}

// check runs gemm on tc through the harness's GemmCase: padded leading
// dimensions, guard bands, NaN in C when beta == 0, inputs unchanged.
func (tc gemmCase[T]) check(r *rand.Rand, gemm dispatch.GemmFunc[T]) error {
	if err := kerneltest.GemmCase(r, gemm, tc.transA, tc.transB, tc.m, tc.n, tc.k, tc.alpha, tc.beta); err != nil {
		return fmt.Errorf("%v: %v", tc, err)
	}
	return nil
}

var gemmScalars = []float64{0, 1, -0.5, 2}

// gemmSizes returns the sizes to try around a tile of size t: with t = MR,
// the edges of C meet every kernel of fewer rows.
func gemmSizes(t int) []int {
	return slices.Compact(slices.Sorted(slices.Values([]int{1, 2, 3, t - 1, t, t + 1, 2*t + 3})))
}

// testGemmMicro checks the packed algorithm with micro-kernel mk on every
// size, small ones included (the packed Gemm sends those to gemmGeneric).
func testGemmMicro[T Float](t *testing.T, mk *gemmMicro[T]) {
	gemm := func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
		g := gemmArgs[T]{mk, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, false, epilogue[T]{}}
		g.run()
	}
	testGemmTiles(t, gemm, mk.mr, mk.nr, mk.kc, mk.mc, mk.nc)
	// The same products computed as Cᵀ = op(B)ᵀ·op(A)ᵀ into the transpose
	// of C, as gemmRun does for few columns.
	gemmT := func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
		g := gemmArgs[T]{mk, !transB, !transA, n, m, k, alpha, b, ldb, a, lda, beta, c, ldc, true, epilogue[T]{}}
		g.run()
	}
	testGemmTiles(t, gemmT, mk.mr, mk.nr, mk.kc, mk.mc, mk.nc)
}

// testGemmTiles checks gemm over every layout and combinations of sizes
// around the mr×nr tile and the blocks kc, mc, nc, with every alpha and beta
// (cycled through the size combinations, all sixteen pairs on one shape).
func testGemmTiles[T Float](t *testing.T, gemm dispatch.GemmFunc[T], mr, nr, kc, mc, nc int) {
	r := rand.New(rand.NewPCG(uint64(mr), uint64(nr)))
	// mr+2 and 2·mr+6 rows end in tiles of 8 rows where A is read in place
	// (rowTile).
	ms, ns := append(gemmSizes(mr), mr+2, 2*mr+6), gemmSizes(nr)
	ks := []int{1, 2, 3, 17, kc, kc + 1, 2*kc + 5}
	// Under -short and the race detector, a sample of the combinations:
	// each size still meets each other size in some layout.
	sample := 1
	switch {
	case raceEnabled:
		sample = 12
	case testing.Short():
		sample = 5
	}
	var cases []gemmCase[T]
	for layout := range 4 {
		ta, tb := layout&2 != 0, layout&1 != 0
		for i, m := range ms {
			for j, n := range ns {
				for l, k := range ks {
					s := i + 3*j + 5*l + 7*layout
					if (i+j+l+layout)%sample != 0 {
						continue
					}
					cases = append(cases, gemmCase[T]{ta, tb, m, n, k,
						T(gemmScalars[1+s%3]), T(gemmScalars[(s/3)%4])})
				}
			}
		}
		// Several blocks of rows and columns, edges everywhere.
		if sample == 1 || layout == 1 {
			cases = append(cases,
				gemmCase[T]{ta, tb, mc + mr + 1, nr + 1, kc + 1, 1, 0},
				gemmCase[T]{ta, tb, 2, nc + nr + 3, 5, -0.5, 2},
			)
		}
		for _, alpha := range gemmScalars {
			for _, beta := range gemmScalars {
				cases = append(cases, gemmCase[T]{ta, tb, mr + 1, nr - 1, 9, T(alpha), T(beta)})
			}
		}
	}
	for _, tc := range cases {
		if err := tc.check(r, gemm); err != nil {
			t.Fatal(err)
		}
	}
}

// TestGemmPublic runs the public Gemm on every runnable path, through
// dispatch.Use, on zero sizes, alpha == 0 and shapes large enough to pack.
func TestGemmPublic(t *testing.T) {
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		testGemmPublic[float32](t)
		testGemmPublic[float64](t)
	})
}

func testGemmPublic[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	sample := 4
	if raceEnabled {
		sample = 12
	}
	for layout := range 4 {
		ta, tb := layout&2 != 0, layout&1 != 0
		for i, sz := range [][3]int{{0, 0, 0}, {0, 5, 3}, {4, 0, 3}, {4, 5, 0}, {3, 4, 2}, {33, 65, 40}, {70, 31, 129}} {
			for j, alpha := range gemmScalars {
				for l, beta := range gemmScalars {
					if sz[0]*sz[1]*sz[2] > 1000 && (i+j+l+layout)%sample != 0 {
						continue // all sixteen pairs on the small shapes only
					}
					tc := gemmCase[T]{ta, tb, sz[0], sz[1], sz[2], T(alpha), T(beta)}
					if err := tc.check(r, Gemm[T]); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
}

// TestGemmParallel checks that the split over goroutines gives the bits of
// the serial computation, for splits over rows and over columns, with uneven
// parts (GOMAXPROCS above the number of CPUs).
func TestGemmParallel(t *testing.T) {
	for _, im := range dispatch.Runnable() {
		t.Run(im.Name, func(t *testing.T) {
			if raceEnabled && im.Name == "generic" {
				t.Skip("the generic path runs on one goroutine; too slow under the race detector")
			}
			testGemmParallel(t, dispatch.For[float32](im).Gemm)
			testGemmParallel(t, dispatch.For[float64](im).Gemm)
		})
	}
}

func testGemmParallel[T Float](t *testing.T, gemm dispatch.GemmFunc[T]) {
	r := rand.New(rand.NewPCG(3, 4))
	// Split over rows, over columns, and over the rows of C computed as Cᵀ
	// (few columns; a skinny product with one goroutine).
	shapes := [][3]int{{401, 297, 301}, {45, 1500, 300}, {3000, 12, 512}, {7000, 5, 500}}
	if testing.Short() || raceEnabled {
		shapes = [][3]int{{401, 297, 301}, {3000, 12, 512}}
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, sz := range shapes {
		m, n, k := sz[0], sz[1], sz[2]
		for layout := range 4 {
			if raceEnabled && layout%3 != 0 {
				continue // NN and TT only
			}
			ta, tb := layout&2 != 0, layout&1 != 0
			ar, ac, br, bc := dispatch.Stored(ta, tb, m, n, k)
			lda, ldb, ldc := ac+1, bc+2, n+3
			a, b, c0 := randMatrix[T](r, ar, lda), randMatrix[T](r, br, ldb), randMatrix[T](r, m, ldc)
			var want []T
			for _, procs := range []int{1, 2, 3, 5} {
				runtime.GOMAXPROCS(procs)
				got := slices.Clone(c0)
				gemm(ta, tb, m, n, k, 0.75, a, lda, b, ldb, -1.5, got, ldc)
				if want == nil {
					want = got
					continue
				}
				if err := kerneltest.Diff("c", got, want); err != nil {
					t.Fatalf("m=%d n=%d k=%d layout %d: GOMAXPROCS=%d differs from 1: %v", m, n, k, layout, procs, err)
				}
			}
		}
	}
}

// randMatrix returns rows rows of ld values in [−1, 1).
func randMatrix[T Float](r *rand.Rand, rows, ld int) []T {
	v := make([]T, rows*ld)
	for i := range v {
		v[i] = T(r.Float64()*2 - 1)
	}
	return v
}
