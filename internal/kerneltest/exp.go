package kerneltest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/ref"
)

// CheckExp checks dst = Exp(x): the reference's bits, any NaN for NaN.
func CheckExp[T dispatch.Float](dst, x []T) error {
	want := make([]T, len(x))
	ref.Exp(want, x)
	return diffErr("dst", dst, want, false)
}

// CheckSigmoid checks dst = Sigmoid(x): the reference's bits, any NaN for
// NaN.
func CheckSigmoid[T dispatch.Float](dst, x []T) error {
	want := make([]T, len(x))
	ref.Sigmoid(want, x)
	return diffErr("dst", dst, want, false)
}

// CheckSoftmax checks dst = Softmax(x) against the reference in float64:
// NaN where it is NaN, and otherwise within the bound kernels.Softmax
// documents, a relative (len(x)+10)·u plus 2 of T's smallest subnormal.
func CheckSoftmax[T dispatch.Float](dst, x []T) error {
	want := ref.Softmax(x)
	rel := float64(len(x)+10) * ref.Unit[T]()
	for i, w := range want {
		g := float64(dst[i])
		if math.IsNaN(w) || math.IsNaN(g) {
			if math.IsNaN(w) != math.IsNaN(g) {
				return fmt.Errorf("dst[%d] = %v, want %v", i, g, w)
			}
			continue
		}
		if d := math.Abs(g - w); d > rel*w+2*smallest[T]() {
			return fmt.Errorf("dst[%d] = %v, want %v (error %.3g, bound %.3g)", i, g, w, d, rel*w+2*smallest[T]())
		}
	}
	return nil
}

// wide spreads the finite values of v over the range where e^x changes
// from 0 to +∞ in T and past it: [−2, 2) becomes [−120, 120) for float32
// and [−800, 800) for float64.
func wide[T dispatch.Float](v []T) []T {
	f := T(60)
	if !dispatch.Is32[T]() {
		f = 400
	}
	for i := range v {
		v[i] *= f
	}
	return v
}

// Exp tests an implementation of Exp, dst aliasing x included.
func Exp[T dispatch.Float](t *testing.T, exp func(dst, x []T)) {
	if err := unaryCases(exp, CheckExp[T], wide[T]); err != nil {
		t.Fatal(err)
	}
}

// Sigmoid tests an implementation of Sigmoid, dst aliasing x included.
func Sigmoid[T dispatch.Float](t *testing.T, sigmoid func(dst, x []T)) {
	if err := unaryCases(sigmoid, CheckSigmoid[T], wide[T]); err != nil {
		t.Fatal(err)
	}
}

// Softmax tests an implementation of Softmax, dst aliasing x included, on
// values in [−2, 2) and spread wide.
func Softmax[T dispatch.Float](t *testing.T, softmax func(dst, x []T)) {
	narrow := func(v []T) []T { return v }
	for _, spread := range []func([]T) []T{narrow, wide[T]} {
		if err := unaryCases(softmax, CheckSoftmax[T], spread); err != nil {
			t.Fatal(err)
		}
	}
}

// unaryCases runs f(dst, x) on every case of x = spread(generated values),
// and check on the result.
func unaryCases[T dispatch.Float](f func(dst, x []T), check func(dst, x []T) error, spread func([]T) []T) error {
	return each(1, func(r *rand.Rand, in *inputs[T], n, off int, g generator[T], p placement) error {
		x0 := spread(g.gen(r, n))
		x := in.place(0, x0, p, off)
		dst := newBanded[T](n, (off+2)%4)
		f(dst.s(), x)
		if err := errors(check(dst.s(), x0), unchanged("x", x, x0), dst.check("dst")); err != nil {
			return err
		}
		copy(dst.s(), x0)
		f(dst.s(), dst.s())
		if err := errors(check(dst.s(), x0), dst.check("dst")); err != nil {
			return fmt.Errorf("dst aliasing x: %v", err)
		}
		return nil
	})
}
