package nn

import (
	"math"

	"github.com/simdkern/simdkern/kernels"
)

// A Head is the end of a Model: the activation that turns the scores of the
// last layer into predictions, the loss those predictions are trained on,
// the gradient of the two with respect to the scores, and the accuracy the
// book defines for them. nn has three kinds:
//   - *SoftmaxCrossEntropy: classes, one class index per sample
//     (Dataset.Classes); the accuracy is the fraction of samples whose
//     largest probability is at their class. It is the Model's default.
//   - *SigmoidBinaryCrossEntropy: independent yes/no outputs, targets of 0
//     or 1 (Dataset.Y); the accuracy is the fraction of outputs whose
//     probability is on the target's side of 0.5.
//   - *Regression: real values (Dataset.Y), with the mean squared or mean
//     absolute error; the accuracy is the fraction of outputs within a
//     precision of their target.
//
// Its methods are the package's own.
type Head[T kernels.Float] interface {
	// predict sets the predictions for scores and returns them.
	predict(scores Matrix[T]) Matrix[T]
	// loss returns the loss of the last predictions against the targets of
	// data (data.X is not read).
	loss(data Dataset[T]) T
	// backward returns the gradient of that loss with respect to the scores.
	backward(data Dataset[T]) Matrix[T]
	// accuracy returns how many samples (classes) or outputs (values) the
	// last predictions got right, and of how many.
	accuracy(data Dataset[T]) (right, of int)
	// prepare is called with the data of Train and Evaluate before they
	// start.
	prepare(data Dataset[T])
	// values reports whether the targets are values (Dataset.Y) rather than
	// class indices.
	values() bool
}

func (l *SoftmaxCrossEntropy[T]) predict(scores Matrix[T]) Matrix[T] {
	return l.Activation.Forward(scores)
}

func (l *SoftmaxCrossEntropy[T]) loss(data Dataset[T]) T {
	return l.Loss.Loss(l.Activation.Output, data.Classes)
}

func (l *SoftmaxCrossEntropy[T]) backward(data Dataset[T]) Matrix[T] {
	return l.Backward(data.Classes)
}

func (l *SoftmaxCrossEntropy[T]) accuracy(data Dataset[T]) (int, int) {
	return correct(l.Activation.Output, data.Classes), len(data.Classes)
}

func (l *SoftmaxCrossEntropy[T]) prepare(Dataset[T]) {}
func (l *SoftmaxCrossEntropy[T]) values() bool       { return false }

// SigmoidBinaryCrossEntropy is a sigmoid activation followed by the binary
// cross-entropy loss, with the backward pass of the two combined, as
// SoftmaxCrossEntropy combines softmax and categorical cross-entropy: the
// gradient with respect to the sigmoid's inputs is (ŷ − y)/outputs/samples,
// what Sigmoid.Backward after BinaryCrossEntropy.Backward computes where
// the predictions are not clipped, in one cheap pass.
type SigmoidBinaryCrossEntropy[T kernels.Float] struct {
	Activation Sigmoid[T]            // its Output is the predictions ŷ
	Loss       BinaryCrossEntropy[T] // computes the loss value in Forward
	DInputs    Matrix[T]             // samples × outputs, set by Backward
}

// Forward sets Activation.Output to the sigmoid of inputs (samples ×
// outputs) and returns the binary cross-entropy against yTrue, of the same
// shape (see Sigmoid.Forward and BinaryCrossEntropy.Loss).
func (l *SigmoidBinaryCrossEntropy[T]) Forward(inputs, yTrue Matrix[T]) T {
	return l.Loss.Loss(l.Activation.Forward(inputs), yTrue)
}

// Backward sets DInputs to the gradient of the loss of the last Forward
// with respect to the sigmoid's inputs, (ŷ − y)/outputs/samples with ŷ the
// predictions Activation.Output, and returns it. NaN and ±∞ propagate.
// yTrue must not overlap DInputs.
func (l *SigmoidBinaryCrossEntropy[T]) Backward(yTrue Matrix[T]) Matrix[T] {
	return gradient("SigmoidBinaryCrossEntropy.Backward", &l.DInputs, l.Activation.Output, yTrue, func(out, p, y []T) {
		copy(out, p)
		kernels.Axpy(-1, y, out)
	})
}

