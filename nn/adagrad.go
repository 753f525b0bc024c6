package nn

import "github.com/simdkern/simdkern/kernels"

// Adagrad is the book's Optimizer_Adagrad: each parameter w with gradient
// g keeps the sum of its squared gradients c and moves by
//
//	c += g²;  w += −rate·g/(√c + Epsilon)
//
// with rate = LearningRate/(1 + Decay·t) at step t. Zero LearningRate and
// Epsilon mean the book's defaults, 1 and 1e-7.
type Adagrad[T kernels.Float] struct {
	LearningRate T
	Decay        T
	Epsilon      T
	Iterations   int // steps done, counted by Update

	cache moments[T]
}

// Update applies one step to the layers (kernels.Adagrad).
func (o *Adagrad[T]) Update(layers ...*Dense[T]) {
	rate := T(decayed(float64(orDefault(o.LearningRate, 1)), float64(o.Decay), o.Iterations))
	eps := orDefault(o.Epsilon, 1e-7)
	for _, d := range layers {
		p, g := d.params("Adagrad.Update")
		c := o.cache.get(d, 1)
		for i := range p {
			kernels.Adagrad(rate, eps, p[i], g[i], c[i][0])
		}
	}
	o.Iterations++
}
