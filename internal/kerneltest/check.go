package kerneltest

import (
	"fmt"
	"math"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/ref"
)

// The Check functions compare one call of an implementation with the
// reference and return a description of the first difference, or nil. The
// systematic tests and the fuzz targets share them.

// CheckDot checks got = dot(x, y) against the accurate sum: NaN where the
// reference is NaN, the same infinity where it is infinite, and otherwise
// within γₙ·Σ|x[i]·y[i]| (plus n times T's smallest subnormal, for products
// that underflow). Sums whose terms could overflow T are order-dependent and
// are only checked for NaN.
func CheckDot[T dispatch.Float](got T, x, y []T) error {
	var s ref.Sum
	for i := range x {
		s.Add(float64(x[i]), float64(y[i]))
	}
	return checkSum(got, &s, len(x), 1, 0)
}

// checkSum checks got against s, a sum of n products that the kernel may
// round up to n+extra times, allowing slack more for intermediate results
// that underflow.
func checkSum[T dispatch.Float](got T, s *ref.Sum, n, extra int, slack float64) error {
	want := s.Value()
	g := float64(got)
	switch {
	case s.HasNaN():
		if !math.IsNaN(g) {
			return fmt.Errorf("got %v, want NaN", got)
		}
		return nil
	case s.Abs() > maxFloat[T]()/4:
		return nil // partial sums may overflow in an order-dependent way
	case math.IsNaN(want) || math.IsNaN(g):
		if math.IsNaN(want) != math.IsNaN(g) {
			return fmt.Errorf("got %v, want %v", got, want)
		}
		return nil
	case math.IsInf(want, 0):
		if g != want {
			return fmt.Errorf("got %v, want %v", got, want)
		}
		return nil
	}
	bound := ref.Gamma[T](n+extra)*s.Abs() + float64(n+extra)*smallest[T]() + slack + 0x1p-52*math.Abs(want)
	if math.IsInf(g, 0) || math.Abs(g-want) > bound {
		return fmt.Errorf("got %v, want %v ± %.3g (error %.3g)", got, want, bound, math.Abs(g-want))
	}
	return nil
}

// orderDependent reports whether the product x·y·z in T depends on the order
// of its factors beyond rounding: with finite factors, when the product or a
// partial product of two could overflow; with an infinite factor, when a
// partial product of the other two could underflow to zero (∞·0 is NaN).
func orderDependent[T dispatch.Float](x, y, z float64) bool {
	big, tiny := maxFloat[T]()/4, smallest[T]()
	f := []float64{math.Abs(x), math.Abs(y), math.Abs(z)}
	for i, v := range f {
		p, q := f[(i+1)%3], f[(i+2)%3]
		switch {
		case math.IsInf(v, 0):
			if p != 0 && q != 0 && p*q < 2*tiny {
				return true
			}
		case math.IsInf(p, 0) || math.IsInf(q, 0) || math.IsNaN(v+p+q):
		case p*q > big || v*p*q > big:
			return true
		}
	}
	return false
}

func maxFloat[T dispatch.Float]() float64 {
	if is32[T]() {
		return math.MaxFloat32
	}
	return math.MaxFloat64
}

func smallest[T dispatch.Float]() float64 {
	if is32[T]() {
		return math.SmallestNonzeroFloat32
	}
	return math.SmallestNonzeroFloat64
}

// sameBits reports whether a and b are the same value: identical bits, or
// both NaN when nanBits is false (arithmetic may pick either operand's NaN).
func sameBits[T dispatch.Float](a, b T, nanBits bool) bool {
	if !nanBits && a != a && b != b {
		return true
	}
	return bits(a) == bits(b)
}

func bits[T dispatch.Float](v T) uint64 {
	switch v := any(v).(type) {
	case float32:
		return uint64(math.Float32bits(v))
	case float64:
		return math.Float64bits(v)
	}
	panic("unreachable")
}

// firstDiff returns the first index where got and want differ (see
// sameBits), or -1.
func firstDiff[T dispatch.Float](got, want []T, nanBits bool) int {
	for i := range want {
		if !sameBits(got[i], want[i], nanBits) {
			return i
		}
	}
	return -1
}

