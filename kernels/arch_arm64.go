//go:build !purego

package kernels

import (
	"github.com/simdkern/simdkern/internal/cpu"
	"github.com/simdkern/simdkern/internal/dispatch"
)

// archImpls returns the arm64 SIMD path, marked with whether this CPU runs
// it. Each family of kernels fills in its own entries.
func archImpls(f cpu.Features) []*dispatch.Impl {
	neon := &dispatch.Impl{Name: "neon", Runs: f.NEON}
	vectorARM64(neon) // vector_arm64.go: Dot, Axpy, ColSum, ReLU, ReLUMask
	gemmARM64(neon)   // gemm_arm64.go: Gemm
	optimARM64(neon)  // optim_arm64.go: SGDMomentum, Adagrad, RMSprop, Adam
	expARM64(neon)    // exp_arm64.go: Exp, Sigmoid, Softmax
	bf16ARM64(neon)   // bf16_arm64.go: ToBFloat16, FromBFloat16, GemmBF16B
	return []*dispatch.Impl{neon}
}
