package kernels

// gemmGeneric is the pure-Go Gemm.
func gemmGeneric[T Float](transA, transB bool, m, n, k int, alpha T, a []T, lda int,
	b []T, ldb int, beta T, c []T, ldc int) {
	gemmUnpacked(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}
