package nn

import "github.com/simdkern/simdkern/kernels"

// SoftmaxCrossEntropy is a softmax activation followed by the categorical
// cross-entropy loss, with the backward pass of the two combined: the
// gradient with respect to the softmax inputs is (ŷ − y) / samples, which is
// what Softmax.Backward after CrossEntropy.Backward computes, in one cheap
// pass. Forward keeps the predictions, so Backward takes only the targets.
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

// Backward sets DInputs to the gradient of the loss of the last Forward
// with respect to the softmax inputs, (ŷ − y) / samples with ŷ the
// predictions Activation.Output and y the one-hot of classes, the class
// index of each sample, and returns it. As in the course, 1 is subtracted
// at each target, then every element divided by samples; NaN and ±∞
// propagate. Activation.Output may also be set directly (to predictions
// computed elsewhere), as the notebook does.
func (l *SoftmaxCrossEntropy[T]) Backward(classes []int) Matrix[T] {
	yPred := l.Activation.Output
	checkClasses("SoftmaxCrossEntropy.Backward", yPred, classes)
	l.DInputs.resize(yPred.Rows, yPred.Cols)
	copy(l.DInputs.Data, yPred.Data)
	for i, c := range classes {
		l.DInputs.Data[i*yPred.Cols+c]--
	}
	divide(l.DInputs.Data, yPred.Rows)
	return l.DInputs
}

// BackwardOneHot is Backward with targets yTrue of the shape of the
// predictions: DInputs = (Activation.Output − yTrue) / samples, the
// subtraction one kernels.Axpy. For a one-hot yTrue it gives the bits
// Backward gives for the matching class indices. yTrue must not overlap
// DInputs.
func (l *SoftmaxCrossEntropy[T]) BackwardOneHot(yTrue Matrix[T]) Matrix[T] {
	yPred := l.Activation.Output
	checkSameShape("SoftmaxCrossEntropy.BackwardOneHot", "predictions", yPred, "targets", yTrue)
	l.DInputs.resize(yPred.Rows, yPred.Cols)
	copy(l.DInputs.Data, yPred.Data)
	kernels.Axpy(-1, yTrue.Data, l.DInputs.Data)
	divide(l.DInputs.Data, yPred.Rows)
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
