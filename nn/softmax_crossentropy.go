package nn

import "github.com/simdkern/simdkern/kernels"

// SoftmaxCrossEntropy is a softmax activation followed by the categorical
// cross-entropy loss, with the backward pass of the two combined: the
// gradient with respect to the softmax inputs is (ŷ − y) / samples, which is
// what Softmax.Backward after CrossEntropy.Backward computes, in one cheap
// pass.
type SoftmaxCrossEntropy[T kernels.Float] struct {
	Activation Softmax[T]      // its Output is the predictions ŷ
	Loss       CrossEntropy[T] // computes the loss value in Forward
	DInputs    Matrix[T]       // samples × classes, set by Backward and BackwardOneHot
}

// Forward sets Activation.Output to the softmax of inputs (samples ×
// classes) and returns the loss against the class indices classes (see
// Softmax.Forward and CrossEntropy.Loss).
func (l *SoftmaxCrossEntropy[T]) Forward(inputs Matrix[T], classes []int) T {
	return l.Loss.Loss(l.Activation.Forward(inputs), classes)
}

// ForwardOneHot is Forward with one-hot targets yTrue of the shape of
// inputs (see CrossEntropy.LossOneHot).
func (l *SoftmaxCrossEntropy[T]) ForwardOneHot(inputs, yTrue Matrix[T]) T {
	return l.Loss.LossOneHot(l.Activation.Forward(inputs), yTrue)
}

// Backward takes dvalues, the softmax outputs ŷ (samples × classes, usually
// Activation.Output), and the class index of each sample, sets DInputs to
// the gradient of the loss with respect to the softmax inputs, (ŷ − y) /
// samples with y the one-hot of classes, and returns it. As in the course,
// 1 is subtracted at each target, then every element divided by samples; NaN
// and ±∞ propagate. dvalues may be DInputs itself.
func (l *SoftmaxCrossEntropy[T]) Backward(dvalues Matrix[T], classes []int) Matrix[T] {
	checkClasses("SoftmaxCrossEntropy.Backward", dvalues, classes)
	l.DInputs.resize(dvalues.Rows, dvalues.Cols)
	copy(l.DInputs.Data, dvalues.Data)
	for i, c := range classes {
		l.DInputs.Data[i*dvalues.Cols+c]--
	}
	divide(l.DInputs.Data, dvalues.Rows)
	return l.DInputs
}

// BackwardOneHot is Backward with targets yTrue of the shape of dvalues:
// DInputs = (dvalues − yTrue) / samples, the subtraction one kernels.Axpy.
// For a one-hot yTrue it gives the bits Backward gives for the matching class
// indices. dvalues may be DInputs itself; yTrue must not overlap DInputs.
func (l *SoftmaxCrossEntropy[T]) BackwardOneHot(dvalues, yTrue Matrix[T]) Matrix[T] {
	checkSameShape("SoftmaxCrossEntropy.BackwardOneHot", "dvalues", dvalues, "targets", yTrue)
	l.DInputs.resize(dvalues.Rows, dvalues.Cols)
	copy(l.DInputs.Data, dvalues.Data)
	kernels.Axpy(-1, yTrue.Data, l.DInputs.Data)
	divide(l.DInputs.Data, dvalues.Rows)
	return l.DInputs
}

// divide divides every element of x by n, as a multiplication by 1/n when n
// is a power of two: 1/n is then exact, so the product is the quotient,
// rounded the same way.
func divide[T kernels.Float](x []T, n int) {
	d := T(n)
	if n&(n-1) == 0 {
		r := 1 / d
		for i := range x {
			x[i] *= r
		}
		return
	}
	for i := range x {
		x[i] /= d
	}
}
