package nn

import (
	"math"

	"github.com/simdkern/simdkern/kernels"
)

// Adam is the book's Optimizer_Adam: each parameter w with gradient g keeps
// moving averages m of its gradients and v of their squares and, at step t
// (from 0), moves by
//
//	m = Beta1·m + (1 − Beta1)·g
//	v = Beta2·v + (1 − Beta2)·g²
//	w += −rate·(m/(1 − Beta1^(t+1))) / (√(v/(1 − Beta2^(t+1))) + Epsilon)
//
// with rate = LearningRate/(1 + Decay·t). Zero LearningRate, Epsilon, Beta1
// and Beta2 mean the book's defaults, 0.001, 1e-7, 0.9 and 0.999.
type Adam[T kernels.Float] struct {
	LearningRate T
	Decay        T
	Epsilon      T
	Beta1, Beta2 T
	Iterations   int // steps done, counted by Update

	moments moments[T]
}

// Update applies one step to the layers (kernels.Adam), the bias
// corrections 1 − Beta1^(t+1) and 1 − Beta2^(t+1) computed in float64 and
// rounded to T.
func (o *Adam[T]) Update(layers ...*Dense[T]) {
	rate := T(decayed(float64(orDefault(o.LearningRate, 0.001)), float64(o.Decay), o.Iterations))
	eps := orDefault(o.Epsilon, 1e-7)
	b1, b2 := orDefault(o.Beta1, 0.9), orDefault(o.Beta2, 0.999)
	t := float64(o.Iterations + 1)
	c1, c2 := T(1-math.Pow(float64(b1), t)), T(1-math.Pow(float64(b2), t))
	for _, d := range layers {
		p, g := d.params("Adam.Update")
		mv := o.moments.get(d, 2)
		for i := range p {
			kernels.Adam(rate, b1, b2, eps, c1, c2, p[i], g[i], mv[i][0], mv[i][1])
		}
	}
	o.Iterations++
}
