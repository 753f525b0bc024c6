package bf16

import (
	"math"
	"math/big"
	"testing"
)

// TestFromFloat32 checks FromFloat32 against round-to-nearest-even in
// math/big for every tie and its neighbours, and every rounding of a
// random sample, and NaN quieting.
func TestFromFloat32(t *testing.T) {
	check := func(u uint32) {
		f := math.Float32frombits(u)
		got := FromFloat32(f)
		if math.IsNaN(float64(f)) {
			if want := BFloat16(u>>16 | 0x40); got != want {
				t.Fatalf("FromFloat32(%#08x) = %#04x, want %#04x", u, got, want)
			}
			return
		}
		// Exact rounding to 8 significant bits with bfloat16's exponent
		// range (subnormals at 2^−133): big.Float rounds to a precision,
		// so below 2^−126 round to a multiple of 2^−133 instead.
		var want float64
		x := float64(f)
		if a := math.Abs(x); a != 0 && a < 0x1p-126 {
			want = math.RoundToEven(x*0x1p133) * 0x1p-133
		} else {
			b, _ := new(big.Float).SetPrec(8).SetMode(big.ToNearestEven).SetFloat64(x).Float64()
			want = b
			if math.Abs(want) > math.MaxFloat32 {
				want = math.Inf(int(u>>31)*-2 + 1)
			}
		}
		if g := float64(got.Float32()); g != want || math.Signbit(g) != math.Signbit(x) {
			t.Fatalf("FromFloat32(%#08x = %g) = %#04x (%g), want %g", u, f, got, g, want)
		}
	}
	for hi := range uint32(1 << 16) {
		for _, lo := range []uint32{0, 1, 0x7fff, 0x8000, 0x8001, 0xffff} {
			check(hi<<16 | lo)
		}
	}
}

// TestFloat32 checks that widening is exact and round-trips.
func TestFloat32(t *testing.T) {
	for b := range 1 << 16 {
		f := BFloat16(b).Float32()
		if u := math.Float32bits(f); u != uint32(b)<<16 {
			t.Fatalf("%#04x.Float32() has bits %#08x", b, u)
		}
		if !math.IsNaN(float64(f)) && FromFloat32(f) != BFloat16(b) {
			t.Fatalf("%#04x does not round-trip", b)
		}
	}
}
