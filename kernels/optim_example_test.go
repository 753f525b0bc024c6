package kernels_test

import (
	"fmt"
	"math"

	"github.com/simdkern/simdkern/kernels"
)

func ExampleAdam() {
	// Three Adam steps with the book's defaults, the learning rate decayed
	// by 1/(1 + 1e-3·t) and the bias corrections of step t+1.
	w := []float64{0.5, -0.25, 1}
	m, v := make([]float64, len(w)), make([]float64, len(w))
	const rate, decay, beta1, beta2 = 0.001, 1e-3, 0.9, 0.999
	for t := range 3 {
		dw := []float64{0.1, -0.2, 0} // the gradient of this step
		c1 := 1 - math.Pow(beta1, float64(t+1))
		c2 := 1 - math.Pow(beta2, float64(t+1))
		kernels.Adam(rate/(1+decay*float64(t)), beta1, beta2, 1e-7, c1, c2, w, dw, m, v)
	}
	fmt.Printf("%.6f\n", w)
	// Output: [0.497003 -0.247003 1.000000]
}

func ExampleSGDMomentum() {
	// Two steps of SGD with momentum 0.9: the second moves by 0.9 times
	// the first update plus its own.
	w, u := []float32{1, 2}, make([]float32, 2)
	dw := []float32{0.5, -1}
	kernels.SGDMomentum(0.1, 0.9, w, dw, u)
	kernels.SGDMomentum(0.1, 0.9, w, dw, u)
	fmt.Println(w, u)
	// Output: [0.855 2.29] [-0.095 0.19]
}
