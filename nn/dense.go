package nn

import (
	"fmt"

	"github.com/simdkern/simdkern/kernels"
)

// Dense is a fully connected layer: Output = inputs·Weights + Biases, the
// biases added to every row.
//
// Weights is n_inputs × n_neurons and Biases 1 × n_neurons; both may be
// changed between calls (SGD.Update does) as long as their shapes stay.
// Forward and Backward set and return the other matrices, whose storage the
// layer owns and reuses.
//
// Values follow IEEE arithmetic: a NaN or ±∞ in the inputs, the weights or
// the biases reaches every output that sums it, and likewise backward.
type Dense[T kernels.Float] struct {
	Weights Matrix[T] // n_inputs × n_neurons
	Biases  Matrix[T] // 1 × n_neurons

	Output   Matrix[T] // samples × n_neurons, set by Forward
	DWeights Matrix[T] // n_inputs × n_neurons, set by Backward
	DBiases  Matrix[T] // 1 × n_neurons, set by Backward
	DInputs  Matrix[T] // samples × n_inputs, set by Backward

	inputs    Matrix[T] // the inputs of the last Forward
	forwarded bool
}

// NewDense returns a dense layer with the given weights (n_inputs ×
// n_neurons) and biases (1 × n_neurons), which it uses, not copies, and its
// gradient matrices allocated.
func NewDense[T kernels.Float](weights, biases Matrix[T]) *Dense[T] {
	d := &Dense[T]{Weights: weights, Biases: biases}
	d.checkParams("NewDense")
	d.DWeights = NewMatrix[T](weights.Rows, weights.Cols, nil)
	d.DBiases = NewMatrix[T](1, weights.Cols, nil)
	return d
}

// checkParams panics unless Weights and Biases are valid and fit together.
func (d *Dense[T]) checkParams(fn string) {
	d.Weights.checkValid(fn, "weights")
	d.Biases.checkValid(fn, "biases")
	if d.Biases.Rows != 1 || d.Biases.Cols != d.Weights.Cols {
		mismatch(fn, "weights", d.Weights.shape(), "biases", d.Biases.shape())
	}
}

// Forward computes Output = inputs·Weights + Biases for the samples ×
// n_inputs matrix inputs and returns Output (samples × n_neurons). Each
// output is the product's sum rounded, then the bias added, as numpy's
// np.dot(inputs, weights) + biases.
//
// The layer keeps inputs, without copying, for Backward: they must not
// change in between. inputs must not overlap Output.
func (d *Dense[T]) Forward(inputs Matrix[T]) Matrix[T] {
	d.checkParams("Dense.Forward")
	inputs.checkValid("Dense.Forward", "inputs")
	if inputs.Cols != d.Weights.Rows {
		mismatch("Dense.Forward", "inputs", inputs.shape(), "weights", d.Weights.shape())
	}
	samples, nIn, nOut := inputs.Rows, d.Weights.Rows, d.Weights.Cols
	if _, ok := elements(samples, nOut); !ok {
		panic(fmt.Sprintf("nn.Dense.Forward: inputs are %v, weights are %v: too many outputs", inputs.shape(), d.Weights.shape()))
	}
	d.Output.resize(samples, nOut)
	kernels.Gemm(false, false, samples, nOut, nIn, 1, inputs.Data, nIn, d.Weights.Data, nOut, 0, d.Output.Data, nOut)
	for i := range samples {
		kernels.Axpy(1, d.Biases.Data, d.Output.row(i))
	}
	d.inputs, d.forwarded = inputs, true
	return d.Output
}

// Backward takes dvalues, the gradient of the loss with respect to Output
// (samples × n_neurons, the shape of the last Forward's Output), and sets
//
//	DInputs  = dvalues·Weightsᵀ   (samples × n_inputs)
//	DWeights = inputsᵀ·dvalues    (n_inputs × n_neurons)
//	DBiases  = column sums of dvalues, summed in row order (1 × n_neurons)
//
// from the inputs of the last Forward. It returns DInputs, the gradient to
// pass to the layer before. dvalues must not overlap the layer's own
// matrices.
func (d *Dense[T]) Backward(dvalues Matrix[T]) Matrix[T] {
	if !d.forwarded {
		panic("nn.Dense.Backward: called before Forward")
	}
	d.checkParams("Dense.Backward")
	dvalues.checkValid("Dense.Backward", "dvalues")
	samples, nIn, nOut := d.inputs.Rows, d.Weights.Rows, d.Weights.Cols
	if d.inputs.Cols != nIn {
		panic(fmt.Sprintf("nn.Dense.Backward: weights are %v, but the inputs of Forward were %v", d.Weights.shape(), d.inputs.shape()))
	}
	if dvalues.Rows != samples || dvalues.Cols != nOut {
		mismatch("Dense.Backward", "dvalues", dvalues.shape(), "outputs", shape{samples, nOut})
	}
	d.DWeights.resize(nIn, nOut)
	kernels.Gemm(true, false, nIn, nOut, samples, 1, d.inputs.Data, nIn, dvalues.Data, nOut, 0, d.DWeights.Data, nOut)
	d.DBiases.resize(1, nOut)
	kernels.ColSum(d.DBiases.Data, dvalues.Data, samples, nOut, nOut)
	d.DInputs.resize(samples, nIn)
	kernels.Gemm(false, true, samples, nIn, nOut, 1, dvalues.Data, nOut, d.Weights.Data, nOut, 0, d.DInputs.Data, nIn)
	return d.DInputs
}
