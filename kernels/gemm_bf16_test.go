package kernels_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
	"github.com/simdkern/simdkern/kernels"
)

// TestGemmBF16 runs the harness on the GemmBF16 of every path this CPU
// runs (on VDPBF16PS where the path has it; TestGemmBF16Widen tests the
// widening one of every path).
func TestGemmBF16(t *testing.T) {
	for _, im := range dispatch.Runnable() {
		t.Run(im.Name, func(t *testing.T) { kerneltest.GemmBF16(t, im.BF16.Gemm) })
	}
}

// TestGemmBF16Parallel checks that a product split between goroutines has
// the bits of the serial one, on every path.
func TestGemmBF16Parallel(t *testing.T) {
	const m, n, k = 150, 300, 200
	r := rand.New(rand.NewPCG(7, 8))
	a, b := make([]kernels.BFloat16, m*k), make([]kernels.BFloat16, k*n)
	for i := range a {
		a[i] = kernels.BFloat16Of(2*r.Float32() - 1)
	}
	for i := range b {
		b[i] = kernels.BFloat16Of(2*r.Float32() - 1)
	}
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		serial, split := make([]float32, m*n), make([]float32, m*n)
		defer kernels.SetParallelism(kernels.SetParallelism(1))
		kernels.GemmBF16(false, true, m, n, k, 1.5, a, k, b, k, 0, serial, n)
		kernels.SetParallelism(4)
		kernels.GemmBF16(false, true, m, n, k, 1.5, a, k, b, k, 0, split, n)
		for i := range serial {
			if math.Float32bits(serial[i]) != math.Float32bits(split[i]) {
				t.Fatalf("C[%d] = %v split, %v serial", i, split[i], serial[i])
			}
		}
	})
}
