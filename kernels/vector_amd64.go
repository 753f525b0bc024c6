package kernels

import "github.com/simdkern/simdkern/internal/dispatch"

// vectorAMD64 sets the vector kernels of the amd64 paths.
// PLACEHOLDER until the Avo kernels land (issue 3): generic code.
func vectorAMD64(avx512, avx2 *dispatch.Impl) {
	for _, im := range []*dispatch.Impl{avx512, avx2} {
		g32, g64 := genericKernels[float32](), genericKernels[float64]()
		im.F32.Dot, im.F32.Axpy, im.F32.ColSum, im.F32.ReLU, im.F32.ReLUMask = g32.Dot, g32.Axpy, g32.ColSum, g32.ReLU, g32.ReLUMask
		im.F64.Dot, im.F64.Axpy, im.F64.ColSum, im.F64.ReLU, im.F64.ReLUMask = g64.Dot, g64.Axpy, g64.ColSum, g64.ReLU, g64.ReLUMask
	}
}
