package kernels

import (
	"unsafe"

	"github.com/simdkern/simdkern/internal/dispatch"
)

// ReLU sets dst[i] = max(x[i], 0): x[i] when x[i] > 0, x[i] itself when it is
// NaN (payload kept), and +0 otherwise (−0 included). dst and x must have
// equal lengths; dst may be x itself but must not overlap it otherwise (ReLU
// panics if it does).
func ReLU[T Float](dst, x []T) {
	if len(dst) != len(x) {
		panic(lengthError{"ReLU", "dst", "x", len(dst), len(x)})
	}
	if partialOverlap(dst, x) {
		panic(overlapError{"ReLU", "dst", "x"})
	}
	use[T]().ReLU(dst, x)
}

// ReLUMask is ReLU's backward pass: dst[i] = dy[i] where z[i] > 0 and +0
// elsewhere, so a NaN in z gives 0 and a NaN in dy passes where z[i] > 0.
// dst, dy and z must have equal lengths; dst may be dy or z itself but must
// not overlap them otherwise (ReLUMask panics if it does).
func ReLUMask[T Float](dst, dy, z []T) {
	if len(dst) != len(dy) {
		panic(lengthError{"ReLUMask", "dst", "dy", len(dst), len(dy)})
	}
	if len(dst) != len(z) {
		panic(lengthError{"ReLUMask", "dst", "z", len(dst), len(z)})
	}
	if partialOverlap(dst, dy) {
		panic(overlapError{"ReLUMask", "dst", "dy"})
	}
	if partialOverlap(dst, z) {
		panic(overlapError{"ReLUMask", "dst", "z"})
	}
	use[T]().ReLUMask(dst, dy, z)
}

// The pure-Go ReLU and ReLUMask select bits under a mask rather than
// branching on the sign, which keeps them free of mispredictions on data
// whose signs are random, as a layer's pre-activations are.

func reluGeneric[T Float](dst, x []T) {
	if dispatch.Is32[T]() {
		reluBits(asBits[uint32](dst), x)
	} else {
		reluBits(asBits[uint64](dst), x)
	}
}

func reluMaskGeneric[T Float](dst, dy, z []T) {
	if dispatch.Is32[T]() {
		maskBits(asBits[uint32](dst), asBits[uint32](dy), z)
	} else {
		maskBits(asBits[uint64](dst), asBits[uint64](dy), z)
	}
}

// reluBits sets dst[i] to x[i]'s bits where x[i] > 0 or x[i] is NaN, and to
// +0 elsewhere.
func reluBits[U uint32 | uint64, T Float](dst []U, x []T) {
	v := asBits[U](x)
	for i := range dst {
		var m U
		if !(x[i] <= 0) {
			m = ^U(0)
		}
		dst[i] = v[i] & m
	}
}

// maskBits sets dst[i] = dy[i] where z[i] > 0 and +0 elsewhere.
func maskBits[U uint32 | uint64, T Float](dst, dy []U, z []T) {
	dy, z = dy[:len(dst)], z[:len(dst)]
	for i := range dst {
		var m U
		if z[i] > 0 {
			m = ^U(0)
		}
		dst[i] = dy[i] & m
	}
}

// asBits views v's elements as their bit patterns; U must have T's size.
func asBits[U uint32 | uint64, T Float](v []T) []U {
	return unsafe.Slice((*U)(unsafe.Pointer(unsafe.SliceData(v))), len(v))
}
