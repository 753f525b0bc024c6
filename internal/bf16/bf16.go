// Package bf16 holds the bfloat16 storage type and its scalar conversions,
// the definition every path of the conversion kernels must reproduce bit
// for bit. Package kernels exports the type as kernels.BFloat16.
package bf16

import "math"

// BFloat16 holds the bits of a bfloat16 number: the upper 16 bits of the
// float32 with the same value (1 sign bit, 8 exponent bits, 7 fraction
// bits). It is a storage type; arithmetic is done in float32.
type BFloat16 uint16

// FromFloat32 returns f rounded to the nearest bfloat16, ties to even. A
// NaN stays a NaN with the upper bits of its payload, made quiet; values
// past the largest finite bfloat16 after rounding become ±∞; subnormal
// float32 values are rounded as any other (gradual underflow, not flushed
// to zero).
func FromFloat32(f float32) BFloat16 {
	u := math.Float32bits(f)
	if u&0x7fff_ffff > 0x7f80_0000 {
		return BFloat16(u>>16 | 0x0040)
	}
	return BFloat16((u + 0x7fff + (u >> 16 & 1)) >> 16)
}

// Float32 returns b as a float32; every bfloat16 is exactly a float32.
func (b BFloat16) Float32() float32 { return math.Float32frombits(uint32(b) << 16) }