func diffErr[T dispatch.Float](what string, got, want []T, nanBits bool) error {
	if i := firstDiff(got, want, nanBits); i >= 0 {
		return fmt.Errorf("%s[%d] = %v (%#x), want %v (%#x)", what, i, got[i], bits(got[i]), want[i], bits(want[i]))
	}
	return nil
}

// CheckAxpy checks y (after the call) against the reference applied to y0
// (y before the call): bit-identical, any NaN for NaN.
func CheckAxpy[T dispatch.Float](alpha T, x, y0, y []T) error {
	want := append([]T(nil), y0...)
	ref.Axpy(alpha, x, want)
	return diffErr("y", y, want, false)
}

// CheckReLU checks dst = ReLU(x): bit-identical, NaN payloads included.
func CheckReLU[T dispatch.Float](dst, x []T) error {
	want := make([]T, len(x))
	ref.ReLU(want, x)
	return diffErr("dst", dst, want, true)
}

// CheckReLUMask checks dst = ReLUMask(dy, z): bit-identical, NaN payloads
// included.
func CheckReLUMask[T dispatch.Float](dst, dy, z []T) error {
	want := make([]T, len(dy))
	ref.ReLUMask(want, dy, z)
	return diffErr("dst", dst, want, true)
}

// CheckColSum checks dst[:cols] = ColSum(a): bit-identical, any NaN for NaN.
func CheckColSum[T dispatch.Float](dst, a []T, rows, cols, lda int) error {
	want := make([]T, cols)
	ref.ColSum(want, a, rows, cols, lda)
	return diffErr("dst", dst[:cols], want, false)
}

// CheckGemm checks c (after the call) against alpha·op(A)·op(B) + beta·c0
// computed accurately, element by element as CheckDot does, allowing three
// roundings beyond the k products (alpha, beta·C and the final add). A
// product of three factors may round its first partial product into the
// subnormals, where the third factor scales the absolute error: the bound
// allows that too; and where the factors' order decides whether a term
// overflows or becomes NaN (see orderDependent), or the sum of op(A)·op(B)
// before scaling by alpha could overflow, the element is not checked. An
// infinite alpha makes every element ±∞ or NaN, which one depending on
// whether a path scales the products or their sum. With beta == 0, c0 is not used.
func CheckGemm[T dispatch.Float](transA, transB bool, m, n, k int, alpha T, a []T, lda int,
	b []T, ldb int, beta T, c0 []T, c []T, ldc int) error {
	at := func(i, l int) float64 {
		if transA {
			return float64(a[l*lda+i])
		}
		return float64(a[i*lda+l])
	}
	bt := func(l, j int) float64 {
		if transB {
			return float64(b[j*ldb+l])
		}
		return float64(b[l*ldb+j])
	}
	for i := range m {
		for j := range n {
			if math.IsInf(float64(alpha), 0) {
				if g := float64(c[i*ldc+j]); !math.IsNaN(g) && !math.IsInf(g, 0) {
					return fmt.Errorf("C(%d, %d) = %v with alpha = %v, want ±Inf or NaN", i, j, g, alpha)
				}
				continue
			}
			var s ref.Sum
			var slack, unscaled float64
			skip := false
			for l := range k {
				s.Add(float64(alpha)*at(i, l), bt(l, j))
				slack += math.Abs(float64(alpha)) + math.Abs(at(i, l)) + math.Abs(bt(l, j))
				unscaled += math.Abs(at(i, l) * bt(l, j))
				skip = skip || orderDependent[T](float64(alpha), at(i, l), bt(l, j))
			}
			// Paths that scale by alpha after summing op(A)·op(B) overflow
			// when that sum does.
			if skip || unscaled > maxFloat[T]()/4 {
				continue
			}
			if beta != 0 {
				s.Add(float64(beta), float64(c0[i*ldc+j]))
				slack += math.Abs(float64(beta)) + math.Abs(float64(c0[i*ldc+j]))
			}
			if err := checkSum(c[i*ldc+j], &s, k, 3, slack*smallest[T]()); err != nil {
				return fmt.Errorf("C(%d, %d): %v", i, j, err)
			}
		}
	}
	return nil
}
