package nn

import (
	"fmt"

	"github.com/simdkern/simdkern/kernels"
)

// Dense is a fully connected layer: Output = inputs·Weights + Biases, the
// biases added to every row.
//
// Weights is n_inputs × n_neurons and Biases 1 × n_neurons; both may be
// changed between calls (an Optimizer's Update does) as long as their shapes
// stay.
// Forward and Backward set and return the other matrices, whose storage the
// layer owns and reuses.
//
// Values follow IEEE arithmetic: a NaN or ±∞ in the inputs, the weights or
// the biases reaches every output that sums it, and likewise backward.
type Dense[T kernels.Float] struct {
	Weights Matrix[T] // n_inputs × n_neurons
	Biases  Matrix[T] // 1 × n_neurons

	// L1 and L2 regularisation strengths, 0 for none (the book's
	// weight_regularizer_l1, weight_regularizer_l2, bias_regularizer_l1
	// and bias_regularizer_l2): Backward adds the gradient of
	// RegularizationLoss to DWeights and DBiases.
	WeightL1, WeightL2, BiasL1, BiasL2 T

	Output   Matrix[T] // samples × n_neurons, set by Forward
	DWeights Matrix[T] // n_inputs × n_neurons, set by Backward
	DBiases  Matrix[T] // 1 × n_neurons, set by Backward
	DInputs  Matrix[T] // samples × n_inputs, set by Backward

	inputs    Matrix[T] // the inputs of the last Forward
	forwarded bool
}

// NewDense returns a dense layer with the given weights (n_inputs ×
// n_neurons) and biases (1 × n_neurons), which it uses, not copies, and its
// gradient matrices allocated. NewDenseInit draws the weights instead.
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
	d.forward("Dense.Forward", inputs, nil)
	return d.Output
}

// ForwardReLU is Forward followed by relu.Forward on Output, with the
// biases and the ReLU applied to each block of Output in one pass as the
// product finishes it (kernels.GemmEpilogue) rather than in two passes over
// the whole matrix: it sets Output and relu.Output, with the bits of the two
// calls, and returns relu.Output.
func (d *Dense[T]) ForwardReLU(inputs Matrix[T], relu *ReLU[T]) Matrix[T] {
	d.forward("Dense.ForwardReLU", inputs, relu)
	return relu.Output
}

// BackwardReLU is relu.Backward(dvalues) followed by Backward on its
// result, with the ReLU's mask and the bias gradient computed in one pass
// over dvalues (kernels.ReLUMaskColSum): it sets relu.DInputs and the
// layer's gradients, with the bits of the two calls (a NaN in DBiases may
// differ in payload), and returns DInputs. relu must be the ReLU that ran
// on this layer's Output since its last Forward.
func (d *Dense[T]) BackwardReLU(dvalues Matrix[T], relu *ReLU[T]) Matrix[T] {
	d.backwardReLU("Dense.BackwardReLU", dvalues, relu, true)
	return d.DInputs
}

// backwardReLU is BackwardReLU, which sets DInputs only if inputs is true.
func (d *Dense[T]) backwardReLU(fn string, dvalues Matrix[T], relu *ReLU[T], inputs bool) {
	if !d.forwarded {
		panic("nn." + fn + ": called before Forward")
	}
	d.checkParams(fn)
	if relu.Output.Rows != d.Output.Rows || relu.Output.Cols != d.Weights.Cols {
		mismatch(fn, "the ReLU's outputs", relu.Output.shape(), "the layer's outputs", shape{d.Output.Rows, d.Weights.Cols})
	}
	d.DBiases.resize(1, d.Weights.Cols)
	g := relu.backwardSum(dvalues, d.DBiases.Data)
	d.backward(fn, g, inputs, true)
}

