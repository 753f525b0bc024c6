//go:build !purego

package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/simdkern/simdkern/internal/cpu"
	"github.com/simdkern/simdkern/internal/dispatch"
)

// TestGemmSkinnyKernels checks the skinny kernels of the amd64 paths that
// have them and this CPU runs, through gemmSkinny's routes, against the
// reference (the harness's GemmCase: padded leading dimensions, guard bands,
// NaN in C when beta == 0): every layout a route takes, n = 1..17 and
// m = 0..20 (every edge of the 3×4 multi-dot blocks and of the strips of
// vectors), k = 0..4·lanes+3 for the path's lanes (from 1 for the packed
// path and the row sums). It also checks the route without the kernels (a
// path whose gemmSkinnyKernels is the zero value: vector kernels or packed)
// and which shapes take the kernels' routes.
func TestGemmSkinnyKernels(t *testing.T) {
	onMicros(t, []string{"avx512", "avx2"}, func(t *testing.T, p microPath) {
		t.Run("f32", func(t *testing.T) { testSkinnyKernels(t, p.f32) })
		t.Run("f64", func(t *testing.T) { testSkinnyKernels(t, p.f64) })
		t.Run("none/f32", func(t *testing.T) { testSkinnyNone(t, p.f32) })
		t.Run("none/f64", func(t *testing.T) { testSkinnyNone(t, p.f64) })
	})
	t.Run("route", testSkinnyKernelRoute)
}

// skinnyLayouts are the layouts each route of the skinny kernels takes.
var skinnyLayouts = map[skinnyRoute][]string{
	skinnyMulti:    {"NN", "NT", "TT"},
	skinnyOuter:    {"NN", "NT", "TN", "TT"},
	skinnyPackedT:  {"TN", "TT"},
	skinnyRowOuter: {"NN", "TN"},
}

func testSkinnyKernels[T Float](t *testing.T, mk *gemmMicro[T]) {
	if mk.skinny.dots == nil {
		t.Fatal("no skinny kernels")
	}
	lanes := mk.nr / 2 // of the path's vectors: NR is two
	r := rand.New(rand.NewPCG(11, 12))
	ks := make([]int, 0, 4*lanes+4)
	for k := range 4*lanes + 4 {
		ks = append(ks, k)
	}
	s := 0
	for _, route := range []skinnyRoute{skinnyMulti, skinnyOuter, skinnyPackedT, skinnyRowOuter} {
		gemm := func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
			gemmSkinny(mk, route, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		}
		for _, layout := range skinnyLayouts[route] {
			ta, tb := layout[0] == 'T', layout[1] == 'T'
			for m := range 21 {
				for n := 1; n <= 17; n++ {
					// Two values of k for each m and n; every k meets
					// every m and every n.
					for _, i := range []int{m + 3*n, 7*m + n + 5} {
						k := ks[i%len(ks)]
						if k == 0 && (route == skinnyPackedT || route == skinnyRowOuter) {
							continue // these routes take k ≥ 1, as Gemm gives them
						}
						s++
						tc := gemmCase[T]{ta, tb, m, n, k, T(gemmScalars[1+s%3]), T(gemmScalars[(s/3)%4])}
						if err := tc.check(r, gemm); err != nil {
							t.Fatalf("route %d: %v", route, err)
						}
					}
				}
			}
			// Every alpha and beta, and products of many blocks and strips:
			// 37 columns, and 11·lanes + lanes/2 + 3 for the path's lanes
			// (two strips of 4 vectors, three of one, then on AVX-512 a YMM
			// strip, and a masked one).
			wide := 11*lanes + lanes/2 + 3
			for _, alpha := range gemmScalars {
				for _, beta := range gemmScalars {
					for _, sh := range [][3]int{{23, 37, 2*lanes + 3}, {5, wide, lanes + 1}} {
						tc := gemmCase[T]{ta, tb, sh[0], sh[1], sh[2], T(alpha), T(beta)}
						if err := tc.check(r, gemm); err != nil {
							t.Fatalf("route %d: %v", route, err)
						}
					}
				}
			}
		}
	}
	// gemmRowOuter with room for a few columns: strips of columns, and
	// calls of gemmOuterK steps.
	sums := make([]T, 40)
	rowOuter := func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
		ai, al := lda, 1
		if transA {
			ai, al = 1, lda
		}
		gemmRowOuter(mk.skinny.outer, sums, m, n, k, alpha, a, ai, al, b, ldb, beta, c, ldc)
	}
	for _, layout := range skinnyLayouts[skinnyRowOuter] {
		for _, sh := range [][3]int{{1, 45, 2*gemmOuterK + 3}, {2, 50, gemmOuterK}, {3, 13, gemmOuterK + 1}} {
			s++
			tc := gemmCase[T]{layout[0] == 'T', false, sh[0], sh[1], sh[2], T(gemmScalars[1+s%3]), T(gemmScalars[(s/3)%4])}
			if err := tc.check(r, rowOuter); err != nil {
				t.Fatalf("gemmRowOuter with %d sums: %v", len(sums), err)
			}
		}
	}
}

