package kerneltest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/ref"
)

// The optimizer steps are checked bit for bit against package ref (any NaN
// for NaN), on the lengths, offsets, inputs and placements of every kernel:
// the gradient is an input (placed against unreadable pages, and checked
// unchanged), the parameters and the optimizer's state are outputs with
// guard bands. The scalars are drawn from the values training uses and a
// few edge ones (0, a rate of 1); the fuzz targets try any bits.

// CheckSGDMomentum checks w and u after an SGDMomentum step on g from w0
// and u0.
func CheckSGDMomentum[T dispatch.Float](rate, momentum T, g, w0, u0, w, u []T) error {
	ww, wu := slices.Clone(w0), slices.Clone(u0)
	ref.SGDMomentum(rate, momentum, ww, g, wu)
	return errors(diffErr("u", u, wu, false), diffErr("w", w, ww, false))
}

// CheckAdagrad checks w and c after an Adagrad step on g from w0 and c0.
func CheckAdagrad[T dispatch.Float](rate, epsilon T, g, w0, c0, w, c []T) error {
	ww, wc := slices.Clone(w0), slices.Clone(c0)
	ref.Adagrad(rate, epsilon, ww, g, wc)
	return errors(diffErr("c", c, wc, false), diffErr("w", w, ww, false))
}

// CheckRMSprop checks w and c after an RMSprop step on g from w0 and c0.
func CheckRMSprop[T dispatch.Float](rate, rho, epsilon T, g, w0, c0, w, c []T) error {
	ww, wc := slices.Clone(w0), slices.Clone(c0)
	ref.RMSprop(rate, rho, epsilon, ww, g, wc)
	return errors(diffErr("c", c, wc, false), diffErr("w", w, ww, false))
}

// CheckAdam checks w, m and v after an Adam step on g from w0, m0 and v0.
func CheckAdam[T dispatch.Float](rate, beta1, beta2, epsilon, c1, c2 T, g, w0, m0, v0, w, m, v []T) error {
	ww, wm, wv := slices.Clone(w0), slices.Clone(m0), slices.Clone(v0)
	ref.Adam(rate, beta1, beta2, epsilon, c1, c2, ww, g, wm, wv)
	return errors(diffErr("m", m, wm, false), diffErr("v", v, wv, false), diffErr("w", w, ww, false))
}

// SGDMomentum tests an implementation of SGDMomentum.
func SGDMomentum[T dispatch.Float](t *testing.T, step func(rate, momentum T, w, g, u []T)) {
	if err := sgdMomentumCases(step); err != nil {
		t.Fatal(err)
	}
}

func sgdMomentumCases[T dispatch.Float](step func(rate, momentum T, w, g, u []T)) error {
	return stepCases[T](1, func(r *rand.Rand) stepCase[T] {
		rate, momentum := pick[T](r, 0.01, 1, 0), pick[T](r, 0.9, 0.5, 0)
		return stepCase[T]{
			fmt.Sprintf("rate=%v momentum=%v", rate, momentum),
			func(w, g []T, s [][]T) { step(rate, momentum, w, g, s[0]) },
			func(g, w0 []T, s0 [][]T, w []T, s [][]T) error {
				return CheckSGDMomentum(rate, momentum, g, w0, s0[0], w, s[0])
			},
		}
	})
}

// Adagrad tests an implementation of Adagrad.
func Adagrad[T dispatch.Float](t *testing.T, step func(rate, epsilon T, w, g, c []T)) {
	if err := adagradCases(step); err != nil {
		t.Fatal(err)
	}
}

func adagradCases[T dispatch.Float](step func(rate, epsilon T, w, g, c []T)) error {
	return stepCases[T](1, func(r *rand.Rand) stepCase[T] {
		rate, eps := pick[T](r, 0.01, 1, 0), pick[T](r, 1e-7, 1e-3, 0)
		return stepCase[T]{
			fmt.Sprintf("rate=%v epsilon=%v", rate, eps),
			func(w, g []T, s [][]T) { step(rate, eps, w, g, s[0]) },
			func(g, w0 []T, s0 [][]T, w []T, s [][]T) error {
				return CheckAdagrad(rate, eps, g, w0, s0[0], w, s[0])
			},
		}
	})
}

// RMSprop tests an implementation of RMSprop.
func RMSprop[T dispatch.Float](t *testing.T, step func(rate, rho, epsilon T, w, g, c []T)) {
	if err := rmspropCases(step); err != nil {
		t.Fatal(err)
	}
}

