package gonumblas

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Implementation is a BLAS implementation for gonum's blas32.Use and
// blas64.Use. Its zero value is ready to use and it holds no state, so it is
// safe for concurrent use.
//
// The methods defined here run on simdkern's kernels in the cases their
// documentation gives and are gonum's otherwise; every other method of
// blas.Float32, blas.Float64, blas.Complex64 and blas.Complex128 is promoted
// from the embedded gonum.Implementation.
type Implementation struct {
	gonum.Implementation
}

var (
	_ blas.Float32 = Implementation{}
	_ blas.Float64 = Implementation{}
)
