package nn

import "github.com/simdkern/simdkern/kernels"

// An Optimizer updates the parameters of dense layers from the gradients
// their last Backward left in DWeights and DBiases.
//
// One call of Update is one optimisation step, the book's
// pre_update_params, update_params of every layer and post_update_params:
// pass every layer of the network in one call, so that learning-rate decay
// and Adam's bias correction count steps, not layers. Optimizers keep their
// running averages per layer, allocated on a layer's first update; later
// updates allocate nothing.
//
// The updates run on the fused optimizer kernels (kernels.SGDMomentum,
// kernels.Adagrad, kernels.RMSprop, kernels.Adam, and kernels.Axpy for SGD
// without momentum), which round every operation to T in the order the
// formulas are written: every instruction-set path gives the same bits, the
// bits the scalar loops they replaced gave on amd64. A layer whose gradients
// share memory with its parameters makes Update panic.
type Optimizer[T kernels.Float] interface {
	Update(layers ...*Dense[T])
}

// decayed returns the book's current_learning_rate,
// rate · 1/(1 + decay·iterations), computed in float64.
func decayed(rate, decay float64, iterations int) float64 {
	return rate * (1 / (1 + decay*float64(iterations)))
}

// orDefault returns v, or def when v is 0.
func orDefault[T kernels.Float](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

// params checks d's parameters and gradients and returns them, weights
// first, as slices of equal lengths.
func (d *Dense[T]) params(fn string) (p, g [2][]T) {
	d.checkParams(fn)
	checkSameShape(fn, "weights", d.Weights, "dweights", d.DWeights)
	checkSameShape(fn, "biases", d.Biases, "dbiases", d.DBiases)
	return [2][]T{d.Weights.Data, d.Biases.Data}, [2][]T{d.DWeights.Data, d.DBiases.Data}
}

// moments holds an optimizer's running averages, for each layer it updates
// and each of its two parameters (weights, biases): one or two buffers of
// the parameter's size.
type moments[T kernels.Float] map[*Dense[T]]*[2][2][]T

// get returns the buffers of d, zero when new or when d's shapes changed;
// only the first kinds buffers of each parameter are allocated.
func (m *moments[T]) get(d *Dense[T], kinds int) *[2][2][]T {
	if *m == nil {
		*m = moments[T]{}
	}
	b := (*m)[d]
	if b == nil || len(b[0][0]) != len(d.Weights.Data) || len(b[1][0]) != len(d.Biases.Data) {
		b = new([2][2][]T)
		for k := range kinds {
			b[0][k] = make([]T, len(d.Weights.Data))
			b[1][k] = make([]T, len(d.Biases.Data))
		}
		(*m)[d] = b
	}
	return b
}
