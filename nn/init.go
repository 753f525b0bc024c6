package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/simdkern/simdkern/kernels"
)

// Init chooses how NewDenseInit draws a dense layer's initial weights; the
// biases always start at zero. Every choice draws from the standard normal
// distribution N(0, 1) and scales it.
type Init int

const (
	// InitBook is the book's 0.01·N(0, 1): small weights, fine for the
	// shallow networks of its chapters.
	InitBook Init = iota
	// InitHe is N(0, 1)·√(2/n_inputs) (He et al., 2015), which keeps the
	// variance of activations through ReLU layers.
	InitHe
	// InitGlorot is N(0, 1)·√(2/(n_inputs + n_neurons)) (Glorot and
	// Bengio, 2010, the normal form).
	InitGlorot
)

// String returns the name of the constant.
func (i Init) String() string {
	switch i {
	case InitBook:
		return "InitBook"
	case InitHe:
		return "InitHe"
	case InitGlorot:
		return "InitGlorot"
	}
	return fmt.Sprintf("Init(%d)", int(i))
}

// scale returns the factor of N(0, 1) for a layer of nIn inputs and nOut
// neurons.
func (i Init) scale(nIn, nOut int) float64 {
	switch i {
	case InitBook:
		return 0.01
	case InitHe:
		return math.Sqrt(2 / float64(max(nIn, 1)))
	case InitGlorot:
		return math.Sqrt(2 / float64(max(nIn+nOut, 1)))
	}
	panic(fmt.Sprintf("nn.NewDenseInit: unknown %v", i))
}

// NewDenseInit returns a dense layer of nIn inputs and nOut neurons with
// weights (nIn × nOut) drawn from rng as init says, in row order, and zero
// biases (1 × nOut), as the book's Layer_Dense with
// 0.01 * np.random.randn(n_inputs, n_neurons) for InitBook. The same rng
// state gives the same weights on every platform and kernels path.
func NewDenseInit[T kernels.Float](nIn, nOut int, init Init, rng *rand.Rand) *Dense[T] {
	if nIn < 0 || nOut < 0 {
		panic(fmt.Sprintf("nn.NewDenseInit: %d inputs, %d neurons: negative size", nIn, nOut))
	}
	s := init.scale(nIn, nOut)
	w := NewMatrix[T](nIn, nOut, nil)
	for i := range w.Data {
		w.Data[i] = T(s * rng.NormFloat64())
	}
	return NewDense(w, NewMatrix[T](1, nOut, nil))
}
