package gonumblas

import (
	"github.com/simdkern/simdkern/kernels"
	"gonum.org/v1/gonum/blas"
)

// Sgemv computes y = alpha·A·x + beta·y (blas.NoTrans) or
// y = alpha·Aᵀ·x + beta·y (blas.Trans or blas.ConjTrans) for the m×n matrix
// A with leading dimension lda. It runs on package kernels (without
// transpose the one-row product yᵀ = alpha·xᵀ·Aᵀ + beta·yᵀ of kernels.Gemm,
// with it a kernels.Axpy per row of A) when incX and incY are both 1,
// alpha ≠ 0, the rows of A hold at least 256 elements (gonum is as fast on
// shorter ones) and y shares no memory with A or x. Other calls are
// gonum's Sgemv, which also gives gonum's panics. As in gonum, beta == 0
// sets y without reading it. The kernel path writes only the elements of y;
// gonum's float32 GemvT (and its float64 GemvT where gonum has no assembly)
// with beta == 0 and incY == 1 zeroes a longer y to its end.
func (impl Implementation) Sgemv(tA blas.Transpose, m, n int, alpha float32, a []float32, lda int, x []float32, incX int, beta float32, y []float32, incY int) {
	if !gemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY) {
		impl.Implementation.Sgemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
	}
}

// Dgemv computes y = alpha·A·x + beta·y (blas.NoTrans) or
// y = alpha·Aᵀ·x + beta·y (blas.Trans or blas.ConjTrans) for the m×n matrix
// A with leading dimension lda. It runs on package kernels (without
// transpose the one-row product yᵀ = alpha·xᵀ·Aᵀ + beta·yᵀ of kernels.Gemm,
// with it a kernels.Axpy per row of A) when incX and incY are both 1,
// alpha ≠ 0, the rows of A hold at least 256 elements (gonum is as fast on
// shorter ones) and y shares no memory with A or x. Other calls are
// gonum's Dgemv, which also gives gonum's panics. As in gonum, beta == 0
// sets y without reading it. The kernel path writes only the elements of y;
// gonum's float32 GemvT (and its float64 GemvT where gonum has no assembly)
// with beta == 0 and incY == 1 zeroes a longer y to its end.
func (impl Implementation) Dgemv(tA blas.Transpose, m, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	if !gemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY) {
		impl.Implementation.Dgemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
	}
}

// gemvMinRow is the shortest row of A (n) for which Gemv runs on package
// kernels. Gemv streams A once either way and gonum's loops run its assembly
// on a row or a few at a time, so the kernels gain only once rows are long
// enough to hide a call per row. Measured with square A on one core of an
// AMD EPYC (Zen 3, the avx2 path), the kernels against gonum: at n = 32,
// float64 0.4-0.45×, float32 0.8-0.9×; at 64, float64 0.65-0.8×, float32
// 1.0×; at 128, float64 0.94×, float32 1.1-1.3×; at 256, float64 1.05-1.2×,
// float32 1.4-1.5×; at 1024, float64 1.15-1.2×, float32 1.3-1.5×. It is a
// variable so that gonum's conformance tests, whose matrices are small, can
// run the kernel path.
var gemvMinRow = 256

// gemv runs the product on package kernels and reports true, or reports
// false, having touched nothing, if the call is gonum's.
func gemv[T kernels.Float](tA blas.Transpose, m, n int, alpha T, a []T, lda int, x []T, incX int, beta T, y []T, incY int) bool {
	trans, ok := isTrans(tA)
	if !ok || m <= 0 || n < gemvMinRow || incX != 1 || incY != 1 || alpha == 0 {
		return false
	}
	lenX, lenY := n, m
	if trans {
		lenX, lenY = m, n
	}
	if !fits(len(a), m, n, lda) || len(x) < lenX || len(y) < lenY {
		return false
	}
	x, y = x[:lenX], y[:lenY]
	sy := spanOf(y, 1, lenY, lenY)
	if sy.overlap(spanOf(a, m, n, lda)) || sy.overlap(spanOf(x, 1, lenX, lenX)) {
		return false
	}
	if trans {
		// y = beta·y, then y += (alpha·x[i])·(row i of A), as gonum does:
		// as fast as kernels.Gemm's one-row route (BenchmarkGemv), without
		// its sums buffer.
		switch beta {
		case 0:
			clear(y)
		case 1:
		default:
			for j := range y {
				y[j] *= beta
			}
		}
		for i, v := range x {
			kernels.Axpy(alpha*v, a[i*lda:i*lda+n], y)
		}
		return true
	}
	// yᵀ = alpha·xᵀ·Aᵀ + beta·yᵀ, the 1×m product of xᵀ (1×n) and Aᵀ: on
	// amd64, Gemm's multi-dot kernels read x once for several rows of A.
	kernels.Gemm(false, true, 1, m, n, alpha, x, n, a, lda, beta, y, m)
	return true
}
