package nn

import "github.com/simdkern/simdkern/kernels"

// RMSprop is the book's Optimizer_RMSprop: each parameter w with gradient g
// keeps a moving average c of its squared gradients and moves by
//
//	c = Rho·c + (1 − Rho)·g²;  w += −rate·g/(√c + Epsilon)
//
// with rate = LearningRate/(1 + Decay·t) at step t. Zero LearningRate,
// Epsilon and Rho mean the book's defaults, 0.001, 1e-7 and 0.9.
type RMSprop[T kernels.Float] struct {
	LearningRate T
	Decay        T
	Epsilon      T
	Rho          T
	Iterations   int // steps done, counted by Update

	cache moments[T]
}

// Update applies one step to the layers (kernels.RMSprop).
func (o *RMSprop[T]) Update(layers ...*Dense[T]) {
	rate := T(decayed(float64(orDefault(o.LearningRate, 0.001)), float64(o.Decay), o.Iterations))
	eps, rho := orDefault(o.Epsilon, 1e-7), orDefault(o.Rho, 0.9)
	for _, d := range layers {
		p, g := d.params("RMSprop.Update")
		c := o.cache.get(d, 1)
		for i := range p {
			kernels.RMSprop(rate, rho, eps, p[i], g[i], c[i][0])
		}
	}
	o.Iterations++
}
