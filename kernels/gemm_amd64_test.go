//go:build !purego

package kernels

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/simdkern/simdkern/internal/cpu"
	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
)

var benchFull = flag.Bool("bench.full", false, "run BenchmarkGemmSkinnyRoute, the sweep that set the skinny thresholds")

// microPath is the pair of micro-kernels of an amd64 path, and whether this
// CPU runs them.
type microPath struct {
	name string
	runs bool
	f32  *gemmMicro[float32]
	f64  *gemmMicro[float64]
}

// amd64Micros returns the micro-kernels of the amd64 paths, best first.
func amd64Micros() []microPath {
	f := cpu.Detect()
	return []microPath{
		{"avx512", f.AVX512, pathGemm[float32]("avx512"), pathGemm[float64]("avx512")},
		{"avx2", f.AVX2, pathGemm[float32]("avx2"), pathGemm[float64]("avx2")},
	}
}

// onMicros runs f as a subtest, named for the path, on the micro-kernels of
// each amd64 path of names, skipped where this CPU cannot run them.
func onMicros(t *testing.T, names []string, f func(t *testing.T, p microPath)) {
	for _, p := range amd64Micros() {
		if !slices.Contains(names, p.name) {
			continue
		}
		t.Run(p.name, func(t *testing.T) {
			if !p.runs {
				t.Skip("this CPU cannot run", p.name)
			}
			f(t, p)
		})
	}
}

func TestGemmMicroAMD64(t *testing.T) {
	onMicros(t, []string{"avx512", "avx2"}, func(t *testing.T, tc microPath) {
		if tc.f32.vec == nil || tc.f64.vec == nil {
			t.Fatal("no vector kernels: gemmSkinny is never reached")
		}
		t.Run("f32", func(t *testing.T) { testGemmMicro(t, tc.f32) })
		t.Run("f64", func(t *testing.T) { testGemmMicro(t, tc.f64) })
		// Blocks of a few tiles: every block edge is crossed.
		t.Run("small/f32", func(t *testing.T) { testGemmMicro(t, smallBlocks(tc.f32)) })
		t.Run("small/f64", func(t *testing.T) { testGemmMicro(t, smallBlocks(tc.f64)) })
		// A packed whatever the layout, on a path that reads it by rows.
		if tc.f32.rowTiles != nil {
			t.Run("packed/f32", func(t *testing.T) { testGemmMicro(t, packedA(smallBlocks(tc.f32))) })
			t.Run("packed/f64", func(t *testing.T) { testGemmMicro(t, packedA(smallBlocks(tc.f64))) })
		}
	})
}

// smallBlocks returns mk's micro-kernel with KC = 8, MC = 2·MR, NC = 3·NR.
func smallBlocks[T Float](mk *gemmMicro[T]) *gemmMicro[T] {
	return &gemmMicro[T]{mr: mk.mr, nr: mk.nr, kc: 8, mc: 2 * mk.mr, nc: 3 * mk.nr, tiles: mk.tiles, rowTiles: mk.rowTiles, pack: mk.pack}
}

// packedA returns mk, built by smallBlocks, without its row kernels: A is
// packed in every layout.
func packedA[T Float](mk *gemmMicro[T]) *gemmMicro[T] {
	mk.rowTiles = nil
	return mk
}

// TestGemmBlocksEnv runs this test binary with SIMDKERN_GEMM_BLOCKS set: a
// valid value sets the blocks of every micro-kernel, rounded to its tiles,
// and Gemm stays correct on every path; a malformed one stops the program
// with a message.
func TestGemmBlocksEnv(t *testing.T) {
	if v, ok := os.LookupEnv("SIMDKERN_TEST_BLOCKS_CHILD"); ok {
		if v != os.Getenv(gemmBlocksEnv) {
			t.Fatalf("%s = %q, want %q", gemmBlocksEnv, os.Getenv(gemmBlocksEnv), v)
		}
		for _, bl := range []gemmBlocks{pathGemm[float32]("avx512").gemmBlocks(), pathGemm[float64]("avx512").gemmBlocks(), pathGemm[float32]("avx2").gemmBlocks(), pathGemm[float64]("avx2").gemmBlocks()} {
			t.Logf("blocks %+v", bl)
		}
		want := []gemmBlocks{{8, 14, 32}, {8, 14, 32}, {8, 12, 32}, {8, 12, 40}}
		got := []gemmBlocks{pathGemm[float32]("avx512").gemmBlocks(), pathGemm[float64]("avx512").gemmBlocks(), pathGemm[float32]("avx2").gemmBlocks(), pathGemm[float64]("avx2").gemmBlocks()}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s=%s: blocks %+v, want %+v", gemmBlocksEnv, v, got, want)
				break
			}
		}
		kerneltest.OnEveryPath(t, func(t *testing.T) {
			testGemmPublic[float32](t)
			testGemmPublic[float64](t)
		})
		return
	}
	if testing.Short() {
		t.Skip("runs child processes")
	}
	run := func(v string) (string, error) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestGemmBlocksEnv$", "-test.v")
		cmd.Env = append(os.Environ(), "SIMDKERN_TEST_BLOCKS_CHILD="+v, gemmBlocksEnv+"="+v)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := run("kc=8,mc=12,nc=40"); err != nil {
		t.Errorf("%s=kc=8,mc=12,nc=40: child failed: %v\n%s", gemmBlocksEnv, err, out)
	}
	out, err := run("kc=8,mc=-1")
	if err == nil || !strings.Contains(out, gemmBlocksEnv+`="kc=8,mc=-1"`) {
		t.Errorf("%s=kc=8,mc=-1: err = %v, output %q; want a failure naming the value", gemmBlocksEnv, err, out)
	}
}

