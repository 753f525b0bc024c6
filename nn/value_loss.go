package nn

import (
	"math"

	"github.com/simdkern/simdkern/kernels"
)

// The losses of models whose targets are values, not classes: each compares
// predictions ŷ with targets y of the same shape (samples × outputs) and is
// the mean over samples of the mean over outputs of an elementwise loss,
// the book's Loss.calculate of sample_losses = np.mean(…, axis=−1). The
// sums are formed in float64; with no samples or no outputs the loss is
// NaN, as numpy's mean of nothing. Each Backward divides its elementwise
// gradient by outputs, then by samples, as the book does, so NaN and ±∞
// propagate as in those formulas; dvalues may be DInputs itself, and yTrue
// must not overlap DInputs.

// meanLoss returns the mean over the elements of yPred and yTrue (checked
// to share a shape by fn) of loss(ŷ, y), in float64. The mean of the rows'
// means is the mean of all elements, which is what is formed.
func meanLoss[T kernels.Float](fn string, yPred, yTrue Matrix[T], loss func(p, y float64) float64) T {
	checkSameShape(fn, "predictions", yPred, "targets", yTrue)
	var sum float64
	for i, p := range yPred.Data {
		sum += loss(float64(p), float64(yTrue.Data[i]))
	}
	return T(sum / float64(len(yPred.Data)))
}

// gradient checks for fn that dvalues and yTrue share a shape, sets dst to
// that shape, calls grad with its data (of dvalues' length) to set each
// element to the elementwise gradient, then divides them by outputs and by
// samples, and returns dst.
func gradient[T kernels.Float](fn string, dst *Matrix[T], dvalues, yTrue Matrix[T], grad func(out, p, y []T)) Matrix[T] {
	checkSameShape(fn, "dvalues", dvalues, "targets", yTrue)
	dst.resize(dvalues.Rows, dvalues.Cols)
	n := len(dvalues.Data)
	grad(dst.Data[:n], dvalues.Data, yTrue.Data[:n])
	divide(dst.Data, dvalues.Cols)
	divide(dst.Data, dvalues.Rows)
	return *dst
}

// BinaryCrossEntropy is the book's Loss_BinaryCrossentropy, the loss of
// independent yes/no outputs: predicted probabilities ŷ (typically
// Sigmoid's output) against targets y of 0 or 1, elementwise
// −(y·log ŷ + (1 − y)·log(1 − ŷ)), with ŷ clipped to [1e-7, 1 − 1e-7] in
// the loss and in its gradient, as the book clips them.
type BinaryCrossEntropy[T kernels.Float] struct {
	DInputs Matrix[T] // samples × outputs, set by Backward
}

// Loss returns the mean binary cross-entropy of yPred against yTrue.
func (l *BinaryCrossEntropy[T]) Loss(yPred, yTrue Matrix[T]) T {
	return meanLoss("BinaryCrossEntropy.Loss", yPred, yTrue, func(p, y float64) float64 {
		p = float64(clip(p))
		return -(y*math.Log(p) + (1-y)*math.Log(1-p))
	})
}

// Backward sets DInputs to the gradient of Loss with respect to the
// predictions dvalues, −(y/ŷ − (1 − y)/(1 − ŷ))/outputs/samples with ŷ
// clipped, and returns it.
func (l *BinaryCrossEntropy[T]) Backward(dvalues, yTrue Matrix[T]) Matrix[T] {
	return gradient("BinaryCrossEntropy.Backward", &l.DInputs, dvalues, yTrue, func(out, p, y []T) {
		for i, p := range p {
			p = clip(p)
			out[i] = -(y[i]/p - (1-y[i])/(1-p))
		}
	})
}

// MeanSquaredError is the book's Loss_MeanSquaredError (L2), the loss of
// regression: elementwise (y − ŷ)².
type MeanSquaredError[T kernels.Float] struct {
	DInputs Matrix[T] // samples × outputs, set by Backward
}

// Loss returns the mean squared error of yPred against yTrue.
func (l *MeanSquaredError[T]) Loss(yPred, yTrue Matrix[T]) T {
	return meanLoss("MeanSquaredError.Loss", yPred, yTrue, func(p, y float64) float64 {
		return (y - p) * (y - p)
	})
}

// Backward sets DInputs to the gradient of Loss with respect to the
// predictions dvalues, −2(y − ŷ)/outputs/samples, and returns it.
func (l *MeanSquaredError[T]) Backward(dvalues, yTrue Matrix[T]) Matrix[T] {
	return gradient("MeanSquaredError.Backward", &l.DInputs, dvalues, yTrue, func(out, p, y []T) {
		for i, p := range p {
			out[i] = -2 * (y[i] - p)
		}
	})
}

// MeanAbsoluteError is the book's Loss_MeanAbsoluteError (L1), a loss of
// regression less swayed by outliers: elementwise |y − ŷ|.
type MeanAbsoluteError[T kernels.Float] struct {
	DInputs Matrix[T] // samples × outputs, set by Backward
}

// Loss returns the mean absolute error of yPred against yTrue.
func (l *MeanAbsoluteError[T]) Loss(yPred, yTrue Matrix[T]) T {
	return meanLoss("MeanAbsoluteError.Loss", yPred, yTrue, func(p, y float64) float64 {
		return math.Abs(y - p)
	})
}

// Backward sets DInputs to the gradient of Loss with respect to the
// predictions dvalues, −sign(y − ŷ)/outputs/samples (0 where ŷ = y), and
// returns it.
func (l *MeanAbsoluteError[T]) Backward(dvalues, yTrue Matrix[T]) Matrix[T] {
	return gradient("MeanAbsoluteError.Backward", &l.DInputs, dvalues, yTrue, func(out, p, y []T) {
		for i, p := range p {
			switch d := y[i] - p; {
			case d > 0:
				out[i] = -1
			case d < 0:
				out[i] = 1
			default:
				out[i] = d // ±0, or NaN
			}
		}
	})
}
