package gonumblas_test

import (
	"fmt"

	"github.com/simdkern/simdkern/kernels/gonumblas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// One line at the start of a program makes gonum's matrix code run on
// simdkern's kernels.
func Example() {
	blas64.Use(gonumblas.Implementation{}) // mat, and every blas64 caller
	blas32.Use(gonumblas.Implementation{}) // blas32 callers

	a := mat.NewDense(2, 3, []float64{
		1, 2, 3,
		4, 5, 6,
	})
	b := mat.NewDense(3, 2, []float64{
		7, 8,
		9, 10,
		11, 12,
	})
	var c mat.Dense
	c.Mul(a, b) // Dgemm on kernels.Gemm
	fmt.Printf("%v\n", mat.Formatted(&c))
	// Output:
	// ⎡ 58   64⎤
	// ⎣139  154⎦
}
