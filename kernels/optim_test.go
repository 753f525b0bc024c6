package kernels_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/simdkern/simdkern/internal/kerneltest"
	"github.com/simdkern/simdkern/internal/ref"
	"github.com/simdkern/simdkern/kernels"
)

// TestOptimPanics checks that the steps name the function and the sizes or
// slices on mismatched lengths and on slices that share memory, the same
// slice twice included, and accept adjacent ones.
func TestOptimPanics(t *testing.T) {
	f := make([]float32, 16)
	a, b, c, d := f[0:4], f[4:8], f[8:12], f[12:16]
	for _, tc := range []struct {
		name string
		call func()
		want string
	}{
		{"SGDMomentum g", func() { kernels.SGDMomentum(1, 0.9, a, f[4:7], c) }, "kernels.SGDMomentum: len(w) = 4, len(g) = 3: lengths differ"},
		{"SGDMomentum u", func() { kernels.SGDMomentum(1, 0.9, a, b, f[8:13]) }, "kernels.SGDMomentum: len(w) = 4, len(u) = 5: lengths differ"},
		{"Adagrad c", func() { kernels.Adagrad(1, 1e-7, a, b, f[8:10]) }, "kernels.Adagrad: len(w) = 4, len(c) = 2: lengths differ"},
		{"RMSprop g", func() { kernels.RMSprop(1, 0.9, 1e-7, a, f[4:5], c) }, "kernels.RMSprop: len(w) = 4, len(g) = 1: lengths differ"},
		{"Adam m", func() { kernels.Adam(1, 0.9, 0.999, 1e-7, 0.1, 0.001, a, b, f[8:11], d) }, "kernels.Adam: len(w) = 4, len(m) = 3: lengths differ"},
		{"Adam v", func() { kernels.Adam(1, 0.9, 0.999, 1e-7, 0.1, 0.001, a, b, c, f[12:13]) }, "kernels.Adam: len(w) = 4, len(v) = 1: lengths differ"},
		{"SGDMomentum w is g", func() { kernels.SGDMomentum(1, 0.9, a, a, c) }, "kernels.SGDMomentum: w and g overlap"},
		{"SGDMomentum g overlaps u", func() { kernels.SGDMomentum(1, 0.9, a, b, f[7:11]) }, "kernels.SGDMomentum: g and u overlap"},
		{"Adagrad w overlaps c", func() { kernels.Adagrad(1, 1e-7, f[2:6], c, f[0:4]) }, "kernels.Adagrad: w and c overlap"},
		{"RMSprop c is g", func() { kernels.RMSprop(1, 0.9, 1e-7, a, b, b) }, "kernels.RMSprop: g and c overlap"},
		{"Adam w overlaps m", func() { kernels.Adam(1, 0.9, 0.999, 1e-7, 0.1, 0.001, f[9:13], b, c, f[0:4]) }, "kernels.Adam: w and m overlap"},
		{"Adam m is v", func() { kernels.Adam(1, 0.9, 0.999, 1e-7, 0.1, 0.001, a, b, c, c) }, "kernels.Adam: m and v overlap"},
		{"Adam g overlaps v", func() { kernels.Adam(1, 0.9, 0.999, 1e-7, 0.1, 0.001, a, f[5:9], d, f[7:11]) }, "kernels.Adam: g and v overlap"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				err, _ := recover().(error)
				if err == nil || err.Error() != tc.want {
					t.Errorf("panic %v, want an error %q", err, tc.want)
				}
			}()
			tc.call()
		})
	}
	// Adjacent slices and empty ones are fine.
	kernels.Adam(1, 0.9, 0.999, 1e-7, 0.1, 0.001, a, b, c, d)
	kernels.Adagrad(1, 1e-7, f[:0], f[:0], f[:0])
}

// TestOptimSteps runs 30 steps of each optimizer through the public API on
// every path, with the state carried from step to step and the scalars of
// training (Adam's corrections from the step count), and requires the bits
// of package ref's steps at every step.
func TestOptimSteps(t *testing.T) {
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		testOptimSteps[float32](t, 1000, 30)
		testOptimSteps[float64](t, 1000, 30)
	})
}

// TestOptimStepsSplit checks the steps of vectors long enough to be split
// between three goroutines (a last part that does not end on a multiple of
// 64 included) against the reference: an element skipped, or updated
// twice, differs.
func TestOptimStepsSplit(t *testing.T) {
	defer kernels.SetParallelism(kernels.SetParallelism(3))
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		testOptimSteps[float32](t, 3<<14+37, 3)
		testOptimSteps[float64](t, 3<<14+37, 3)
	})
}

func testOptimSteps[T kernels.Float](t *testing.T, n, steps int) {
	r := rand.New(rand.NewPCG(5, 6))
	w0 := randVector[T](r, n)
	type state struct{ w, a, b []T }
	newState := func() state { return state{slices.Clone(w0), make([]T, n), make([]T, n)} }
	for _, o := range []struct {
		name string
		step func(k int, g []T, s state)
		ref  func(k int, g []T, s state)
	}{
		{"SGDMomentum",
			func(k int, g []T, s state) { kernels.SGDMomentum(rate[T](k), 0.9, s.w, g, s.a) },
			func(k int, g []T, s state) { ref.SGDMomentum(rate[T](k), 0.9, s.w, g, s.a) }},
		{"Adagrad",
			func(k int, g []T, s state) { kernels.Adagrad(rate[T](k), 1e-7, s.w, g, s.a) },
			func(k int, g []T, s state) { ref.Adagrad(rate[T](k), 1e-7, s.w, g, s.a) }},
		{"RMSprop",
			func(k int, g []T, s state) { kernels.RMSprop(rate[T](k), 0.9, 1e-7, s.w, g, s.a) },
			func(k int, g []T, s state) { ref.RMSprop(rate[T](k), 0.9, 1e-7, s.w, g, s.a) }},
		{"Adam",
			func(k int, g []T, s state) {
				c1, c2 := corrections[T](k)
				kernels.Adam(rate[T](k), 0.9, 0.999, 1e-7, c1, c2, s.w, g, s.a, s.b)
			},
			func(k int, g []T, s state) {
				c1, c2 := corrections[T](k)
				ref.Adam(rate[T](k), 0.9, 0.999, 1e-7, c1, c2, s.w, g, s.a, s.b)
			}},
	} {
		got, want := newState(), newState()
		for k := range steps {
			g := randVector[T](r, n)
			o.step(k, g, got)
			o.ref(k, g, want)
			for _, p := range [][2][]T{{got.w, want.w}, {got.a, want.a}, {got.b, want.b}} {
				if err := kerneltest.Diff(fmt.Sprintf("%T %s step %d", T(0), o.name, k), p[0], p[1]); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// rate is a decayed learning rate of step k.
func rate[T kernels.Float](k int) T { return T(0.01 / (1 + 1e-3*float64(k))) }

// corrections are Adam's bias corrections of step k+1.
func corrections[T kernels.Float](k int) (c1, c2 T) {
	return T(1 - math.Pow(0.9, float64(k+1))), T(1 - math.Pow(0.999, float64(k+1)))
}

// randVector returns n values uniform in [−1, 1).
func randVector[T kernels.Float](r *rand.Rand, n int) []T {
	v := make([]T, n)
	for i := range v {
		v[i] = T(2*r.Float64() - 1)
	}
	return v
}
