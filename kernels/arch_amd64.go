//go:build !purego

package kernels

import (
	"github.com/simdkern/simdkern/internal/cpu"
	"github.com/simdkern/simdkern/internal/dispatch"
)

// archImpls returns the amd64 SIMD paths, best first, each marked with
// whether this CPU runs it, built from features f (already lowered by
// SIMDKERN_ISA). Each family of kernels fills in its own entries.
func archImpls(f cpu.Features) []*dispatch.Impl {
	avx512 := &dispatch.Impl{Name: "avx512", Runs: f.AVX512}
	avx2 := &dispatch.Impl{Name: "avx2", Runs: f.AVX2}
	vectorAMD64(avx512, avx2)  // vector_amd64.go: Dot, Axpy, ColSum, ReLU, ReLUMask
	gemmAMD64(avx512, avx2)    // gemm_amd64.go: Gemm
	optimAMD64(avx512, avx2)   // optim_amd64.go: SGDMomentum, Adagrad, RMSprop, Adam
	expAMD64(avx512, avx2)     // exp_amd64.go: Exp, Sigmoid, Softmax
	bf16AMD64(f, avx512, avx2) // bf16_amd64.go: ToBFloat16, FromBFloat16, GemmBF16
	bf16mvAMD64(avx512, avx2)  // gemm_bf16b_amd64.go: GemmBF16B
	return []*dispatch.Impl{avx512, avx2}
}
