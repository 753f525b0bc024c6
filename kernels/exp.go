package kernels

import "github.com/simdkern/simdkern/internal/exp"

// Exp, Sigmoid and Softmax compute the exponential by one algorithm on
// every path: x is clamped to a range past which e^x is 0 or +∞ in T,
// reduced to r = x − k·ln2 with |r| ≤ ln2/2 (k an integer, ln2 split in
// two constants as Cody and Waite do), e^r is a polynomial in r (degree 7
// for float32, Cephes's coefficients; degree 13 for float64, Taylor's), and
// the result is scaled by 2^k in two steps, so that subnormal results are
// rounded once. Every operation is rounded to T, never fused, so every path
// (generic, avx2, avx512, neon) gives the same bits.
//
// Accuracy of e^x: within 1 ulp for float32 (against math.Exp in float64,
// checked at every 61st float32 of [−104, 89] and at the specials), within
// 2 ulps for float64 (against math.Exp, itself within 1 ulp; checked at
// random points of [−750, 710]). An ulp is that of the exact result, 2^−149
// or 2^−1074 for subnormal results, which are gradual, as math.Exp's.
// e^x overflows to +∞ for x > ln(MaxFloat) (88.72… for float32, 709.78…
// for float64) and underflows to +0 below ln of half the smallest
// subnormal (−103.97… and −745.13…); e^+∞ = +∞, e^−∞ = +0, and NaN gives
// NaN.

// Exp sets dst[i] = e^x[i] for each i. dst and x must have equal lengths;
// dst may be x itself but must not overlap it otherwise (Exp panics if it
// does).
func Exp[T Float](dst, x []T) {
	checkUnary("Exp", dst, x)
	use[T]().Exp(dst, x)
}

// Sigmoid sets dst[i] = 1/(1 + e^−x[i]) for each i, the logistic function.
// It is computed as Exp computes e = e^−|x[i]|, then 1/(1 + e) where x[i]'s
// sign bit is clear and e/(1 + e) where it is set, the sum and the quotient
// rounded: so no e^x overflows, and results for large negative x are as
// small as they should be, subnormal below about −87 (float32) or −708
// (float64), 0 past about −103.97 or −745.13. Within 2 ulps for float32 and
// 3 for float64; −∞ gives 0, +∞ gives 1 and NaN gives NaN. dst and x must
// have equal lengths; dst may be x itself but must not overlap it otherwise
// (Sigmoid panics if it does).
func Sigmoid[T Float](dst, x []T) {
	checkUnary("Sigmoid", dst, x)
	use[T]().Sigmoid(dst, x)
}

// Softmax sets dst to the softmax of x, dst[i] = e^(x[i]−m) / Σⱼ e^(x[j]−m)
// with m the largest x[j]: one row of a batch. Each x[i] − m is rounded to
// T and e^(x[i]−m) is computed as Exp computes it; the sum (in an order
// that depends on the path) is multiplied by its reciprocal. Against the
// exact softmax of the rounded differences, each dst[i] is within a
// relative (len(x) + 10)·u, u being T's unit roundoff (2^−24 or 2^−53),
// plus 2 of T's smallest subnormal for outputs that underflow. A row
// holding a NaN or +∞, or only −∞, gives a row of NaN, as in numpy.
//
// dst and x must have equal lengths; dst may be x itself but must not
// overlap it otherwise (Softmax panics if it does).
func Softmax[T Float](dst, x []T) {
	checkUnary("Softmax", dst, x)
	use[T]().Softmax(dst, x)
}

// checkUnary panics unless dst and x, the output and input of fn, have
// equal lengths and are the same slice or disjoint.
func checkUnary[T Float](fn string, dst, x []T) {
	if len(dst) != len(x) {
		panic(lengthError{fn, "dst", "x", len(dst), len(x)})
	}
	if partialOverlap(dst, x) {
		panic(overlapError{fn, "dst", "x"})
	}
}

func expGeneric[T Float](dst, x []T) {
	c := exp.For[T]()
	dst = dst[:len(x)]
	for i, v := range x {
		dst[i] = exp.Of(c, v)
	}
}

func sigmoidGeneric[T Float](dst, x []T) {
	c := exp.For[T]()
	dst = dst[:len(x)]
	for i, v := range x {
		dst[i] = exp.Sigmoid(c, v)
	}
}

func softmaxGeneric[T Float](dst, x []T) {
	if len(x) == 0 {
		return
	}
	c := exp.For[T]()
	dst = dst[:len(x)]
	m := x[0]
	for _, v := range x[1:] {
		if v > m {
			m = v
		}
	}
	var sum T
	for i, v := range x {
		e := exp.Of(c, v-m)
		dst[i] = e
		sum += e
	}
	s := 1 / sum
	for i := range dst {
		dst[i] *= s
	}
}
