package nn

import "github.com/simdkern/simdkern/kernels"

// SGD is stochastic gradient descent with the book's learning-rate decay
// and momentum (Optimizer_SGD): at step t (from 0) the learning rate is
// LearningRate/(1 + Decay·t), and each parameter w with gradient g moves by
//
//	u = Momentum·u − rate·g;  w += u     (u starts at 0)
//
// which without momentum is w += −rate·g. A zero LearningRate means the
// book's default, 1. The zero SGD is the book's Optimizer_SGD().
type SGD[T kernels.Float] struct {
	LearningRate T
	Decay        T
	Momentum     T
	Iterations   int // steps done, counted by Update

	momentums moments[T]
}

// Update applies one step to the layers, each parameter w + round(−rate·g)
// without momentum, as numpy's weights += -learning_rate * dweights
// (kernels.Axpy), and with momentum as kernels.SGDMomentum rounds it. NaN
// or ±∞ in a gradient reaches its parameter.
func (o *SGD[T]) Update(layers ...*Dense[T]) {
	rate := T(decayed(float64(orDefault(o.LearningRate, 1)), float64(o.Decay), o.Iterations))
	for _, d := range layers {
		p, g := d.params("SGD.Update")
		if o.Momentum == 0 {
			for i := range p {
				kernels.Axpy(-rate, g[i], p[i])
			}
			continue
		}
		u := o.momentums.get(d, 1)
		for i := range p {
			kernels.SGDMomentum(rate, o.Momentum, p[i], g[i], u[i][0])
		}
	}
	o.Iterations++
}
