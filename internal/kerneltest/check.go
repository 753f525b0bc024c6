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
// within the bound kernels.Dot documents, γₙ·Σ|x[i]·y[i]| plus n times T's
// smallest subnormal for products that underflow. Sums whose terms could
// overflow T are order-dependent and are only checked for NaN.
func CheckDot[T dispatch.Float](got T, x, y []T) error {
	var s ref.Sum
	for i := range x {
		s.Add(float64(x[i]), float64(y[i]))
	}
	return checkSum(got, &s, ref.Gamma[T](len(x))*s.Abs()+float64(len(x))*smallest[T]())
}

// checkSum checks got against s within bound.
func checkSum[T dispatch.Float](got T, s *ref.Sum, bound float64) error {
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
	if d := s.Dist(g); math.IsInf(g, 0) || d > bound {
		return fmt.Errorf("got %v, want %v ± %.3g (error %.3g)", got, want, bound, d)
	}
	return nil
}

func maxFloat[T dispatch.Float]() float64 {
	if dispatch.Is32[T]() {
		return math.MaxFloat32
	}
	return math.MaxFloat64
}

func smallest[T dispatch.Float]() float64 {
	if dispatch.Is32[T]() {
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
	if dispatch.Is32[T]() {
		return uint64(math.Float32bits(float32(v)))
	}
	return math.Float64bits(float64(v))
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

// CheckGemm checks c (after the call) against alpha·S + beta·c0, S the
// accurate op(A)·op(B), within the bound kernels.Gemm documents:
// γₖ₊₂·(|alpha|·Σₗ|A(i,l)·B(l,j)| + |beta·c0(i,j)|), plus (|alpha|·k + 2)
// times T's smallest subnormal for terms that underflow. Elements whose
// terms or sum could overflow T, where the order of the additions decides
// between a finite result and ±∞ or NaN, are checked for NaN only. An
// infinite alpha makes every element ±∞ or NaN, which one depending on the
// order of cancellation in S. With beta == 0, c0 is not used.
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
			var prod, s ref.Sum
			for l := range k {
				prod.Add(at(i, l), bt(l, j))
			}
			s.AddScaled(float64(alpha), &prod)
			if beta != 0 {
				s.Add(float64(beta), float64(c0[i*ldc+j]))
			}
			if prod.Abs() > maxFloat[T]()/4 {
				// Paths sum op(A)·op(B) before scaling by alpha, so they
				// overflow, or not, where that sum does.
				if s.HasNaN() && !math.IsNaN(float64(c[i*ldc+j])) {
					return fmt.Errorf("C(%d, %d) = %v, want NaN", i, j, c[i*ldc+j])
				}
				continue
			}
			bound := ref.Gamma[T](k+2)*s.Abs() + (math.Abs(float64(alpha))*float64(k)+2)*smallest[T]()
			if err := checkSum(c[i*ldc+j], &s, bound); err != nil {
				return fmt.Errorf("C(%d, %d): %v", i, j, err)
			}
		}
	}
	return nil
}
