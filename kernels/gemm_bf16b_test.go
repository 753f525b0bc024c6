package kernels_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
	"github.com/simdkern/simdkern/kernels"
)

// TestGemmBF16B runs the harness on the GemmBF16B of every path this CPU
// runs.
func TestGemmBF16B(t *testing.T) {
	for _, im := range dispatch.Runnable() {
		t.Run(im.Name, func(t *testing.T) { kerneltest.GemmBF16B(t, im.BF16.GemmB) })
	}
}

// TestGemmBF16BScalesOnly checks that k == 0 and alpha == 0 only scale C,
// without reading A or B (NaN there), and that beta == 0 clears a NaN C.
func TestGemmBF16BScalesOnly(t *testing.T) {
	nan := float32(math.NaN())
	a, b := []float32{nan, nan}, []kernels.BFloat16{0x7fc0, 0x7fc0}
	c := []float32{2, nan}
	kernels.GemmBF16B(false, false, 1, 2, 1, 0, a, 1, b, 2, 0, c, 2)
	if c[0] != 0 || c[1] != 0 {
		t.Errorf("alpha = 0, beta = 0: C = %v, want [0 0]", c)
	}
	c = []float32{2, -3}
	kernels.GemmBF16B(false, false, 1, 2, 0, 1, nil, 0, nil, 2, 0.5, c, 2)
	if c[0] != 1 || c[1] != -1.5 {
		t.Errorf("k = 0, beta = 0.5: C = %v, want [1 -1.5]", c)
	}
}

// TestGemmBF16BNoAllocs checks that GemmBF16B allocates nothing on any
// path, one row of C (vector × matrix) or more (widening B into a pooled
// buffer).
func TestGemmBF16BNoAllocs(t *testing.T) {
	if raceDetector {
		t.Skip("the race detector makes sync.Pool drop buffers")
	}
	x := make([]float32, 100*300)
	w := make([]kernels.BFloat16, 300*200)
	c := make([]float32, 100*200)
	big := make([]kernels.BFloat16, 600*1030)
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		if a := testing.AllocsPerRun(20, func() {
			kernels.GemmBF16B(false, false, 1, 200, 300, 1, x, 300, w, 200, 1, c, 200)
			kernels.GemmBF16B(true, false, 1, 10, 300, 1, x, 1, w, 10, 0, c, 10)
			kernels.GemmBF16B(false, false, 100, 200, 300, 1, x, 300, w, 200, 0, c, 200)
			kernels.GemmBF16B(false, true, 1, 200, 300, 1, x, 300, w, 300, 0, c, 200)
			kernels.GemmBF16B(false, false, 1, 1030, 600, 1, x, 600, big, 1030, 0, c, 1030) // blocked
		}); a != 0 {
			t.Errorf("%v allocations per run, want 0", a)
		}
	})
}

// BenchmarkGemmBF16B times GemmBF16B against Gemm on the same values in
// float32 (impl=<path>-f32), on the shapes of batch-1 inference (m = 1:
// the layers of the 784-128-128-10 MNIST network, and a 4096×4096 layer
// whose float32 weights fill the L3 cache) and of batches of 4 (rows one
// at a time) and 8 (B widened).
func BenchmarkGemmBF16B(b *testing.B) {
	for _, sz := range [][3]int{{1, 128, 784}, {1, 128, 128}, {1, 10, 128}, {1, 4096, 4096}, {4, 128, 784}, {8, 128, 784}} {
		m, n, k := sz[0], sz[1], sz[2]
		r := rand.New(rand.NewPCG(1, uint64(n)))
		x, w32, c := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
		w16 := make([]kernels.BFloat16, k*n)
		for i := range x {
			x[i] = 2*r.Float32() - 1
		}
		for i := range w16 {
			w16[i] = kernels.BFloat16Of(2*r.Float32() - 1)
			w32[i] = w16[i].Float32()
		}
		for _, im := range dispatch.Runnable() {
			for _, w := range []struct {
				name string
				f    func()
			}{
				{"f32", func() { im.F32.Gemm(false, false, m, n, k, 1, x, k, w32, n, 0, c, n) }},
				{"bf16", func() { im.BF16.GemmB(false, false, m, n, k, 1, x, k, w16, n, 0, c, n) }},
			} {
				b.Run(fmt.Sprintf("shape=%dx%dx%d/impl=%s-%s", m, n, k, im.Name, w.name), func(b *testing.B) {
					b.ReportAllocs()
					w.f() // fill the pools
					for b.Loop() {
						w.f()
					}
					b.ReportMetric(2*float64(m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				})
			}
		}
	}
}
