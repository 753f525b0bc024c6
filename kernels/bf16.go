package kernels

import (
	"unsafe"

	"github.com/simdkern/simdkern/internal/bf16"
	"github.com/simdkern/simdkern/internal/dispatch"
)

// BFloat16 holds the bits of a bfloat16 number: the upper 16 bits of the
// float32 with the same value (1 sign bit, 8 exponent bits, 7 fraction
// bits). It is a storage type, half the bytes of a float32; convert with
// ToBFloat16 and FromBFloat16, or one value with BFloat16Of and its
// Float32 method.
type BFloat16 = bf16.BFloat16

// BFloat16Of returns f rounded to the nearest bfloat16, as ToBFloat16
// rounds it.
func BFloat16Of(f float32) BFloat16 { return bf16.FromFloat32(f) }

// ToBFloat16 sets dst[i] to x[i] rounded to the nearest bfloat16, ties to
// even. Subnormal values are rounded like any other (gradual underflow: not
// flushed to zero), values that round past the largest finite bfloat16
// become ±∞, and a NaN stays a NaN with the upper bits of its payload, made
// quiet. Every path gives the same bits. dst and x must have equal lengths
// and must not share memory (ToBFloat16 panics if they do).
func ToBFloat16(dst []BFloat16, x []float32) {
	checkConversion("ToBFloat16", dst, x)
	dispatch.Active().BF16.ToBF16(dst, x)
}

// FromBFloat16 sets dst[i] to x[i] as a float32, which is exact. dst and x
// must have equal lengths and must not share memory (FromBFloat16 panics
// if they do).
func FromBFloat16(dst []float32, x []BFloat16) {
	checkConversion("FromBFloat16", dst, x)
	dispatch.Active().BF16.FromBF16(dst, x)
}

// checkConversion panics unless dst and x, the output and input of fn,
// have equal lengths and share no memory.
func checkConversion[X, Y any](fn string, dst []X, x []Y) {
	if len(dst) != len(x) {
		panic(lengthError{fn, "dst", "x", len(dst), len(x)})
	}
	if overlapBytes(dst, x) {
		panic(overlapError{fn, "dst", "x"})
	}
}

// overlapBytes reports whether the memory of x and y intersects.
func overlapBytes[X, Y any](x []X, y []Y) bool {
	if len(x) == 0 || len(y) == 0 {
		return false
	}
	px, nx := uintptr(unsafe.Pointer(unsafe.SliceData(x))), uintptr(len(x))*unsafe.Sizeof(x[0])
	py, ny := uintptr(unsafe.Pointer(unsafe.SliceData(y))), uintptr(len(y))*unsafe.Sizeof(y[0])
	return px < py+ny && py < px+nx
}

// bf16Generic is the generic path's bfloat16 conversions; paths without
// conversions of their own run them too. Paths without a GemmBF16 of their
// own widen A and B with their conversions and run their Gemm.
var bf16Generic = dispatch.BF16Kernels{
	ToBF16:   toBF16Generic,
	FromBF16: fromBF16Generic,
}

func init() {
	for _, im := range impls {
		if im.BF16.ToBF16 == nil {
			im.BF16.ToBF16, im.BF16.FromBF16 = bf16Generic.ToBF16, bf16Generic.FromBF16
		}
		if im.BF16.Gemm == nil {
			im.BF16.Gemm = gemmBF16Widen(im.BF16.FromBF16, im.F32.Gemm)
		}
	}
}

func toBF16Generic(dst []BFloat16, x []float32) {
	dst = dst[:len(x)]
	for i, v := range x {
		dst[i] = bf16.FromFloat32(v)
	}
}

func fromBF16Generic(dst []float32, x []BFloat16) {
	dst = dst[:len(x)]
	for i, v := range x {
		dst[i] = v.Float32()
	}
}
