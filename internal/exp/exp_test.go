package exp

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Bound32 and Bound64 are the errors Of stays within, in units in the last
// place of the exact e^x (2^−149 for float32 subnormals, 2^−1074 for
// float64's): for float32 against math.Exp in float64 (whose own error is
// negligible there), for float64 against math.Exp itself (< 1 ulp).
const (
	Bound32 = 1
	Bound64 = 2
)

// ulpErr returns |got − want| in ulps of want in a type of mant mantissa
// bits and minimum exponent emin.
func ulpErr(got, want float64, mant, emin int) float64 {
	_, e := math.Frexp(want)
	e = max(e-1, emin)
	return math.Abs(got-want) / math.Ldexp(1, e-mant)
}

// check32 checks Of at x against math.Exp.
func check32(t *testing.T, x float32) {
	got := Of(&F32, x)
	want := math.Exp(float64(x))
	switch {
	case math.IsNaN(float64(x)):
		if got == got {
			t.Fatalf("Of(%v) = %v, want NaN", x, got)
		}
	case want > math.MaxFloat32*(1+0x1p-25):
		if !math.IsInf(float64(got), 1) {
			t.Fatalf("Of(%v) = %v, want +Inf", x, got)
		}
	default:
		if u := ulpErr(float64(got), want, 23, -126); u > Bound32 {
			t.Fatalf("Of(%v) = %v, want %v: %.3g ulp", x, got, want, u)
		}
	}
}

// TestFloat32 checks every 61st float32 in [−104, 89], where e^x is
// neither 0 nor +∞ in float32, the specials, and the ends of the range.
func TestFloat32(t *testing.T) {
	stride := uint32(61)
	if testing.Short() {
		stride = 997
	}
	for _, r := range [][2]float32{{0, 89}, {-104, 0}} {
		for b := math.Float32bits(r[0]); ; b += stride {
			x := math.Float32frombits(b)
			if x < r[0] || x > r[1] {
				break
			}
			check32(t, x)
		}
	}
	for _, x := range []float32{0, float32(math.Copysign(0, -1)), 1, -1, 88.72283, 88.72284, 89, -87.33655, -103.97207, -103.97208, -104, -110, -1e30, 1e30,
		float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), math.Float32frombits(0xff800001), 1e-45, -1e-45} {
		check32(t, x)
	}
	if got := Of(&F32, float32(math.Inf(-1))); got != 0 || math.Signbit(float64(got)) {
		t.Errorf("Of(−Inf) = %v, want +0", got)
	}
}

// TestFloat64 checks random float64 across [−750, 710] against math.Exp,
// and the specials.
func TestFloat64(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	n := 4 << 20
	if testing.Short() {
		n = 1 << 16
	}
	xs := []float64{0, math.Copysign(0, -1), 1, -1, 709.78, 709.79, 710, -708.3964185322641, -745.1332191019411, -745.1332191019412, -750, -1e300, 1e300,
		math.Inf(1), math.Inf(-1), math.NaN(), 5e-324}
	for i := range n {
		x := 1460*r.Float64() - 750
		if i%4 == 0 {
			x = math.Ldexp(r.Float64()-0.5, r.IntN(12)-10) // near 0
		}
		xs = append(xs, x)
	}
	for _, x := range xs {
		got, want := Of(&F64, x), math.Exp(x)
		switch {
		case math.IsInf(want, 1) && x < 709.782712893384:
			// math.Exp on amd64 overflows early, from about 709.78.
			if math.IsInf(got, 0) || got < math.MaxFloat64/2 {
				t.Fatalf("Of(%v) = %v, want about MaxFloat64", x, got)
			}
		case math.IsNaN(x) || math.IsInf(want, 0):
			if got != want && !(got != got && x != x) {
				t.Fatalf("Of(%v) = %v, want %v", x, got, want)
			}
		default:
			if u := ulpErr(got, want, 52, -1022); u > Bound64 {
				t.Fatalf("Of(%v) = %v, want %v: %.3g ulp", x, got, want, u)
			}
		}
	}
}
