package kernels

// gemmGeneric is the pure-Go Gemm, and the loops the packed paths run for
// small products (gemmSmall): C is first scaled by beta, then each row of C
// accumulates alpha·op(A)·op(B). Without trans(B) the inner loop is an axpy
// of a row of B into a row of C; with trans(B) it is a dot product of a row
// of op(A) with a row of B. Both stream contiguous memory.
//
// The generic path keeps these loops for every size: the packed algorithm
// of gemm_blocked.go with a pure-Go micro-kernel (2×4 or 4×4 scalar
// accumulators) measured slower, 2.5-3.9 GFLOP/s against 3-4.5 at 256³, as
// the Go compiler spills the accumulators and keeps the bounds checks.
func gemmGeneric[T Float](transA, transB bool, m, n, k int, alpha T, a []T, lda int,
	b []T, ldb int, beta T, c []T, ldc int) {
	scaleMatrix(beta, c, m, n, ldc)
	// A(i, l) = a[i*ai + l*al].
	ai, al := lda, 1
	if transA {
		ai, al = 1, lda
	}
	for i := range m {
		crow := c[i*ldc : i*ldc+n]
		if !transB {
			for l := range k {
				s := alpha * a[i*ai+l*al]
				axpyGeneric(s, b[l*ldb:l*ldb+n], crow)
			}
			continue
		}
		for j := range crow {
			brow := b[j*ldb : j*ldb+k]
			var s T
			if !transA {
				s = dotGeneric(a[i*lda:i*lda+k], brow)
			} else {
				for l, v := range brow {
					s += a[l*lda+i] * v
				}
			}
			crow[j] += alpha * s
		}
	}
}
