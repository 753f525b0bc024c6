package kernels_test

import (
	"fmt"
	"math"

	"github.com/simdkern/simdkern/kernels"
)

func ExampleExp() {
	x := []float64{0, 1, -1, 710, math.Inf(-1)}
	kernels.Exp(x, x) // in place
	fmt.Printf("%.6g\n", x)
	// Output: [1 2.71828 0.367879 +Inf 0]
}

func ExampleSigmoid() {
	x := []float32{-1000, -1, 0, 2, math.MaxFloat32}
	y := make([]float32, len(x))
	kernels.Sigmoid(y, x)
	fmt.Printf("%.4f\n", y)
	// Output: [0.0000 0.2689 0.5000 0.8808 1.0000]
}

func ExampleSoftmax() {
	// The book's softmax of one row of outputs.
	x := []float32{4.8, 1.21, 2.385}
	p := make([]float32, len(x))
	kernels.Softmax(p, x)
	fmt.Printf("%.6f\n", p)
	// Output: [0.895283 0.024708 0.080009]
}
