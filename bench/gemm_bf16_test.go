package bench

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/simdkern/simdkern/kernels"
)

// benchGemmBF16Square times GemmBF16 (bfloat16 A and B, float32 C) as
// benchGemmSquare times Gemm, on every simdkern path this CPU runs (the
// avx512 path on VDPBF16PS where the CPU has AVX512_BF16, the others
// widening to float32): layout NN at n = 256 by default, every layout at
// n = 64 … 1024 with -bench.full. PyTorch's bfloat16 matmul
// (bench/torch_baseline.py, layout NN, n = 256, 512, 1024) is the peer,
// impl=torch.
func benchGemmBF16Square(b *testing.B) {
	sizes := sweep([]int{256}, []int{64, 128, 256, 512, 1024})
	for _, l := range sweep(gemmLayouts[:1], gemmLayouts) {
		b.Run("layout="+l.name, func(b *testing.B) {
			for _, im := range paths() {
				b.Run("impl="+im.Name, func(b *testing.B) {
					for _, n := range sizes {
						b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
							r := rand.New(rand.NewPCG(uint64(n), uint64(n)))
							fill := func(s []kernels.BFloat16) []kernels.BFloat16 {
								for i := range s {
									s[i] = kernels.BFloat16Of(2*r.Float32() - 1)
								}
								return s
							}
							a, bm, c := fill(make([]kernels.BFloat16, n*n)), fill(make([]kernels.BFloat16, n*n)), make([]float32, n*n)
							gemm := im.BF16.Gemm
							gemm(l.transA, l.transB, n, n, n, 1, a, n, bm, n, 0, c, n) // allocate pooled buffers
							b.ReportAllocs()
							for b.Loop() {
								gemm(l.transA, l.transB, n, n, n, 1, a, n, bm, n, 0, c, n)
							}
							reportGFLOPs(b, 2*float64(n)*float64(n)*float64(n))
						})
					}
				})
			}
		})
	}
}
