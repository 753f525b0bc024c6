package kernels

import "github.com/simdkern/simdkern/internal/dispatch"

// Gemm computes C = alpha·op(A)·op(B) + beta·C, where op(X) is Xᵀ when the
// matching trans flag is set and X otherwise. C is m×n with leading dimension
// ldc; op(A) is m×k and op(B) is k×n, so A is stored m×k (k×m if transA) with
// leading dimension lda and B is stored k×n (n×k if transB) with leading
// dimension ldb. C must not share an element with A or B (Gemm panics if it
// does; matrices that interleave in one buffer with the same leading
// dimension, such as blocks of columns of a larger matrix, are fine).
//
// As in BLAS, beta == 0 sets C without reading it (a NaN in C does not
// propagate), and alpha == 0 or k == 0 only scales C by beta, without reading
// A or B. Each element of C is a sum of k products in an order that depends
// on the path and the sizes; alpha then scales the finished sum (never A or
// B), so the result is
//
//	C(i,j) = alpha·S + beta·C(i,j),  S = Σₗ op(A)(i,l)·op(B)(l,j),
//
// with an error of at most γₖ₊₂·(|alpha|·Σₗ|op(A)(i,l)·op(B)(l,j)| +
// |beta·C(i,j)|), counting the roundings of the k products' sum, of alpha and
// of the beta term (see Dot for γ), plus (|alpha|·k + 2) times the smallest
// subnormal where terms underflow. NaN and ±∞ in A, B or (when beta ≠ 0) C
// propagate as in that sum.
func Gemm[T Float](transA, transB bool, m, n, k int, alpha T, a []T, lda int,
	b []T, ldb int, beta T, c []T, ldc int) {
	checkGemm("Gemm", transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || alpha == 0 {
		scaleMatrix(beta, c, m, n, ldc)
		return
	}
	use[T]().Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// checkGemm panics, naming fn, unless Gemm's arguments are valid: sizes
// non-negative, slices that hold the matrices, C sharing no element with A
// or B. It returns the three matrices as the overlap checks see them.
func checkGemm[T Float](fn string, transA, transB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) (am, bm, cm matrix[T]) {
	ar, ac, br, bc := checkGemmShapes(fn, transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	am, bm, cm = matrix[T]{a, ar, ac, lda}, matrix[T]{b, br, bc, ldb}, matrix[T]{c, m, n, ldc}
	checkOverlap(fn, "c", "a", cm, am)
	checkOverlap(fn, "c", "b", cm, bm)
	return am, bm, cm
}

// checkGemmShapes panics, naming fn, unless the sizes are non-negative and
// slices of lengths la, lb and lc hold A, B and C; it returns the stored
// shapes of A (ar×ac) and B (br×bc).
func checkGemmShapes(fn string, transA, transB bool, m, n, k, la, lda, lb, ldb, lc, ldc int) (ar, ac, br, bc int) {
	if m < 0 || n < 0 || k < 0 {
		badArg(fn, "m = %d, n = %d, k = %d: negative size", m, n, k)
	}
	ar, ac, br, bc = dispatch.Stored(transA, transB, m, n, k)
	checkMatrix(fn, "a", "lda", la, ar, ac, lda)
	checkMatrix(fn, "b", "ldb", lb, br, bc, ldb)
	checkMatrix(fn, "c", "ldc", lc, m, n, ldc)
	return ar, ac, br, bc
}

// scaleMatrix sets C = beta·C for the m×n matrix c; beta == 0 writes zeros
// without reading C.
func scaleMatrix[T Float](beta T, c []T, m, n, ldc int) {
	for i := range m {
		row := c[i*ldc : i*ldc+n]
		switch beta {
		case 0:
			clear(row)
		case 1:
		default:
			for j := range row {
				row[j] *= beta
			}
		}
	}
}