// testSkinnyNone checks gemmSkinny's routes of the skinny kernels on a path
// without them (mk's tiles with small blocks, so that the room for copies
// runs out too): they take the vector kernels' route or the packed
// algorithm.
func testSkinnyNone[T Float](t *testing.T, mk *gemmMicro[T]) {
	none := &gemmMicro[T]{mr: mk.mr, nr: mk.nr, kc: 8, mc: 2 * mk.mr, nc: 3 * mk.nr, tiles: mk.tiles, pack: mk.pack, vec: mk.vec}
	space := none.kc * none.nc
	r := rand.New(rand.NewPCG(13, 14))
	shapes := [][3]int{{5, 40, 2}, {40, 5, 3}, {1, 40, 30}, {3, 40, 30}, {gemmMultiRows, 30, 17}, {40, gemmMultiCols, 17}, {40, 9, 20}, {40, 2, 20}, {2, 40, space}}
	s := 0
	for layout := range 4 {
		ta, tb := layout&2 != 0, layout&1 != 0
		for _, sh := range shapes {
			m, n, k := sh[0], sh[1], sh[2]
			route := skinnyKernelRoute(ta, tb, m, n, k, space)
			if route == notSkinny {
				continue
			}
			gemm := func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
				gemmSkinny(none, route, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
			}
			s++
			tc := gemmCase[T]{ta, tb, m, n, k, T(gemmScalars[1+s%3]), T(gemmScalars[(s/3)%4])}
			if err := tc.check(r, gemm); err != nil {
				t.Fatalf("route %d: %v", route, err)
			}
		}
	}
	if s < 10 {
		t.Fatalf("%d products took a route of the skinny kernels, want at least 10", s)
	}
}

// testSkinnyKernelRoute checks which products take the routes of the skinny
// kernels, and that the others keep the vector kernels' routes.
func testSkinnyKernelRoute(t *testing.T) {
	const nr, space = 16, 1 << 16
	mr, mc, kk := gemmMultiRows, gemmMultiCols, gemmSkinnyK
	for _, tc := range []struct {
		layout  string
		m, n, k int
		want    skinnyRoute
	}{
		{"NN", 1024, 64, kk, skinnyOuter},
		{"TN", 1024, 64, 1, skinnyOuter},
		{"NT", 1024, 64, kk, skinnyOuter},
		{"TT", 1024, 64, kk, skinnyOuter},
		{"NT", 4, space/kk + 1, kk, skinnyMulti}, // no room to copy op(B)
		{"NN", 1024, 64, kk + 1, notSkinny},
		{"NN", gemmAxpyRows, 512, 512, skinnyRowOuter},
		{"TN", gemmAxpyRows, 512, 512, skinnyRowOuter},
		{"NN", gemmAxpyRows, 64, kk, skinnyOuter},
		{"NN", gemmAxpyRows + 1, 512, 512, notSkinny},
		{"NT", mr, 512, 512, skinnyMulti},
		{"NT", mr + 1, 512, 512, notSkinny},
		{"NT", 1024, mc, 512, skinnyMulti},
		{"NT", 1024, mc + 1, 512, notSkinny},
		{"NN", 1024, mc, 512, skinnyMulti},
		{"NN", 1024, mc + 1, 512, notSkinny},
		{"NN", 1024, mc, space/mc + 1, notSkinny},
		{"NN", mr, 512, 512, notSkinny},
		{"TT", mr, 512, 512, skinnyMulti},
		{"TT", mr + 1, 512, 512, notSkinny},
		{"TT", mr, 512, space/mr + 1, notSkinny},
		{"TN", mr, 512, 512, notSkinny},
		{"TN", 1024, gemmSkinnyColsT, 512, skinnyColAxpy},
		{"TT", 1024, gemmSkinnyColsT, 512, skinnyColAxpy},
		{"TN", 1024, gemmSkinnyColsT + 1, 512, skinnyPackedT},
		{"TT", 1024, gemmSkinnyCols, 512, skinnyPackedT},
		{"TN", gemmSkinnyCols, gemmSkinnyCols, 512, notSkinny},
		{"TN", 1024, gemmSkinnyCols + 1, 512, notSkinny},
	} {
		ta, tb := tc.layout[0] == 'T', tc.layout[1] == 'T'
		if got := gemmSkinnyRoute(ta, tb, tc.m, tc.n, tc.k, nr, space); got != tc.want {
			t.Errorf("%s %d×%d×%d: route %d, want %d", tc.layout, tc.m, tc.n, tc.k, got, tc.want)
		}
	}
}

