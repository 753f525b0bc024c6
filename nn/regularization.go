package nn

import (
	"math"

	"github.com/simdkern/simdkern/kernels"
)

// RegularizationLoss returns the book's regularisation loss of the layer,
//
//	WeightL1·Σ|w| + WeightL2·Σw² + BiasL1·Σ|b| + BiasL2·Σb²
//
// over its weights w and biases b, each sum formed in float64 (the sums of
// squares are kernels.Dot). Terms whose strength is 0 are skipped.
func (d *Dense[T]) RegularizationLoss() T {
	d.checkParams("Dense.RegularizationLoss")
	return T(penalty(d.Weights.Data, d.WeightL1, d.WeightL2) + penalty(d.Biases.Data, d.BiasL1, d.BiasL2))
}

// penalty returns l1·Σ|p| + l2·Σp², skipping a zero strength.
func penalty[T kernels.Float](p []T, l1, l2 T) float64 {
	var sum float64
	if l1 != 0 {
		var abs float64
		for _, v := range p {
			abs += math.Abs(float64(v))
		}
		sum += float64(l1) * abs
	}
	if l2 != 0 {
		sum += float64(l2) * float64(kernels.Dot(p, p))
	}
	return sum
}

// regularize adds the gradient of l1·Σ|p| + l2·Σp² to g: l1 times the sign
// of each parameter (+1 at 0, as the book's), and 2·l2·p (kernels.Axpy).
func regularize[T kernels.Float](g, p []T, l1, l2 T) {
	if l1 != 0 {
		g = g[:len(p)]
		for i, v := range p {
			if v < 0 {
				g[i] -= l1
			} else {
				g[i] += l1
			}
		}
	}
	if l2 != 0 {
		kernels.Axpy(2*l2, p, g)
	}
}
