package nn

import (
	"fmt"

	"github.com/simdkern/simdkern/kernels"
)

// DenseBF16 is a Dense layer for inference whose weights are kept in
// bfloat16, half the bytes of float32: Output = inputs·Weights + Biases,
// the inputs, biases and outputs in float32 and the products summed in
// float32 (kernels.GemmBF16B). Inference of a sample at a time, which
// reads every weight once per sample, reads half the bytes, widening them
// as it goes (see kernels.GemmBF16B for the paths that do).
//
// A Model predicts and evaluates with DenseBF16 layers as with Dense ones;
// it cannot train them (Train, TrainStep and TrainBatch return an error).
// Train a Dense[float32] and convert it: NewDenseBF16 converts a layer,
// ConvertBFloat16 every Dense layer of a model. A model loaded from a
// safetensors file of BF16 tensors (Model.Load widens them exactly)
// converts back to the very same bfloat16 weights.
//
// Rounding the weights to bfloat16 changes each by at most 2⁻⁹ of its
// magnitude; given those weights, each output is within kernels.Gemm's
// bound of the exact inputs·Weights, the sum rounded, then the bias added,
// as Dense.Forward computes it. NaN and ±∞ propagate as in Dense.
type DenseBF16 struct {
	Weights []kernels.BFloat16 // Inputs × Neurons, row by row
	Biases  []float32          // Neurons
	Inputs  int                // n_inputs
	Neurons int                // n_neurons

	Output Matrix[float32] // samples × Neurons, set by Forward
}

// NewDenseBF16 returns an inference layer with the weights of d rounded to
// the nearest bfloat16 (kernels.ToBFloat16) and a copy of its biases.
func NewDenseBF16(d *Dense[float32]) *DenseBF16 {
	d.checkParams("NewDenseBF16")
	b := &DenseBF16{
		Weights: make([]kernels.BFloat16, len(d.Weights.Data)),
		Biases:  append([]float32(nil), d.Biases.Data...),
		Inputs:  d.Weights.Rows,
		Neurons: d.Weights.Cols,
	}
	kernels.ToBFloat16(b.Weights, d.Weights.Data)
	return b
}

// ConvertBFloat16 replaces every Dense layer of m by its NewDenseBF16, in
// place: m then predicts and evaluates with bfloat16 weights, and can no
// longer be trained.
func ConvertBFloat16(m *Model[float32]) {
	for i, l := range m.Layers {
		if d, ok := l.(*Dense[float32]); ok {
			m.Layers[i] = NewDenseBF16(d)
		}
	}
}

// Forward computes Output = inputs·Weights + Biases for the samples ×
// Inputs matrix inputs and returns Output (samples × Neurons), each output
// the product's sum rounded, then the bias added. inputs must not overlap
// Output.
func (d *DenseBF16) Forward(inputs Matrix[float32]) Matrix[float32] {
	const fn = "DenseBF16.Forward"
	if err := d.checkValid(fn, -1, false); err != nil {
		panic(err.Error())
	}
	inputs.checkValid(fn, "inputs")
	if inputs.Cols != d.Inputs {
		mismatch(fn, "inputs", inputs.shape(), "weights", shape{d.Inputs, d.Neurons})
	}
	if _, ok := elements(inputs.Rows, d.Neurons); !ok {
		panic(fmt.Sprintf("nn.%s: inputs are %v, weights are %d×%d: too many outputs", fn, inputs.shape(), d.Inputs, d.Neurons))
	}
	d.Output.resize(inputs.Rows, d.Neurons)
	for i := range inputs.Rows {
		copy(d.Output.Data[i*d.Neurons:(i+1)*d.Neurons], d.Biases)
	}
	kernels.GemmBF16B(false, false, inputs.Rows, d.Neurons, d.Inputs, 1, inputs.Data, d.Inputs, d.Weights, d.Neurons, 1, d.Output.Data, d.Neurons)
	return d.Output
}

// Backward panics: a DenseBF16 is for inference only.
func (d *DenseBF16) Backward(Matrix[float32]) Matrix[float32] {
	panic("nn.DenseBF16.Backward: bfloat16 layers are for inference only; train a Dense[float32] and convert it")
}

// checkValid returns an error unless the sizes of d are non-negative and
// its weights and biases fit them, and, in training, an error in any case:
// d is layer i of a model (−1 for none), fn names the caller.
func (d *DenseBF16) checkValid(fn string, i int, training bool) error {
	var problem string
	n, ok := elements(d.Inputs, d.Neurons)
	switch {
	case d.Inputs < 0 || d.Neurons < 0 || !ok || len(d.Weights) != n:
		problem = fmt.Sprintf("has weights %d×%d with %d elements", d.Inputs, d.Neurons, len(d.Weights))
	case len(d.Biases) != d.Neurons:
		problem = fmt.Sprintf("has %d biases, want %d", len(d.Biases), d.Neurons)
	case training:
		problem = "is a DenseBF16, which cannot be trained"
	default:
		return nil
	}
	if i < 0 {
		return fmt.Errorf("nn.%s: the layer %s", fn, problem)
	}
	return fmt.Errorf("nn.%s: layer %d %s", fn, i, problem)
}
