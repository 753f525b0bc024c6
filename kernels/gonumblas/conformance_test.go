package gonumblas

import (
	"testing"

	"github.com/simdkern/simdkern/internal/kerneltest"
	"gonum.org/v1/gonum/blas/testblas"
)

// gonum's conformance suite, on every routine it covers that Implementation
// runs on the kernels (it has no float32 tests; the differential tests
// compare those with gonum).
func TestConformance(t *testing.T) {
	// The suite's matrices are small: let Dgemv take the kernel path anyway.
	defer func(n int) { gemvMinRow = n }(gemvMinRow)
	gemvMinRow = 1
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		impl := Implementation{}
		t.Run("Ddot", func(t *testing.T) { testblas.DdotTest(t, impl) })
		t.Run("Daxpy", func(t *testing.T) { testblas.DaxpyTest(t, impl) })
		t.Run("Dgemv", func(t *testing.T) { testblas.DgemvTest(t, impl) })
		t.Run("Dgemm", func(t *testing.T) { testblas.TestDgemm(t, impl) })
	})
}
