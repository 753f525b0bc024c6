package kernels

import (
	"math"
	"unsafe"
)

// The optimizer steps update a parameter vector w from its gradient g and
// the optimizer's running state, one fused pass that reads and writes each
// slice once. All the slices must have equal lengths and no two may share
// memory; the steps panic otherwise, naming the function and the sizes or
// the slices.
//
// Every operation of a step is rounded to T in the order its formula is
// written, a product never fused into the sum or difference it feeds, and
// the square root and the divisions are IEEE's, correctly rounded. So every
// path (generic, avx2, avx512, neon) gives the same bits for the same
// inputs, NaN and ±∞ included (a NaN result may carry another NaN's
// payload). A step that subtracts a quotient q from w gives the bits of
// w + (−q): the book's w += −rate·… . Each element depends only on its own
// inputs, so a vector of at least 2¹⁵ elements is cut into parts of at
// least 2¹⁴ that run on the goroutines SetParallelism allows, with the
// same bits.

// SGDMomentum is a step of stochastic gradient descent with momentum: for
// each i,
//
//	u[i] = momentum·u[i] − rate·g[i]
//	w[i] = w[i] + u[i]
//
// u is the momentum (the previous update), zero before the first step.
func SGDMomentum[T Float](rate, momentum T, w, g, u []T) {
	checkStep("SGDMomentum", []string{"w", "g", "u"}, w, g, u)
	runStep(stepSGDMomentum, [6]T{rate, momentum}, w, g, u, nil)
}

// Adagrad is a step of Adagrad: for each i,
//
//	c[i] = c[i] + g[i]·g[i]
//	w[i] = w[i] − (rate·g[i]) / (√c[i] + epsilon)
//
// c is the sum of the squared gradients, zero before the first step.
func Adagrad[T Float](rate, epsilon T, w, g, c []T) {
	checkStep("Adagrad", []string{"w", "g", "c"}, w, g, c)
	runStep(stepAdagrad, [6]T{rate, epsilon}, w, g, c, nil)
}

// RMSprop is a step of RMSprop: for each i,
//
//	c[i] = rho·c[i] + ((1 − rho)·g[i])·g[i]
//	w[i] = w[i] − (rate·g[i]) / (√c[i] + epsilon)
//
// c is the moving average of the squared gradients, zero before the first
// step; 1 − rho is rounded to T.
func RMSprop[T Float](rate, rho, epsilon T, w, g, c []T) {
	checkStep("RMSprop", []string{"w", "g", "c"}, w, g, c)
	runStep(stepRMSprop, [6]T{rate, rho, epsilon}, w, g, c, nil)
}

// Adam is a step of Adam: for each i,
//
//	m[i] = beta1·m[i] + (1 − beta1)·g[i]
//	v[i] = beta2·v[i] + ((1 − beta2)·g[i])·g[i]
//	w[i] = w[i] − (rate·(m[i]/c1)) / (√(v[i]/c2) + epsilon)
//
// m and v are the moving averages of the gradients and of their squares,
// zero before the first step. The caller passes the step's learning rate
// (decayed as it likes) and the bias corrections c1 = 1 − beta1ᵗ and
// c2 = 1 − beta2ᵗ of step t = 1, 2, …; 1 − beta1 and 1 − beta2 are rounded
// to T. The corrections divide m and v, as the book writes them, rather
// than scale the rate: that keeps the bits of the book's formula.
//
// Adam has no weight decay: AdamW's decoupled decay, w −= rate·λ·w, is a
// separate Axpy(−rate·λ, w, w) before the step.
func Adam[T Float](rate, beta1, beta2, epsilon, c1, c2 T, w, g, m, v []T) {
	checkStep("Adam", []string{"w", "g", "m", "v"}, w, g, m, v)
	runStep(stepAdam, [6]T{rate, beta1, beta2, epsilon, c1, c2}, w, g, m, v)
}

// checkStep panics unless the slices s of a step, named by names, are all as
// long as the first and share no memory.
func checkStep[T Float](fn string, names []string, s ...[]T) {
	for i := 1; i < len(s); i++ {
		if len(s[i]) != len(s[0]) {
			panic(lengthError{fn, names[0], names[i], len(s[0]), len(s[i])})
		}
	}
	for i := range s {
		for j := range i {
			if shareMemory(s[j], s[i]) {
				panic(overlapError{fn, names[j], names[i]})
			}
		}
	}
}

// shareMemory reports whether the slices x and y, of equal lengths, share
// an element, the same slice included.
func shareMemory[T Float](x, y []T) bool {
	if len(x) == 0 {
		return false
	}
	px, py, n := addr(x), addr(y), uintptr(len(x))*unsafe.Sizeof(x[0])
	return px < py+n && py < px+n
}

func sgdMomentumGeneric[T Float](rate, momentum T, w, g, u []T) {
	g, u = g[:len(w)], u[:len(w)]
	for i, gi := range g {
		ui := T(momentum*u[i]) - T(rate*gi)
		u[i] = ui
		w[i] += ui
	}
}

func adagradGeneric[T Float](rate, epsilon T, w, g, c []T) {
	g, c = g[:len(w)], c[:len(w)]
	for i, gi := range g {
		ci := c[i] + T(gi*gi)
		c[i] = ci
		w[i] -= T(rate*gi) / (sqrt(ci) + epsilon)
	}
}

func rmspropGeneric[T Float](rate, rho, epsilon T, w, g, c []T) {
	g, c = g[:len(w)], c[:len(w)]
	a := 1 - rho
	for i, gi := range g {
		ci := T(rho*c[i]) + T(T(a*gi)*gi)
		c[i] = ci
		w[i] -= T(rate*gi) / (sqrt(ci) + epsilon)
	}
}

func adamGeneric[T Float](rate, beta1, beta2, epsilon, c1, c2 T, w, g, m, v []T) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	a1, a2 := 1-beta1, 1-beta2
	for i, gi := range g {
		mi := T(beta1*m[i]) + T(a1*gi)
		vi := T(beta2*v[i]) + T(T(a2*gi)*gi)
		m[i], v[i] = mi, vi
		w[i] -= T(rate*(mi/c1)) / (sqrt(vi/c2) + epsilon)
	}
}

// sqrt is the correctly rounded square root in T: a float32's square root
// computed in float64 and rounded to float32 is correctly rounded.
func sqrt[T Float](x T) T { return T(math.Sqrt(float64(x))) }