func (l *SigmoidBinaryCrossEntropy[T]) predict(scores Matrix[T]) Matrix[T] {
	return l.Activation.Forward(scores)
}

func (l *SigmoidBinaryCrossEntropy[T]) loss(data Dataset[T]) T {
	return l.Loss.Loss(l.Activation.Output, data.Y)
}

func (l *SigmoidBinaryCrossEntropy[T]) backward(data Dataset[T]) Matrix[T] { return l.Backward(data.Y) }

// accuracy counts the outputs whose prediction, thresholded at 0.5 (the
// book's (ŷ > 0.5)·1), equals the target.
func (l *SigmoidBinaryCrossEntropy[T]) accuracy(data Dataset[T]) (int, int) {
	right := 0
	for i, p := range l.Activation.Output.Data {
		var class T
		if p > 0.5 {
			class = 1
		}
		if class == data.Y.Data[i] {
			right++
		}
	}
	return right, len(data.Y.Data)
}

func (l *SigmoidBinaryCrossEntropy[T]) prepare(Dataset[T]) {}
func (l *SigmoidBinaryCrossEntropy[T]) values() bool       { return true }

// A RegressionLoss is the loss of a Regression: *MeanSquaredError,
// *MeanAbsoluteError, or a type of the caller's with their methods.
type RegressionLoss[T kernels.Float] interface {
	// Loss returns the mean loss of the predictions against the targets, of
	// the same shape.
	Loss(yPred, yTrue Matrix[T]) T
	// Backward returns the gradient of Loss with respect to the predictions
	// dvalues.
	Backward(dvalues, yTrue Matrix[T]) Matrix[T]
}

// Regression is the head of a model that predicts values: the identity
// (Linear) activation and a regression loss. Its accuracy is the book's
// Accuracy_Regression: the fraction of outputs within Precision of their
// target.
type Regression[T kernels.Float] struct {
	Activation Linear[T]
	Loss       RegressionLoss[T] // nil for &MeanSquaredError[T]{}

	// Precision is the accuracy's tolerance, |ŷ − y| < Precision. Zero
	// means the book's std(y)/250, set from the targets of the first data
	// Train or Evaluate is given.
	Precision T
}

func (r *Regression[T]) lossFunc() RegressionLoss[T] {
	if r.Loss == nil {
		r.Loss = &MeanSquaredError[T]{}
	}
	return r.Loss
}

func (r *Regression[T]) predict(scores Matrix[T]) Matrix[T] {
	return r.Activation.Forward(scores)
}

func (r *Regression[T]) loss(data Dataset[T]) T {
	return r.lossFunc().Loss(r.Activation.Output, data.Y)
}

// backward is the loss's gradient: that of the identity is 1.
func (r *Regression[T]) backward(data Dataset[T]) Matrix[T] {
	return r.lossFunc().Backward(r.Activation.Output, data.Y)
}

func (r *Regression[T]) accuracy(data Dataset[T]) (int, int) {
	right := 0
	for i, p := range r.Activation.Output.Data {
		if T(math.Abs(float64(p-data.Y.Data[i]))) < r.Precision {
			right++
		}
	}
	return right, len(data.Y.Data)
}

// prepare sets a zero Precision to the population standard deviation of the
// targets of data (numpy's np.std), divided by 250.
func (r *Regression[T]) prepare(data Dataset[T]) {
	if r.Precision != 0 || len(data.Y.Data) == 0 {
		return
	}
	var sum, sq float64
	for _, v := range data.Y.Data {
		sum += float64(v)
	}
	mean := sum / float64(len(data.Y.Data))
	for _, v := range data.Y.Data {
		sq += (float64(v) - mean) * (float64(v) - mean)
	}
	r.Precision = T(math.Sqrt(sq/float64(len(data.Y.Data))) / 250)
}

func (r *Regression[T]) values() bool { return true }
