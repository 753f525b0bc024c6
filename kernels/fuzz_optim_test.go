package kernels_test

import (
	"slices"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
)

// The optimizer fuzz targets take the step's scalars from the first values
// (any bits: NaN, ±∞, negative rates and betas) and split the rest into w,
// g and the state, and compare every path with the reference bit for bit.

// optimInput splits v into scalars values and parts equal-length slices,
// or reports false if v is too short for the scalars.
func optimInput[T dispatch.Float](v []T, scalars, parts int) ([]T, [][]T, bool) {
	if len(v) < scalars {
		return nil, nil, false
	}
	sc, v := v[:scalars], v[scalars:]
	n := len(v) / parts
	s := make([][]T, parts)
	for i := range s {
		s[i] = v[i*n : (i+1)*n : (i+1)*n]
	}
	return sc, s, true
}

// failStep fails t, describing the case with format and args, if err is
// not nil or the step changed g (s[1], in[1] before the step).
func failStep[T dispatch.Float](t *testing.T, in, s [][]T, err error, format string, args ...any) {
	if err == nil {
		err = kerneltest.Diff("g", s[1], in[1])
	}
	if err != nil {
		t.Fatalf(format+": %v", append(args, err)...)
	}
}

// clones returns copies of s.
func clones[T dispatch.Float](s [][]T) [][]T {
	c := make([][]T, len(s))
	for i := range s {
		c[i] = slices.Clone(s[i])
	}
	return c
}

func fuzzSGDMomentum[T dispatch.Float](t *testing.T, k *dispatch.Kernels[T], v []T) {
	sc, in, ok := optimInput(v, 2, 3)
	if !ok {
		return
	}
	s := clones(in)
	k.SGDMomentum(sc[0], sc[1], s[0], s[1], s[2])
	failStep(t, in, s, kerneltest.CheckSGDMomentum(sc[0], sc[1], in[1], in[0], in[2], s[0], s[2]), "n=%d rate=%v momentum=%v", len(s[0]), sc[0], sc[1])
}

func FuzzSGDMomentum(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzBoth(t, data, fuzzSGDMomentum[float32], fuzzSGDMomentum[float64]) })
}

func fuzzAdagrad[T dispatch.Float](t *testing.T, k *dispatch.Kernels[T], v []T) {
	sc, in, ok := optimInput(v, 2, 3)
	if !ok {
		return
	}
	s := clones(in)
	k.Adagrad(sc[0], sc[1], s[0], s[1], s[2])
	failStep(t, in, s, kerneltest.CheckAdagrad(sc[0], sc[1], in[1], in[0], in[2], s[0], s[2]), "n=%d rate=%v epsilon=%v", len(s[0]), sc[0], sc[1])
}

func FuzzAdagrad(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzBoth(t, data, fuzzAdagrad[float32], fuzzAdagrad[float64]) })
}

func fuzzRMSprop[T dispatch.Float](t *testing.T, k *dispatch.Kernels[T], v []T) {
	sc, in, ok := optimInput(v, 3, 3)
	if !ok {
		return
	}
	s := clones(in)
	k.RMSprop(sc[0], sc[1], sc[2], s[0], s[1], s[2])
	failStep(t, in, s, kerneltest.CheckRMSprop(sc[0], sc[1], sc[2], in[1], in[0], in[2], s[0], s[2]), "n=%d rate=%v rho=%v epsilon=%v", len(s[0]), sc[0], sc[1], sc[2])
}

func FuzzRMSprop(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzBoth(t, data, fuzzRMSprop[float32], fuzzRMSprop[float64]) })
}

func fuzzAdam[T dispatch.Float](t *testing.T, k *dispatch.Kernels[T], v []T) {
	sc, in, ok := optimInput(v, 6, 4)
	if !ok {
		return
	}
	s := clones(in)
	k.Adam(sc[0], sc[1], sc[2], sc[3], sc[4], sc[5], s[0], s[1], s[2], s[3])
	failStep(t, in, s, kerneltest.CheckAdam(sc[0], sc[1], sc[2], sc[3], sc[4], sc[5], in[1], in[0], in[2], in[3], s[0], s[2], s[3]), "n=%d rate=%v beta1=%v beta2=%v epsilon=%v c1=%v c2=%v", len(s[0]), sc[0], sc[1], sc[2], sc[3], sc[4], sc[5])
}

func FuzzAdam(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzBoth(t, data, fuzzAdam[float32], fuzzAdam[float64]) })
}