func rmspropCases[T dispatch.Float](step func(rate, rho, epsilon T, w, g, c []T)) error {
	return stepCases[T](1, func(r *rand.Rand) stepCase[T] {
		rate, rho, eps := pick[T](r, 0.001, 1, 0), pick[T](r, 0.9, 0.99, 0), pick[T](r, 1e-7, 1e-3, 0)
		return stepCase[T]{
			fmt.Sprintf("rate=%v rho=%v epsilon=%v", rate, rho, eps),
			func(w, g []T, s [][]T) { step(rate, rho, eps, w, g, s[0]) },
			func(g, w0 []T, s0 [][]T, w []T, s [][]T) error {
				return CheckRMSprop(rate, rho, eps, g, w0, s0[0], w, s[0])
			},
		}
	})
}

// Adam tests an implementation of Adam, with the bias corrections of steps
// 1 to 10.
func Adam[T dispatch.Float](t *testing.T, step func(rate, beta1, beta2, epsilon, c1, c2 T, w, g, m, v []T)) {
	if err := adamCases(step); err != nil {
		t.Fatal(err)
	}
}

func adamCases[T dispatch.Float](step func(rate, beta1, beta2, epsilon, c1, c2 T, w, g, m, v []T)) error {
	return stepCases[T](2, func(r *rand.Rand) stepCase[T] {
		rate, eps := pick[T](r, 0.001, 1, 0), pick[T](r, 1e-7, 1e-3, 0)
		b1, b2 := pick[T](r, 0.9, 0.5, 0), pick[T](r, 0.999, 0.9, 0)
		k := float64(1 + r.IntN(10))
		c1, c2 := T(1-math.Pow(float64(b1), k)), T(1-math.Pow(float64(b2), k))
		return stepCase[T]{
			fmt.Sprintf("rate=%v beta1=%v beta2=%v epsilon=%v c1=%v c2=%v", rate, b1, b2, eps, c1, c2),
			func(w, g []T, s [][]T) { step(rate, b1, b2, eps, c1, c2, w, g, s[0], s[1]) },
			func(g, w0 []T, s0 [][]T, w []T, s [][]T) error {
				return CheckAdam(rate, b1, b2, eps, c1, c2, g, w0, s0[0], s0[1], w, s[0], s[1])
			},
		}
	})
}

// pick returns one of vs, mostly the first.
func pick[T dispatch.Float](r *rand.Rand, vs ...float64) T {
	if r.IntN(4) > 0 {
		return T(vs[0])
	}
	return T(vs[r.IntN(len(vs))])
}

// stepCase is an optimizer step with its scalars drawn: run calls the
// implementation on w, g and the state s, check compares the results with
// the reference applied to the inputs w0, s0.
type stepCase[T dispatch.Float] struct {
	scalars string
	run     func(w, g []T, s [][]T)
	check   func(g, w0 []T, s0 [][]T, w []T, s [][]T) error
}

// stepCases runs the steps draw returns on every case of each, with
// states state slices beside w. With ordinary values the state (squares
// summed or averaged in some steps) is non-negative, as in training.
func stepCases[T dispatch.Float](states int, draw func(r *rand.Rand) stepCase[T]) error {
	return each(1, func(r *rand.Rand, in *inputs[T], n, off int, gen generator[T], p placement) error {
		c := draw(r)
		g0, w0 := gen.gen(r, n), gen.gen(r, n)
		g := in.place(0, g0, p, off)
		w := newBanded[T](n, (off+1)%4)
		copy(w.s(), w0)
		s0, s, bands := make([][]T, states), make([][]T, states), make([]banded[T], states)
		for i := range states {
			s0[i] = gen.gen(r, n)
			if gen.name == "values" {
				for j, x := range s0[i] {
					s0[i][j] = T(math.Abs(float64(x)))
				}
			}
			bands[i] = newBanded[T](n, (off+2+i)%4)
			s[i] = bands[i].s()
			copy(s[i], s0[i])
		}
		c.run(w.s(), g, s)
		errs := []error{c.check(g0, w0, s0, w.s(), s), unchanged("g", g, g0), w.check("w")}
		for i, b := range bands {
			errs = append(errs, b.check(fmt.Sprintf("state %d", i)))
		}
		if err := errors(errs...); err != nil {
			return fmt.Errorf("%s: %v", c.scalars, err)
		}
		return nil
	})
}
