// Package ref holds simdkern's reference kernels: textbook loops, written for
// obviousness rather than speed, that every implementation (the pure-Go path
// included) is tested against.
//
// The element-wise kernels and ColSum are exact (every implementation must
// give the same bits); for Dot and Gemm, Sum returns an accurate value and the
// bound an implementation's error must stay within.
package ref

import (
	"math"

	"github.com/simdkern/simdkern/internal/dispatch"
)

// Axpy sets y[i] += round(alpha·x[i]).
func Axpy[T dispatch.Float](alpha T, x, y []T) {
	for i := range x {
		p := T(alpha * x[i])
		y[i] += p
	}
}

// ReLU sets dst[i] to x[i] if x[i] > 0 or x[i] is NaN, and to +0 otherwise.
func ReLU[T dispatch.Float](dst, x []T) {
	for i := range x {
		if x[i] > 0 || math.IsNaN(float64(x[i])) {
			dst[i] = x[i]
		} else {
			dst[i] = 0
		}
	}
}

// ReLUMask sets dst[i] to dy[i] if z[i] > 0 and to +0 otherwise.
func ReLUMask[T dispatch.Float](dst, dy, z []T) {
	for i := range dst {
		if z[i] > 0 {
			dst[i] = dy[i]
		} else {
			dst[i] = 0
		}
	}
}

// ColSum sets dst[j] to the sum of column j of the rows×cols matrix a, adding
// the rows in order starting from the first; +0 when rows == 0.
func ColSum[T dispatch.Float](dst, a []T, rows, cols, lda int) {
	for j := range cols {
		var s T
		for i := range rows {
			if i == 0 {
				s = a[j]
			} else {
				s += a[i*lda+j]
			}
		}
		dst[j] = s
	}
}

// The optimizer steps round every operation to T in the order written, a
// product never fused into the sum or difference it feeds (the conversions
// force that on architectures whose compilers fuse): every implementation
// of kernels.SGDMomentum, Adagrad, RMSprop and Adam gives their bits.

// SGDMomentum sets u[i] = momentum·u[i] − rate·g[i], then w[i] += u[i].
func SGDMomentum[T dispatch.Float](rate, momentum T, w, g, u []T) {
	for i := range w {
		u[i] = T(momentum*u[i]) - T(rate*g[i])
		w[i] += u[i]
	}
}

// Adagrad sets c[i] += g[i]², then w[i] −= rate·g[i] / (√c[i] + epsilon).
func Adagrad[T dispatch.Float](rate, epsilon T, w, g, c []T) {
	for i := range w {
		c[i] += T(g[i] * g[i])
		w[i] -= T(rate*g[i]) / (sqrt(c[i]) + epsilon)
	}
}

// RMSprop sets c[i] = rho·c[i] + ((1−rho)·g[i])·g[i], then
// w[i] −= rate·g[i] / (√c[i] + epsilon).
func RMSprop[T dispatch.Float](rate, rho, epsilon T, w, g, c []T) {
	for i := range w {
		c[i] = T(rho*c[i]) + T(T((1-rho)*g[i])*g[i])
		w[i] -= T(rate*g[i]) / (sqrt(c[i]) + epsilon)
	}
}

// Adam sets m[i] = beta1·m[i] + (1−beta1)·g[i],
// v[i] = beta2·v[i] + ((1−beta2)·g[i])·g[i], then
// w[i] −= rate·(m[i]/c1) / (√(v[i]/c2) + epsilon).
func Adam[T dispatch.Float](rate, beta1, beta2, epsilon, c1, c2 T, w, g, m, v []T) {
	for i := range w {
		m[i] = T(beta1*m[i]) + T((1-beta1)*g[i])
		v[i] = T(beta2*v[i]) + T(T((1-beta2)*g[i])*g[i])
		w[i] -= T(rate*(m[i]/c1)) / (sqrt(v[i]/c2) + epsilon)
	}
}