// BenchmarkGemmSkinnyKernels times the routes of the AVX2 skinny kernels
// against what the product would take without them (the vector kernels'
// route, or the packed algorithm), on either side of the thresholds
// gemmMultiRows, gemmMultiCols and gemmSkinnyK (docs/tuning.md):
//
//	GOMAXPROCS=1 go test ./kernels -run '^$' -bench GemmSkinnyKernels -bench.full -count 6 > kernels.txt
//	go tool benchstat -col /route kernels.txt
//
// A tuning sweep: without -bench.full it is skipped.
func BenchmarkGemmSkinnyKernels(b *testing.B) {
	if !*benchFull {
		b.Skip("a tuning sweep: run with -bench.full")
	}
	if !cpu.Detect().AVX2 {
		b.Skip("this CPU cannot run avx2")
	}
	b.Run("f32", func(b *testing.B) { benchSkinnyKernels(b, pathGemm[float32]("avx2")) })
	b.Run("f64", func(b *testing.B) { benchSkinnyKernels(b, pathGemm[float64]("avx2")) })
}

func benchSkinnyKernels[T Float](b *testing.B, mk *gemmMicro[T]) {
	type shape struct {
		layout  string
		m, n, k int
		route   skinnyRoute
	}
	var shapes []shape
	for _, m := range []int{8, 16, 24, 32} {
		shapes = append(shapes, shape{"NT", m, 512, 512, skinnyMulti}, shape{"TT", m, 512, 512, skinnyMulti})
	}
	for _, n := range []int{10, 16, 24, 32} {
		shapes = append(shapes, shape{"NN", 1024, n, 512, skinnyMulti}, shape{"NT", 1024, n, 512, skinnyMulti})
	}
	for _, n := range []int{5, 8, 10} {
		shapes = append(shapes, shape{"TN", 1024, n, 512, skinnyPackedT}, shape{"TT", 1024, n, 512, skinnyPackedT})
	}
	for _, k := range []int{2, 4, 8} {
		shapes = append(shapes, shape{"NN", 1024, 64, k, skinnyOuter}, shape{"TN", 1024, 64, k, skinnyOuter},
			shape{"NT", 1024, 64, k, skinnyOuter}, shape{"NN", 256, 512, k, skinnyOuter})
	}
	r := rand.New(rand.NewPCG(1, 2))
	space := mk.kc * mk.nc
	for _, s := range shapes {
		ta, tb := s.layout[0] == 'T', s.layout[1] == 'T'
		ar, ac, br, bc := dispatch.Stored(ta, tb, s.m, s.n, s.k)
		a, bm, c := randMatrix[T](r, ar, ac), randMatrix[T](r, br, bc), make([]T, s.m*s.n)
		name := fmt.Sprintf("shape=%dx%dx%d/layout=%s", s.m, s.n, s.k, s.layout)
		without := skinnyVectorRoute(ta, tb, s.m, s.n, s.k, mk.nr, space)
		for _, route := range []string{"without", "kernels"} {
			b.Run(name+"/route="+route, func(b *testing.B) {
				for b.Loop() {
					switch {
					case route == "kernels":
						gemmSkinny(mk, s.route, ta, tb, s.m, s.n, s.k, 1, a, ac, bm, bc, 0, c, s.n)
					case without != notSkinny:
						gemmSkinny(mk, without, ta, tb, s.m, s.n, s.k, 1, a, ac, bm, bc, 0, c, s.n)
					default:
						g := packedArgs(mk, ta, tb, s.m, s.n, s.k, 1, a, ac, bm, bc, 0, c, s.n)
						g.run()
					}
				}
				b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
