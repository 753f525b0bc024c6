package kernels

import "github.com/simdkern/simdkern/internal/dispatch"

// gemmAMD64 sets Gemm of the amd64 paths.
// PLACEHOLDER until the packed Avo GEMM lands (issue 4): generic code.
func gemmAMD64(avx512, avx2 *dispatch.Impl) {
	for _, im := range []*dispatch.Impl{avx512, avx2} {
		im.F32.Gemm, im.F64.Gemm = gemmGeneric[float32], gemmGeneric[float64]
	}
}
