package gonumblas

import (
	"github.com/simdkern/simdkern/kernels"
	"gonum.org/v1/gonum/blas"
)

// Sgemm computes C = alpha·op(A)·op(B) + beta·C with gonum's arguments and
// row-major layout: C is m×n, op(A) m×k and op(B) k×n, where op(X) is X for
// blas.NoTrans and Xᵀ for blas.Trans or blas.ConjTrans. It runs kernels.Gemm
// unless gonum rejects an argument (gonum then panics with its own message),
// m or n is 0, or the memory C spans meets that of A or B; those
// calls are gonum's Sgemm.
//
// As in gonum, beta == 0 sets C without reading it and alpha == 0 or k == 0
// only scales C by beta. Unlike gonum, every product is computed, so an ∞ or
// NaN in B meeting a zero in A gives NaN in every layout.
func (impl Implementation) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if !gemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
		impl.Implementation.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

// Dgemm computes C = alpha·op(A)·op(B) + beta·C with gonum's arguments and
// row-major layout: C is m×n, op(A) m×k and op(B) k×n, where op(X) is X for
// blas.NoTrans and Xᵀ for blas.Trans or blas.ConjTrans. It runs kernels.Gemm
// unless gonum rejects an argument (gonum then panics with its own message),
// m or n is 0, or the memory C spans meets that of A or B; those
// calls are gonum's Dgemm.
//
// As in gonum, beta == 0 sets C without reading it and alpha == 0 or k == 0
// only scales C by beta. Unlike gonum, every product is computed, so an ∞ or
// NaN in B meeting a zero in A gives NaN in every layout.
func (impl Implementation) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if !gemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
		impl.Implementation.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

// gemm runs the product on kernels.Gemm and reports true, or reports false,
// having touched nothing, if the call is gonum's.
func gemm[T kernels.Float](tA, tB blas.Transpose, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) bool {
	transA, okA := isTrans(tA)
	transB, okB := isTrans(tB)
	if !okA || !okB || m <= 0 || n <= 0 || k < 0 {
		return false
	}
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	if !fits(len(a), ar, ac, lda) || !fits(len(b), br, bc, ldb) || !fits(len(c), m, n, ldc) {
		return false
	}
	sc := spanOf(c, m, n, ldc)
	if sc.overlap(spanOf(a, ar, ac, lda)) || sc.overlap(spanOf(b, br, bc, ldb)) {
		return false
	}
	kernels.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	return true
}
