package kernels_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
	"github.com/simdkern/simdkern/kernels"
)

// TestSigmoidAccuracy checks Sigmoid against 1/(1 + e^−x) in float64 (for
// float32) and against the same formula evaluated with math.Exp (for
// float64, whose reference is then within about 1.5 ulps itself), within
// the bound it documents, and its limits. Every path gives the bits of the
// reference (TestImpls), so the active path stands for all.
func TestSigmoidAccuracy(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	const n = 1 << 16
	x32, y32 := make([]float32, n), make([]float32, n)
	x64, y64 := make([]float64, n), make([]float64, n)
	for i := range n {
		x64[i] = 240*r.Float64() - 120
		if i%2 == 0 {
			x64[i] /= 16
		}
		x32[i] = float32(x64[i])
	}
	kernels.Sigmoid(y32, x32)
	kernels.Sigmoid(y64, x64)
	for i := range n {
		want := 1 / (1 + math.Exp(-float64(x32[i])))
		if u := ulps(float64(y32[i]), want, 23, -126); u > 2 {
			t.Errorf("float32 Sigmoid(%v) = %v, want %v: %.3g ulps", x32[i], y32[i], want, u)
		}
		want = 1 / (1 + math.Exp(-x64[i]))
		if u := ulps(y64[i], want, 52, -1022); u > 3 {
			t.Errorf("float64 Sigmoid(%v) = %v, want %v: %.3g ulps", x64[i], y64[i], want, u)
		}
	}
	inf := math.Inf(1)
	x := []float64{-inf, -1000, 0, 40, 1000, inf, math.NaN()}
	y := make([]float64, len(x))
	kernels.Sigmoid(y, x)
	for i, want := range []float64{0, 0, 0.5, 1, 1, 1, math.NaN()} {
		if y[i] != want && !(math.IsNaN(want) && math.IsNaN(y[i])) {
			t.Errorf("Sigmoid(%v) = %v, want %v", x[i], y[i], want)
		}
	}
}

// ulps returns |got − want| in units in the last place of want, in a type
// of mant mantissa bits and smallest normal exponent emin.
func ulps(got, want float64, mant, emin int) float64 {
	_, e := math.Frexp(want)
	return math.Abs(got-want) / math.Ldexp(1, max(e-1, emin)-mant)
}

func fuzzExp[T dispatch.Float](t *testing.T, k *dispatch.Kernels[T], x []T) {
	dst := make([]T, len(x))
	k.Exp(dst, x)
	if err := kerneltest.CheckExp(dst, x); err != nil {
		t.Fatalf("n=%d: %v", len(x), err)
	}
}

func FuzzExp(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzBoth(t, data, fuzzExp[float32], fuzzExp[float64]) })
}

func fuzzSigmoid[T dispatch.Float](t *testing.T, k *dispatch.Kernels[T], x []T) {
	dst := make([]T, len(x))
	k.Sigmoid(dst, x)
	if err := kerneltest.CheckSigmoid(dst, x); err != nil {
		t.Fatalf("n=%d: %v", len(x), err)
	}
}

func FuzzSigmoid(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzBoth(t, data, fuzzSigmoid[float32], fuzzSigmoid[float64]) })
}

func fuzzSoftmax[T dispatch.Float](t *testing.T, k *dispatch.Kernels[T], x []T) {
	dst := make([]T, len(x))
	k.Softmax(dst, x)
	if err := kerneltest.CheckSoftmax(dst, x); err != nil {
		t.Fatalf("n=%d: %v", len(x), err)
	}
}

func FuzzSoftmax(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzBoth(t, data, fuzzSoftmax[float32], fuzzSoftmax[float64]) })
}
