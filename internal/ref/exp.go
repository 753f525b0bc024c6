package ref

import (
	"math"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/exp"
)

// Exp sets dst[i] = e^x[i] by simdkern's exponential (package
// internal/exp): every path must give its bits.
func Exp[T dispatch.Float](dst, x []T) {
	for i := range x {
		dst[i] = exp.Of(exp.For[T](), x[i])
	}
}

// Sigmoid sets dst[i] = 1/(1 + e^−x[i]) as internal/exp.Sigmoid computes
// it, from e^−|x[i]|.
func Sigmoid[T dispatch.Float](dst, x []T) {
	for i := range x {
		dst[i] = exp.Sigmoid(exp.For[T](), x[i])
	}
}

// Softmax returns the softmax of x in float64 from the differences
// x[i] − m rounded to T (m the largest x[i]), as kernels.Softmax rounds
// them: e^d by math.Exp, the sum and the quotients in float64. A row
// holding a NaN or +∞, or only −∞, gives NaN throughout.
func Softmax[T dispatch.Float](x []T) []float64 {
	out := make([]float64, len(x))
	if len(x) == 0 {
		return out
	}
	m := x[0]
	for _, v := range x {
		if v != v {
			m = v
			break
		}
		m = max(m, v)
	}
	var sum float64
	for i, v := range x {
		out[i] = math.Exp(float64(v - m))
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}
