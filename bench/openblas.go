//go:build openblas

package bench

// OpenBLAS through cgo, a peer for the benchmarks only (cgo is not allowed in
// _test.go files, so this one file of package bench is not a test file; it
// is built only with -tags openblas). It needs Debian's libopenblas-dev.

/*
#cgo LDFLAGS: -lopenblas
#include <cblas.h>
*/
import "C"

import (
	"fmt"
	"strings"
	"unsafe"
)

// openBLAS calls OpenBLAS's CBLAS interface, row-major, with the arguments
// of the kernels API (the cblas interface of the benchmarks).
type openBLAS struct{}

// setThreads sets the number of threads OpenBLAS runs.
func (openBLAS) setThreads(n int) { C.openblas_set_num_threads(C.int(n)) }

func (openBLAS) Name() string {
	config := strings.TrimSpace(C.GoString(C.openblas_get_config()))
	return fmt.Sprintf("%s (%s)", config, C.GoString(C.openblas_get_corename()))
}

func (openBLAS) Sdot(x, y []float32) float32 {
	if len(x) == 0 {
		return 0
	}
	return float32(C.cblas_sdot(C.blasint(len(x)), (*C.float)(&x[0]), 1, (*C.float)(&y[0]), 1))
}

func (openBLAS) Ddot(x, y []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	return float64(C.cblas_ddot(C.blasint(len(x)), (*C.double)(&x[0]), 1, (*C.double)(&y[0]), 1))
}

func (openBLAS) Saxpy(alpha float32, x, y []float32) {
	if len(x) == 0 {
		return
	}
	C.cblas_saxpy(C.blasint(len(x)), C.float(alpha), (*C.float)(&x[0]), 1, (*C.float)(&y[0]), 1)
}

func (openBLAS) Daxpy(alpha float64, x, y []float64) {
	if len(x) == 0 {
		return
	}
	C.cblas_daxpy(C.blasint(len(x)), C.double(alpha), (*C.double)(&x[0]), 1, (*C.double)(&y[0]), 1)
}

func (openBLAS) Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	C.cblas_sgemm(C.CblasRowMajor, cblasTrans(transA), cblasTrans(transB), C.blasint(m), C.blasint(n), C.blasint(k),
		C.float(alpha), (*C.float)(first(a)), C.blasint(lda), (*C.float)(first(b)), C.blasint(ldb),
		C.float(beta), (*C.float)(&c[0]), C.blasint(ldc))
}

func (openBLAS) Dgemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	C.cblas_dgemm(C.CblasRowMajor, cblasTrans(transA), cblasTrans(transB), C.blasint(m), C.blasint(n), C.blasint(k),
		C.double(alpha), (*C.double)(first(a)), C.blasint(lda), (*C.double)(first(b)), C.blasint(ldb),
		C.double(beta), (*C.double)(&c[0]), C.blasint(ldc))
}

func cblasTrans(t bool) C.enum_CBLAS_TRANSPOSE {
	if t {
		return C.CblasTrans
	}
	return C.CblasNoTrans
}

// first returns a pointer to s's first element, or nil when s is empty
// (k == 0); the sizes keep OpenBLAS from reading it then.
func first[T float32 | float64](s []T) unsafe.Pointer {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Pointer(&s[0])
}