// sqrt is the correctly rounded square root in T (the square root of a
// float32 in float64, rounded to float32, is correctly rounded).
func sqrt[T dispatch.Float](x T) T { return T(math.Sqrt(float64(x))) }

// Unit returns the unit roundoff of T: 2⁻²⁴ for float32, 2⁻⁵³ for float64.
func Unit[T dispatch.Float]() float64 {
	if dispatch.Is32[T]() {
		return 0x1p-24
	}
	return 0x1p-53
}

// Gamma returns γₙ = n·u/(1−n·u) for T's unit roundoff u: the bound on the
// relative error of any sum of n rounded terms.
func Gamma[T dispatch.Float](n int) float64 {
	nu := float64(n) * Unit[T]()
	return nu / (1 - nu)
}

// Sum accumulates Σ terms accurately: Add uses error-free transformations
// (Ogita, Rump and Oishi's Dot2), so Value is correct to about twice float64
// precision, far below any float32 or float64 kernel's error.
type Sum struct {
	hi, lo float64
	abs    float64
	nan    bool
	posInf bool
	negInf bool
}

// Add adds x·y to the sum.
func (s *Sum) Add(x, y float64) {
	p := float64(x * y) // rounded here: a compiler may not fuse it into the sums below
	switch {
	case math.IsInf(p, 0) && !math.IsInf(x, 0) && !math.IsInf(y, 0):
		// A finite product that overflows: whether the kernel's sum does too
		// depends on its order and on fused multiply-adds, so only the scale
		// records it.
		s.abs = math.Inf(1)
		return
	case math.IsNaN(p):
		s.nan = true
		return
	case math.IsInf(p, 1):
		s.posInf = true
		return
	case math.IsInf(p, -1):
		s.negInf = true
		return
	}
	e := math.FMA(x, y, -p) // p + e == x·y exactly
	hi := s.hi + p
	bb := hi - s.hi
	s.lo += (s.hi - (hi - bb)) + (p - bb) + e
	s.hi = hi
	s.abs += math.Abs(p)
}

// Value returns the sum: NaN if a term was NaN or the terms hold both +∞ and
// −∞, ±∞ if they hold one infinity, and the accurate finite sum otherwise.
func (s *Sum) Value() float64 {
	switch {
	case s.nan || s.posInf && s.negInf:
		return math.NaN()
	case s.posInf:
		return math.Inf(1)
	case s.negInf:
		return math.Inf(-1)
	}
	return s.hi + s.lo
}

// AddScaled adds alpha·t to s: alpha times t's accurate value, NaN and ±∞
// included, with alpha·Σ|t's terms| added to the scale.
func (s *Sum) AddScaled(alpha float64, t *Sum) {
	switch {
	case t.nan || t.posInf && t.negInf:
		s.nan = true
	case t.posInf || t.negInf:
		s.Add(alpha, t.Value())
	case math.IsInf(t.abs, 1):
		s.abs = t.abs
	default:
		abs := s.abs + math.Abs(alpha)*t.abs
		s.Add(alpha, t.hi)
		s.Add(alpha, t.lo)
		s.abs = max(s.abs, abs) // +∞ if alpha·t overflowed
	}
}

// Dist returns |g − s| for a finite sum s, without first rounding s to
// float64.
func (s *Sum) Dist(g float64) float64 { return math.Abs((g - s.hi) - s.lo) }

// HasNaN reports whether a term was NaN (the sum is NaN in any order).
func (s *Sum) HasNaN() bool { return s.nan }

// Abs returns Σ|terms| of the finite terms, the scale of the error bound;
// +∞ if a product of finite factors overflowed.
func (s *Sum) Abs() float64 { return s.abs }

// Dot returns the accurate sum of x[i]·y[i] and Σ|x[i]·y[i]|.
func Dot[T dispatch.Float](x, y []T) (sum, abs float64) {
	var s Sum
	for i := range x {
		s.Add(float64(x[i]), float64(y[i]))
	}
	return s.Value(), s.Abs()
}
