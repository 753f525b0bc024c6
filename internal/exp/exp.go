// Package exp is simdkern's exponential: the constants of its range
// reduction and polynomial, and the algorithm written once in Go. The
// generic path of kernels.Exp, the reference (internal/ref) and the
// generators of the SIMD paths (asm/exp, asm/neon/exp) all take their
// constants from here, and every path performs exactly the operations of
// Of, so all give the same bits.
//
// For x clamped to [Lo, Hi] (NaN kept):
//
//	k  = (x·log2e + shifter) − shifter        k = round(x/ln2), to nearest even
//	r  = (x − k·c1) − k·c2                    Cody–Waite: ln2 = c1 + c2, k·c1 exact
//	z  = r·r
//	pe = Horner in z of P's even-degree terms, po of its odd-degree ones
//	y  = (((po·r + pe)·z) + r) + 1            e^r on |r| ≤ ln2/2
//	h  = k·0.5 + bias                         bias = 2^(m) + exponent bias: h's low
//	k1 = h − bias,  g = (k − k1) + bias       bits are k1 and g's are k2 = k − k1
//	e^x = (y·2^k1)·2^k2                       2^ki from h's and g's bits, shifted
//
// Each operation is rounded to T (no fused multiply-add). Splitting 2^k in
// two keeps both factors normal, so results that underflow to subnormals
// round once, gradually as math.Exp does; results past T's range overflow
// to +∞ in the last product, and x below Lo gives +0. NaN propagates
// through the arithmetic.
package exp

import (
	"math"
	"unsafe"
)

// Consts are the constants of the exponential in one element type.
type Consts[T float32 | float64] struct {
	Lo, Hi  T   // the clamp of x: e^Lo rounds to 0 and e^Hi to +∞ in T
	Log2e   T   // log2(e)
	Shifter T   // 1.5·2^m (m = 23 or 52): adding it rounds to an integer
	C1, C2  T   // ln2 = C1 + C2, C1 with few bits so that k·C1 is exact
	P       []T // the polynomial of (e^r − 1 − r)/r², highest degree first
	// Even and Odd are P's coefficients of even and of odd degree,
	// highest first: P(r) = Even(r²) + r·Odd(r²), two shorter chains.
	Even, Odd []T
	Half      T   // 0.5
	Bias      T   // 2^m + the exponent bias
	Shift     int // m: the bits of the mantissa
	One       T   // 1
}

// F32 are the float32 constants: Cephes's expf coefficients.
var F32 = Consts[float32]{
	Lo: -110, Hi: 89,
	Log2e:   math.Log2E,
	Shifter: 1.5 * (1 << 23),
	C1:      0.693359375, C2: -2.12194440e-4,
	P: []float32{
		1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3,
		4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1,
	},
	Half: 0.5, Bias: 1<<23 + 127, Shift: 23, One: 1,
}

// F64 are the float64 constants: the Taylor coefficients 1/13! … 1/2!, and
// fdlibm's split of ln2.
var F64 = Consts[float64]{
	Lo: -750, Hi: 710,
	Log2e:   math.Log2E,
	Shifter: 1.5 * (1 << 52),
	C1:      6.93147180369123816490e-01, C2: 1.90821492927058770002e-10,
	P:    taylor(13),
	Half: 0.5, Bias: 1<<52 + 1023, Shift: 52, One: 1,
}

func init() {
	F32.Even, F32.Odd = split(F32.P)
	F64.Even, F64.Odd = split(F64.P)
}

// split returns the coefficients of p (highest degree first, an even
// number of them) of even and of odd degree.
func split[T float32 | float64](p []T) (even, odd []T) {
	for i, q := range p {
		if (len(p)-1-i)%2 == 0 {
			even = append(even, q)
		} else {
			odd = append(odd, q)
		}
	}
	return even, odd
}

// taylor returns 1/n!, 1/(n−1)!, …, 1/2!.
func taylor(n int) []float64 {
	p := make([]float64, n-1)
	f := 1.0
	for i := 2; i <= n; i++ {
		f *= float64(i)
		p[n-i] = 1 / f
	}
	return p
}

// Float64 returns c's constants, each converted to float64 exactly: the
// generators' view of either type.
func (c *Consts[T]) Float64() Consts[float64] {
	w := Consts[float64]{Lo: float64(c.Lo), Hi: float64(c.Hi), Log2e: float64(c.Log2e), Shifter: float64(c.Shifter),
		C1: float64(c.C1), C2: float64(c.C2), Half: float64(c.Half), Bias: float64(c.Bias), Shift: c.Shift, One: float64(c.One)}
	for _, q := range c.P {
		w.P = append(w.P, float64(q))
	}
	w.Even, w.Odd = split(w.P)
	return w
}

// For returns the constants of T.
func For[T float32 | float64]() *Consts[T] {
	var t T
	if unsafe.Sizeof(t) == 4 {
		return any(&F32).(*Consts[T])
	}
	return any(&F64).(*Consts[T])
}

// Of returns e^x computed as the package comment describes.
func Of[T float32 | float64](c *Consts[T], x T) T {
	x = min(max(x, c.Lo), c.Hi)
	k := T(T(x*c.Log2e)+c.Shifter) - c.Shifter
	r := x - T(k*c.C1)
	r -= T(k * c.C2)
	z := T(r * r)
	pe, po := c.Even[0], c.Odd[0]
	for i := 1; i < len(c.Even); i++ {
		pe = T(pe*z) + c.Even[i]
		po = T(po*z) + c.Odd[i]
	}
	p := T(po*r) + pe
	y := T(T(p*z)+r) + c.One
	h := T(k*c.Half) + c.Bias
	g := k - (h - c.Bias) + c.Bias
	return T(y*pow2(h, c.Shift)) * pow2(g, c.Shift)
}

// pow2 returns the float whose exponent field is the low bits of h's
// mantissa: 2^(those bits − the exponent bias).
func pow2[T float32 | float64](h T, shift int) T {
	if unsafe.Sizeof(h) == 4 {
		return T(math.Float32frombits(math.Float32bits(float32(h)) << shift))
	}
	return T(math.Float64frombits(math.Float64bits(float64(h)) << shift))
}

// Sigmoid returns 1/(1 + e^−x): with e = Of(−|x|), 1/(1 + e) if x's sign
// bit is clear and e/(1 + e) if it is set, the sum and quotient rounded.
func Sigmoid[T float32 | float64](c *Consts[T], x T) T {
	e := Of(c, -abs(x))
	n := c.One
	if signbit(x) {
		n = e
	}
	return n / (c.One + e)
}

func abs[T float32 | float64](x T) T { return T(math.Abs(float64(x))) }

func signbit[T float32 | float64](x T) bool { return math.Signbit(float64(x)) }