// BenchmarkGemmSkinnyRoute times the two ways of computing skinny products,
// packed and gemmSkinny's route for the layout, on every path this CPU
// runs, on either side of the thresholds gemmSkinnyRows and gemmSkinnyCols
// (docs/tuning.md):
//
//	GOMAXPROCS=1 go test ./kernels -run '^$' -bench GemmSkinnyRoute -bench.full -count 10 > route.txt
//	go tool benchstat -col /route route.txt
//
// It is a tuning sweep, not a benchmark of the API: without -bench.full it
// is skipped, which keeps go test -bench . ./... short.
func BenchmarkGemmSkinnyRoute(b *testing.B) {
	if !*benchFull {
		b.Skip("a tuning sweep: run with -bench.full")
	}
	f := cpu.Detect()
	for _, p := range []struct {
		name string
		runs bool
		f32  *gemmMicro[float32]
		f64  *gemmMicro[float64]
	}{
		{"avx512", f.AVX512, pathGemm[float32]("avx512"), pathGemm[float64]("avx512")},
		{"avx2", f.AVX2, pathGemm[float32]("avx2"), pathGemm[float64]("avx2")},
	} {
		if p.runs {
			b.Run("f32/impl="+p.name, func(b *testing.B) { benchSkinnyRoute(b, p.f32) })
			b.Run("f64/impl="+p.name, func(b *testing.B) { benchSkinnyRoute(b, p.f64) })
		}
	}
}

func benchSkinnyRoute[T Float](b *testing.B, mk *gemmMicro[T]) {
	type shape struct {
		layout  string
		m, n, k int
		route   skinnyRoute
	}
	var shapes []shape
	for _, m := range []int{1, 4, gemmSkinnyRows, 12, 16} {
		shapes = append(shapes, shape{"NT", m, 512, 512, skinnyDots}, shape{"TT", m, 512, 512, skinnyDotsA})
	}
	for _, n := range []int{3, gemmSkinnyCols, 12, 16} {
		shapes = append(shapes,
			shape{"NN", 1024, n, 512, skinnyDotsB}, shape{"NT", 1024, n, 512, skinnyDots},
			shape{"TN", 1024, n, 512, skinnyColAxpy}, shape{"TT", 1024, n, 512, skinnyColAxpy})
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, s := range shapes {
		ta, tb := s.layout[0] == 'T', s.layout[1] == 'T'
		ar, ac, br, bc := dispatch.Stored(ta, tb, s.m, s.n, s.k)
		a, bm, c := randMatrix[T](r, ar, ac), randMatrix[T](r, br, bc), make([]T, s.m*s.n)
		g := packedArgs(mk, ta, tb, s.m, s.n, s.k, 1, a, ac, bm, bc, 0, c, s.n)
		name := fmt.Sprintf("shape=%dx%dx%d/layout=%s", s.m, s.n, s.k, s.layout)
		for _, route := range []string{"packed", "skinny"} {
			b.Run(name+"/route="+route, func(b *testing.B) {
				g.serial() // fill the pool of packing buffers
				for b.Loop() {
					if route == "packed" {
						g.serial()
					} else {
						gemmSkinny(mk, s.route, ta, tb, s.m, s.n, s.k, 1, a, ac, bm, bc, 0, c, s.n)
					}
				}
				b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

// TestRowTile checks the tiles of rows in which gemmMacro splits A when it
// reads A by rows: they add up to the rows, each has a kernel, and a multiple
// of 4 rows from 16 on needs no kernel of fewer than 4 rows (128 rows: eight
// tiles of 14 and two of 8).
func TestRowTile(t *testing.T) {
	tiles := pathGemm[float32]("avx512").rowTiles
	if tiles == nil {
		t.Skip("no row kernels")
	}
	for m := 1; m <= 200; m++ {
		var hs []int
		for ir := 0; ir < m; ir += hs[len(hs)-1] {
			hs = append(hs, rowTile(tiles, m-ir))
		}
		sum := 0
		for _, h := range hs[:len(hs)-1] {
			sum += h
			if !slices.ContainsFunc(tiles, func(t gemmTile[float32]) bool { return t.rows == h }) {
				t.Fatalf("m = %d: tiles %v: no kernel of %d rows", m, hs, h)
			}
		}
		last := hs[len(hs)-1]
		sum += last
		// A last tile of fewer than 14 rows is made up by kernels of 8, 4, 2
		// and 1 rows.
		small := last < tiles[0].rows && last%4 != 0
		if sum != m || (m%4 == 0 && m >= 16 && small) {
			t.Fatalf("m = %d: tiles %v", m, hs)
		}
		if m == 128 && !slices.Equal(hs, []int{14, 14, 14, 14, 14, 14, 14, 14, 8, 8}) {
			t.Fatalf("m = 128: tiles %v", hs)
		}
	}
}
