package nn

import "github.com/simdkern/simdkern/kernels"

// Softmax is the softmax activation, applied to each row (sample):
// Output(i, j) = exp(x(i, j)) / Σₖ exp(x(i, k)).
//
// Output may also be set directly, as the notebook does before Backward;
// Forward then writes into its storage.
type Softmax[T kernels.Float] struct {
	Output  Matrix[T] // the shape of the inputs, set by Forward
	DInputs Matrix[T] // the shape of Output, set by Backward
}

// Forward sets each row of Output to the softmax of that row of inputs and
// returns Output. It is computed in the numerically stable way by
// kernels.Softmax, from exp(x − max of the row) with x − max rounded to T,
// each divided by the row's sum (multiplied by its reciprocal): within a
// relative (Cols + 10)·u of the exact softmax of the rounded differences, u
// being T's unit roundoff. A row holding a NaN or +∞, or only −∞, gives a
// row of NaN, as in numpy. inputs may be Output itself.
func (s *Softmax[T]) Forward(inputs Matrix[T]) Matrix[T] {
	inputs.checkValid("Softmax.Forward", "inputs")
	s.Output.resize(inputs.Rows, inputs.Cols)
	if inputs.Cols == 0 {
		return s.Output
	}
	for i := range inputs.Rows {
		kernels.Softmax(s.Output.row(i), inputs.row(i))
	}
	return s.Output
}

// Backward takes dvalues, the gradient of the loss with respect to Output
// (its shape), and sets DInputs to the gradient with respect to the inputs
// of Forward, read from Output, and returns it. For each row with softmax s
// and gradient d it is the product of the Jacobian diag(s) − s·sᵀ with d,
//
//	DInputs(i, j) = s_j·(d_j − Σₖ s_k·d_k),
//
// formed without building the Jacobian (the sum is one kernels.Dot). NaN and
// ±∞ propagate as in that formula. dvalues may be DInputs itself; Output
// must not change between Forward and Backward (or may be set directly, as
// the notebook does).
func (s *Softmax[T]) Backward(dvalues Matrix[T]) Matrix[T] {
	checkSameShape("Softmax.Backward", "dvalues", dvalues, "outputs", s.Output)
	s.DInputs.resize(dvalues.Rows, dvalues.Cols)
	for i := range dvalues.Rows {
		d := dvalues.row(i)
		sm, out := s.Output.row(i)[:len(d)], s.DInputs.row(i)[:len(d)]
		dot := kernels.Dot(sm, d)
		for j, v := range d {
			out[j] = sm[j] * (v - dot)
		}
	}
	return s.DInputs
}