// forward is Forward, which, if relu is not nil, also runs relu's Forward
// on Output, in the same pass over each block of Output as the biases.
func (d *Dense[T]) forward(fn string, inputs Matrix[T], relu *ReLU[T]) {
	d.checkParams(fn)
	inputs.checkValid(fn, "inputs")
	if inputs.Cols != d.Weights.Rows {
		mismatch(fn, "inputs", inputs.shape(), "weights", d.Weights.shape())
	}
	samples, nIn, nOut := inputs.Rows, d.Weights.Rows, d.Weights.Cols
	if _, ok := elements(samples, nOut); !ok {
		panic(fmt.Sprintf("nn.%s: inputs are %v, weights are %v: too many outputs", fn, inputs.shape(), d.Weights.shape()))
	}
	d.Output.resize(samples, nOut)
	ep := kernels.Epilogue[T]{Bias: d.Biases.Data}
	if relu != nil {
		relu.Output.resize(samples, nOut)
		ep.ReLU, ep.LDReLU = relu.Output.Data, nOut
	}
	kernels.GemmEpilogue(false, false, samples, nOut, nIn, 1, inputs.Data, nIn, d.Weights.Data, nOut, 0, d.Output.Data, nOut, ep)
	d.inputs, d.forwarded = inputs, true
}

// Backward takes dvalues, the gradient of the loss with respect to Output
// (samples × n_neurons, the shape of the last Forward's Output), and sets
//
//	DInputs  = dvalues·Weightsᵀ   (samples × n_inputs)
//	DWeights = inputsᵀ·dvalues    (n_inputs × n_neurons)
//	DBiases  = column sums of dvalues, summed in row order (1 × n_neurons)
//
// from the inputs of the last Forward, the gradients of the regularisation
// terms added to DWeights and DBiases (see RegularizationLoss). It returns DInputs, the gradient to
// pass to the layer before. dvalues must not overlap the layer's own
// matrices.
func (d *Dense[T]) Backward(dvalues Matrix[T]) Matrix[T] {
	d.backward("Dense.Backward", dvalues, true, false)
	return d.DInputs
}

// backward is Backward, which sets DInputs only if inputs is true (the
// first layer of a network has no use for it) and takes DBiases as set
// (before regularisation) if summed is true: a Model sums them as it runs
// the backward pass of a ReLU that follows (ReLU.backwardSum).
func (d *Dense[T]) backward(fn string, dvalues Matrix[T], inputs, summed bool) {
	if !d.forwarded {
		panic("nn." + fn + ": called before Forward")
	}
	d.checkParams(fn)
	dvalues.checkValid(fn, "dvalues")
	samples, nIn, nOut := d.inputs.Rows, d.Weights.Rows, d.Weights.Cols
	if d.inputs.Cols != nIn {
		panic(fmt.Sprintf("nn.%s: weights are %v, but the inputs of Forward were %v", fn, d.Weights.shape(), d.inputs.shape()))
	}
	if dvalues.Rows != samples || dvalues.Cols != nOut {
		mismatch(fn, "dvalues", dvalues.shape(), "outputs", shape{samples, nOut})
	}
	if !summed {
		d.DBiases.resize(1, nOut)
		kernels.ColSum(d.DBiases.Data, dvalues.Data, samples, nOut, nOut)
	}
	// DWeights and DInputs side by side (kernels.GemmBatch), sharing the
	// goroutines one kernels.Gemm call would use.
	d.DWeights.resize(nIn, nOut)
	ops := [2]kernels.GemmOp[T]{{TransA: true, M: nIn, N: nOut, K: samples, Alpha: 1,
		A: d.inputs.Data, LDA: nIn, B: dvalues.Data, LDB: nOut, C: d.DWeights.Data, LDC: nOut}}
	if inputs {
		d.DInputs.resize(samples, nIn)
		ops[1] = kernels.GemmOp[T]{TransB: true, M: samples, N: nIn, K: nOut, Alpha: 1,
			A: dvalues.Data, LDA: nOut, B: d.Weights.Data, LDB: nOut, C: d.DInputs.Data, LDC: nIn}
		kernels.GemmBatch(ops[:])
	} else {
		kernels.GemmBatch(ops[:1])
	}
	regularize(d.DWeights.Data, d.Weights.Data, d.WeightL1, d.WeightL2)
	regularize(d.DBiases.Data, d.Biases.Data, d.BiasL1, d.BiasL2)
}
