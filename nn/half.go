package nn

import "math"

// The 16-bit formats of safetensors files, widened to float32 exactly:
// every F16 (IEEE binary16) and BF16 (bfloat16) value is a float32.

// bf16ToFloat32 returns the value of the bfloat16 b: its bits are the high
// half of the float32's, NaN payloads and signs included.
func bf16ToFloat32(b uint16) float32 {
	return math.Float32frombits(uint32(b) << 16)
}

// f16ToFloat32 returns the value of the IEEE binary16 h (1 sign bit, 5
// exponent bits biased by 15, 10 fraction bits): subnormals become normal
// float32s, ±∞ stay ±∞, and a NaN keeps its sign and payload (shifted to
// the top of the float32 fraction, as hardware conversions do).
func f16ToFloat32(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f: // ∞ or NaN
		return math.Float32frombits(sign | 0xff<<23 | frac<<13)
	case exp != 0: // normal
		return math.Float32frombits(sign | (exp+127-15)<<23 | frac<<13)
	case frac == 0: // ±0
		return math.Float32frombits(sign)
	}
	// Subnormal: frac·2⁻²⁴, normalised so that its leading 1 is implicit.
	e := uint32(127 - 15 + 1)
	for frac&0x400 == 0 {
		frac <<= 1
		e--
	}
	return math.Float32frombits(sign | e<<23 | (frac&0x3ff)<<13)
}
