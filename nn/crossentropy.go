package nn

import (
	"fmt"
	"math"

	"github.com/simdkern/simdkern/kernels"
)

// CrossEntropy is the categorical cross-entropy loss of predicted
// probabilities ŷ (samples × classes, typically a softmax output) against
// targets given either as one class index per sample or as a one-hot (or any
// probability) matrix y of the same shape: the mean over samples of
// −log Σⱼ y_j·ŷ_j.
type CrossEntropy[T kernels.Float] struct {
	DInputs Matrix[T] // samples × classes, set by Backward and BackwardOneHot

	clipped []T // one clipped row of predictions, for LossOneHot
}

// clipLow and clipHigh bound the predictions in the loss, as the notebook's
// course does, so that log never sees 0 or 1.
const (
	clipLow  = 1e-7
	clipHigh = 1 - 1e-7
)

// clip returns p bounded to [clipLow, clipHigh]; NaN stays NaN.
func clip[T kernels.Float](p T) T {
	switch {
	case p < clipLow:
		return clipLow
	case p > clipHigh:
		return clipHigh
	}
	return p // NaN stays NaN
}

// Loss returns the mean over samples of −log(clip(yPred(i, classes[i]))),
// with predictions clipped to [1e-7, 1 − 1e-7]; the sum is formed in
// float64. classes holds one index per row of yPred, each in [0, yPred.Cols).
// A NaN prediction at a target gives NaN; with no samples the loss is NaN,
// as numpy's mean of nothing.
func (l *CrossEntropy[T]) Loss(yPred Matrix[T], classes []int) T {
	checkClasses("CrossEntropy.Loss", yPred, classes)
	var sum float64
	for i, c := range classes {
		sum -= math.Log(float64(clip(yPred.Data[i*yPred.Cols+c])))
	}
	return T(sum / float64(len(classes)))
}

// LossOneHot returns the mean over samples of −log Σⱼ clip(yPred(i, j))·yTrue(i, j),
// with predictions clipped to [1e-7, 1 − 1e-7]; yTrue has yPred's shape.
// The row sums are kernels.Dot, the mean is formed in float64. NaN in
// either matrix gives NaN; with no samples the loss is NaN.
func (l *CrossEntropy[T]) LossOneHot(yPred, yTrue Matrix[T]) T {
	checkSameShape("CrossEntropy.LossOneHot", "predictions", yPred, "targets", yTrue)
	if cap(l.clipped) < yPred.Cols {
		l.clipped = make([]T, yPred.Cols)
	}
	row := l.clipped[:yPred.Cols]
	var sum float64
	for i := range yPred.Rows {
		for j, p := range yPred.row(i) {
			row[j] = clip(p)
		}
		sum -= math.Log(float64(kernels.Dot(row, yTrue.row(i))))
	}
	return T(sum / float64(yPred.Rows))
}

// Backward sets DInputs to the gradient of Loss with respect to the
// predictions dvalues (samples × classes), −y/ŷ / samples elementwise with
// y the one-hot of classes, and returns it. As in the course the
// predictions are not clipped here: ŷ = 0 gives −∞ at a target and NaN
// (0/0) elsewhere, and the result is bit for bit that of BackwardOneHot with
// the one-hot matrix. dvalues may be DInputs itself.
func (l *CrossEntropy[T]) Backward(dvalues Matrix[T], classes []int) Matrix[T] {
	checkClasses("CrossEntropy.Backward", dvalues, classes)
	l.DInputs.resize(dvalues.Rows, dvalues.Cols)
	n := T(dvalues.Rows)
	zero := T(0)
	negZero := -zero
	for i, c := range classes {
		d, out := dvalues.row(i), l.DInputs.row(i)
		out = out[:len(d)]
		for j, p := range d {
			switch {
			case j == c:
				out[j] = -1 / p / n
			case p > 0:
				out[j] = negZero // −0/p/n, without the divisions
			default:
				out[j] = -zero / p / n
			}
		}
	}
	return l.DInputs
}

// BackwardOneHot sets DInputs to −yTrue/dvalues / samples elementwise (the
// division by samples a second rounding, as numpy's), and returns it: the
// gradient of LossOneHot with respect to the predictions dvalues for
// one-hot targets yTrue (of dvalues' shape). For other probability targets
// it is, as in the book, the gradient of the mean of −Σⱼ y_j·log ŷ_j, not of
// LossOneHot's −log Σⱼ y_j·ŷ_j. ŷ = 0 gives ±∞ where y ≠ 0 and NaN where
// y = 0. dvalues may be DInputs itself; yTrue must not overlap DInputs.
func (l *CrossEntropy[T]) BackwardOneHot(dvalues, yTrue Matrix[T]) Matrix[T] {
	checkSameShape("CrossEntropy.BackwardOneHot", "dvalues", dvalues, "targets", yTrue)
	l.DInputs.resize(dvalues.Rows, dvalues.Cols)
	n := T(dvalues.Rows)
	out, y := l.DInputs.Data[:len(dvalues.Data)], yTrue.Data[:len(dvalues.Data)]
	for j, p := range dvalues.Data {
		out[j] = -y[j] / p / n
	}
	return l.DInputs
}

// checkClasses panics unless classes holds one valid class index for each
// row of m.
func checkClasses[T kernels.Float](fn string, m Matrix[T], classes []int) {
	m.checkValid(fn, "predictions")
	if len(classes) != m.Rows {
		panic(fmt.Sprintf("nn.%s: predictions are %v, %d class indices", fn, m.shape(), len(classes)))
	}
	for i, c := range classes {
		if uint(c) >= uint(m.Cols) {
			panic(fmt.Sprintf("nn.%s: classes[%d] = %d, want 0 ≤ class < %d", fn, i, c, m.Cols))
		}
	}
}
