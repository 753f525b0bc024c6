package nn

import (
	"fmt"
	"math/rand/v2"

	"github.com/simdkern/simdkern/kernels"
)

// Dropout is the book's Layer_Dropout: in training, Forward zeroes each
// input with probability Rate and scales the others by 1/(1 − Rate), so
// that the expected output equals the input. Only use it in training: at
// inference a dropout layer is the identity, and Model skips it.
type Dropout[T kernels.Float] struct {
	Rate T          // the fraction of inputs dropped, in [0, 1)
	Rng  *rand.Rand // draws the mask

	Output  Matrix[T] // the shape of the inputs, set by Forward
	DInputs Matrix[T] // the shape of the inputs, set by Backward

	mask Matrix[T] // 0 or 1/(1 − Rate), set by Forward
}

// NewDropout returns a dropout layer dropping the fraction rate of its
// inputs, with masks drawn from rng. It panics unless 0 ≤ rate < 1.
func NewDropout[T kernels.Float](rate T, rng *rand.Rand) *Dropout[T] {
	d := &Dropout[T]{Rate: rate, Rng: rng}
	d.checkRate("NewDropout")
	return d
}

func (d *Dropout[T]) checkRate(fn string) {
	if !(d.Rate >= 0 && d.Rate < 1) {
		panic(fmt.Sprintf("nn.%s: rate %v, want 0 ≤ rate < 1", fn, d.Rate))
	}
}

// Forward draws a new mask from Rng, each element kept with probability
// 1 − Rate (np.random.binomial(1, 1 − Rate) / (1 − Rate)), sets Output to
// inputs times the mask and returns it. inputs may be Output itself.
func (d *Dropout[T]) Forward(inputs Matrix[T]) Matrix[T] {
	d.checkRate("Dropout.Forward")
	inputs.checkValid("Dropout.Forward", "inputs")
	keep := 1 - float64(d.Rate)
	scale := 1 / T(keep)
	d.mask.resize(inputs.Rows, inputs.Cols)
	for i := range d.mask.Data {
		if d.Rng.Float64() < keep {
			d.mask.Data[i] = scale
		} else {
			d.mask.Data[i] = 0
		}
	}
	return d.forwardMask(inputs)
}

// forwardMask sets Output to inputs times the current mask.
func (d *Dropout[T]) forwardMask(inputs Matrix[T]) Matrix[T] {
	checkSameShape("Dropout.Forward", "inputs", inputs, "mask", d.mask)
	d.Output.resize(inputs.Rows, inputs.Cols)
	multiply(d.Output.Data, inputs.Data, d.mask.Data)
	return d.Output
}

// Backward sets DInputs to dvalues times the mask of the last Forward and
// returns it. dvalues may be DInputs or Output itself.
func (d *Dropout[T]) Backward(dvalues Matrix[T]) Matrix[T] {
	checkSameShape("Dropout.Backward", "dvalues", dvalues, "mask", d.mask)
	d.DInputs.resize(dvalues.Rows, dvalues.Cols)
	multiply(d.DInputs.Data, dvalues.Data, d.mask.Data)
	return d.DInputs
}

// multiply sets dst[i] = x[i]·y[i]; dst may be x or y.
func multiply[T kernels.Float](dst, x, y []T) {
	x, y = x[:len(dst)], y[:len(dst)]
	for i := range dst {
		dst[i] = x[i] * y[i]
	}
}
