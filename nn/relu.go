package nn

import "github.com/simdkern/simdkern/kernels"

// ReLU is the rectified linear activation, elementwise max(x, 0).
type ReLU[T kernels.Float] struct {
	Output  Matrix[T] // the shape of the inputs, set by Forward
	DInputs Matrix[T] // the shape of the inputs, set by Backward
}

// Forward sets Output to max(inputs, 0) elementwise and returns it: x where
// x > 0, x itself where it is NaN, +0 elsewhere (−0 included). inputs may be
// Output itself.
func (r *ReLU[T]) Forward(inputs Matrix[T]) Matrix[T] {
	inputs.checkValid("ReLU.Forward", "inputs")
	r.Output.resize(inputs.Rows, inputs.Cols)
	kernels.ReLU(r.Output.Data, inputs.Data)
	return r.Output
}

// Backward sets DInputs to dvalues where the input of the last Forward was
// positive and +0 elsewhere (a NaN input gives 0) and returns it; dvalues
// has the shape of Output. The mask is read from Output, which is positive
// exactly where the input was, so Output must not change in between;
// dvalues may be Output or DInputs itself.
func (r *ReLU[T]) Backward(dvalues Matrix[T]) Matrix[T] {
	checkSameShape("ReLU.Backward", "dvalues", dvalues, "outputs", r.Output)
	r.DInputs.resize(dvalues.Rows, dvalues.Cols)
	kernels.ReLUMask(r.DInputs.Data, dvalues.Data, r.Output.Data)
	return r.DInputs
}

// backwardSum is Backward, which also sets sums (Output's columns long) to
// the column sums of DInputs in the same pass (kernels.ReLUMaskColSum): the
// bias gradient of a Dense layer before the ReLU.
func (r *ReLU[T]) backwardSum(dvalues Matrix[T], sums []T) Matrix[T] {
	checkSameShape("ReLU.Backward", "dvalues", dvalues, "outputs", r.Output)
	r.DInputs.resize(dvalues.Rows, dvalues.Cols)
	kernels.ReLUMaskColSum(r.DInputs.Data, sums, dvalues.Data, r.Output.Data, dvalues.Cols)
	return r.DInputs
}
