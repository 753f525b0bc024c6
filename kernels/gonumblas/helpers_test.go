package gonumblas

import (
	"math"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
	"github.com/simdkern/simdkern/internal/ref"
	"github.com/simdkern/simdkern/kernels"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// impl is what Implementation and gonum's implementation share.
type impl interface {
	blas.Float32
	blas.Float64
}

// want is the implementation every result is compared with.
var want impl = gonum.Implementation{}

// routines holds the accelerated routines of one implementation for T.
type routines[T kernels.Float] struct {
	dot  func(n int, x []T, incX int, y []T, incY int) T
	axpy func(n int, alpha T, x []T, incX int, y []T, incY int)
	gemv func(tA blas.Transpose, m, n int, alpha T, a []T, lda int, x []T, incX int, beta T, y []T, incY int)
	gemm func(tA, tB blas.Transpose, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)
}

// routinesOf returns im's Sdot, Saxpy, Sgemv and Sgemm for float32 and the
// D routines for float64.
func routinesOf[T kernels.Float](im impl) routines[T] {
	var r any
	if dispatch.Is32[T]() {
		r = routines[float32]{im.Sdot, im.Saxpy, im.Sgemv, im.Sgemm}
	} else {
		r = routines[float64]{im.Ddot, im.Daxpy, im.Dgemv, im.Dgemm}
	}
	return r.(routines[T])
}

// recovered runs f and returns the value it panicked with, or nil.
func recovered(f func()) (p any) {
	defer func() { p = recover() }()
	f()
	return nil
}

// near reports whether got and want, both computed from terms whose
// magnitudes sum to mag, agree within twice the error bound of a sum of n
// terms (each may err by that bound) plus some subnormals; NaN matches NaN
// and infinities must be equal.
func near[T kernels.Float](got, want T, n int, mag float64) bool {
	g, w := float64(got), float64(want)
	switch {
	case math.IsNaN(g) || math.IsNaN(w):
		return math.IsNaN(g) && math.IsNaN(w)
	case math.IsInf(g, 0) || math.IsInf(w, 0):
		return g == w
	}
	tiny := 0x1p-149
	if !dispatch.Is32[T]() {
		tiny = 0x1p-1074
	}
	return math.Abs(g-w) <= 2*ref.Gamma[T](n+2)*mag+float64(n+2)*tiny
}

// sameBits reports whether x and y hold the same bits, element by element.
func sameBits[T kernels.Float](x, y []T) bool {
	return len(x) == len(y) && kerneltest.Diff("", x, y) == nil
}

func bitsOf[T kernels.Float](v T) uint64 {
	if dispatch.Is32[T]() {
		return uint64(math.Float32bits(float32(v)))
	}
	return math.Float64bits(float64(v))
}
