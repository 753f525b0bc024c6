//go:build (amd64 || arm64) && !purego

package kernels

import (
	"unsafe"

	"github.com/simdkern/simdkern/internal/dispatch"
)

// bf16Kernels returns conversions that run to and from, assembly kernels
// converting whole blocks of lanes elements, on the blocks and the generic
// loops on the rest.
func bf16Kernels(lanes int, to func([]uint16, []float32), from func([]float32, []uint16)) dispatch.BF16Kernels {
	return dispatch.BF16Kernels{
		ToBF16: func(dst []BFloat16, x []float32) {
			n := len(x) / lanes * lanes
			to(bits16(dst[:n]), x[:n])
			toBF16Generic(dst[n:len(x)], x[n:])
		},
		FromBF16: func(dst []float32, x []BFloat16) {
			n := len(x) / lanes * lanes
			from(dst[:n], bits16(x[:n]))
			fromBF16Generic(dst[n:len(x)], x[n:])
		},
	}
}

// bits16 returns s as its bits.
func bits16(s []BFloat16) []uint16 { return unsafe.Slice((*uint16)(unsafe.SliceData(s)), len(s)) }
