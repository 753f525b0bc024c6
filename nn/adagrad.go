package nn

import (
	"math"

	"github.com/simdkern/simdkern/kernels"
)

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

// Update applies one step to the layers.
func (o *Adagrad[T]) Update(layers ...*Dense[T]) {
	rate := T(decayed(float64(orDefault(o.LearningRate, 1)), float64(o.Decay), o.Iterations))
	eps := orDefault(o.Epsilon, 1e-7)
	for _, d := range layers {
		p, g := d.params("Adagrad.Update")
		c := o.cache.get(d, 1)
		for i := range p {
			w, g, c := p[i], g[i][:len(p[i])], c[i][0][:len(p[i])]
			for j := range w {
				c[j] += g[j] * g[j]
				w[j] += -rate * g[j] / (sqrt(c[j]) + eps)
			}
		}
	}
	o.Iterations++
}

// sqrt is the correctly rounded square root of x in T.
func sqrt[T kernels.Float](x T) T { return T(math.Sqrt(float64(x))) }
