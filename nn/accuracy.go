package nn

import (
	"fmt"

	"github.com/simdkern/simdkern/kernels"
)

// Argmax sets dst[i] to the column of the largest element of row i of m
// (the predicted class, as the book's np.argmax(outputs, axis=1)) and
// returns dst, grown if it is shorter than m.Rows. Ties go to the first
// column; a NaN element is skipped, and a row of NaN (or with no columns)
// gives 0.
func Argmax[T kernels.Float](dst []int, m Matrix[T]) []int {
	m.checkValid("Argmax", "inputs")
	if cap(dst) < m.Rows {
		dst = make([]int, m.Rows)
	}
	dst = dst[:m.Rows]
	for i := range m.Rows {
		dst[i] = argmax(m.row(i))
	}
	return dst
}

// argmax returns the index of the first largest non-NaN element of row, or 0.
func argmax[T kernels.Float](row []T) int {
	best := 0
	for j, v := range row {
		if v > row[best] || row[best] != row[best] && v == v {
			best = j
		}
	}
	return best
}

// Accuracy returns the fraction of rows of the predictions m (samples ×
// classes, scores or probabilities) whose Argmax is the class index in
// classes, as the book's np.mean(predictions == y). With no samples it is
// NaN. It panics unless classes holds one index per row.
func Accuracy[T kernels.Float](m Matrix[T], classes []int) float64 {
	m.checkValid("Accuracy", "predictions")
	if len(classes) != m.Rows {
		panic(fmt.Sprintf("nn.Accuracy: predictions are %v, %d class indices", m.shape(), len(classes)))
	}
	return float64(correct(m, classes)) / float64(m.Rows)
}

// correct returns how many rows of m have their Argmax at classes[i].
func correct[T kernels.Float](m Matrix[T], classes []int) int {
	n := 0
	for i, c := range classes {
		if argmax(m.row(i)) == c {
			n++
		}
	}
	return n
}
