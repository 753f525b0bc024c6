package nn

import "github.com/simdkern/simdkern/kernels"

// Sigmoid is the logistic activation, elementwise 1/(1 + e^−x), the book's
// Activation_Sigmoid: the output of a binary classifier, one independent
// probability per output.
type Sigmoid[T kernels.Float] struct {
	Output  Matrix[T] // the shape of the inputs, set by Forward
	DInputs Matrix[T] // the shape of the inputs, set by Backward
}

// Forward sets Output to 1/(1 + e^−x) of each input x by kernels.Sigmoid
// (within 2 ulps for float32, 3 for float64, no overflow for large |x|)
// and returns it: 0 for x = −∞, 1 for +∞, NaN for NaN. inputs may be
// Output itself.
func (s *Sigmoid[T]) Forward(inputs Matrix[T]) Matrix[T] {
	inputs.checkValid("Sigmoid.Forward", "inputs")
	s.Output.resize(inputs.Rows, inputs.Cols)
	kernels.Sigmoid(s.Output.Data[:len(inputs.Data)], inputs.Data)
	return s.Output
}

// Backward sets DInputs to dvalues·(1 − Output)·Output elementwise, the
// gradient with respect to the inputs of Forward, read from Output, and
// returns it; dvalues has the shape of Output and may be DInputs itself.
// NaN and ±∞ propagate as in that product.
func (s *Sigmoid[T]) Backward(dvalues Matrix[T]) Matrix[T] {
	checkSameShape("Sigmoid.Backward", "dvalues", dvalues, "outputs", s.Output)
	s.DInputs.resize(dvalues.Rows, dvalues.Cols)
	out, y := s.DInputs.Data[:len(dvalues.Data)], s.Output.Data[:len(dvalues.Data)]
	for i, d := range dvalues.Data {
		out[i] = d * (1 - y[i]) * y[i]
	}
	return s.DInputs
}

// Linear is the identity activation, the book's Activation_Linear: the
// output of a regression model, whose outputs are the values predicted.
type Linear[T kernels.Float] struct {
	Output  Matrix[T] // a copy of the inputs, set by Forward
	DInputs Matrix[T] // a copy of dvalues, set by Backward
}

// Forward sets Output to a copy of inputs and returns it.
func (l *Linear[T]) Forward(inputs Matrix[T]) Matrix[T] {
	inputs.checkValid("Linear.Forward", "inputs")
	l.Output.resize(inputs.Rows, inputs.Cols)
	copy(l.Output.Data, inputs.Data)
	return l.Output
}

// Backward sets DInputs to a copy of dvalues (the derivative of the
// identity is 1) and returns it; dvalues has the shape of Output.
func (l *Linear[T]) Backward(dvalues Matrix[T]) Matrix[T] {
	checkSameShape("Linear.Backward", "dvalues", dvalues, "outputs", l.Output)
	l.DInputs.resize(dvalues.Rows, dvalues.Cols)
	copy(l.DInputs.Data, dvalues.Data)
	return l.DInputs
}
