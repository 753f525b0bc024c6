package kernels

// gemmGeneric is the pure-Go Gemm, and the loops the packed paths run for
// small products (gemmSmall): C is first scaled by beta, then accumulates
// alpha·op(A)·op(B) in one of three loop nests chosen by the layout so that
// the inner loop streams contiguous memory. Each nest takes four products a
// pass, so every load of C (or of the shared operand) serves four
// multiply-adds.
//
// The generic path keeps these loops for every size: the packed algorithm
// of gemm_blocked.go with a pure-Go micro-kernel (2×4 or 4×4 scalar
// accumulators) measured slower, 2.5-3.9 GFLOP/s against 3-4.5 at 256³, as
// the Go compiler spills the accumulators and keeps the bounds checks.
func gemmGeneric[T Float](transA, transB bool, m, n, k int, alpha T, a []T, lda int,
	b []T, ldb int, beta T, c []T, ldc int) {
	scaleMatrix(beta, c, m, n, ldc)
	switch {
	case !transB:
		// A(i, l) = a[i*ai + l*al].
		ai, al := lda, 1
		if transA {
			ai, al = 1, lda
		}
		gemmRowAxpy(m, n, k, alpha, a, ai, al, b, ldb, c, ldc)
	case !transA:
		gemmRowDot(m, n, k, alpha, a, lda, b, ldb, c, ldc)
	default:
		gemmColDot(m, n, k, alpha, a, lda, b, ldb, c, ldc)
	}
}

// gemmRowAxpy adds alpha·A·B to C for B stored k×n: row i of C gains
// alpha·A(i, l) times row l of B, four rows of B a pass.
func gemmRowAxpy[T Float](m, n, k int, alpha T, a []T, ai, al int, b []T, ldb int, c []T, ldc int) {
	for i := range m {
		crow := c[i*ldc : i*ldc+n]
		l := 0
		for ; l <= k-4; l += 4 {
			s0, s1 := alpha*a[i*ai+l*al], alpha*a[i*ai+(l+1)*al]
			s2, s3 := alpha*a[i*ai+(l+2)*al], alpha*a[i*ai+(l+3)*al]
			b0 := b[l*ldb:][:len(crow)]
			b1 := b[(l+1)*ldb:][:len(crow)]
			b2 := b[(l+2)*ldb:][:len(crow)]
			b3 := b[(l+3)*ldb:][:len(crow)]
			for j := range crow {
				crow[j] += s0*b0[j] + s1*b1[j] + s2*b2[j] + s3*b3[j]
			}
		}
		for ; l < k; l++ {
			axpyGeneric(alpha*a[i*ai+l*al], b[l*ldb:l*ldb+n], crow)
		}
	}
}

// gemmRowDot adds alpha·A·Bᵀ to C for A stored m×k and B stored n×k: C(i,
// j) gains the dot product of rows i of A and j of B, four rows of B a pass.
func gemmRowDot[T Float](m, n, k int, alpha T, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	for i := range m {
		arow := a[i*lda : i*lda+k]
		crow := c[i*ldc : i*ldc+n]
		j := 0
		for ; j <= n-4; j += 4 {
			b0 := b[j*ldb:][:len(arow)]
			b1 := b[(j+1)*ldb:][:len(arow)]
			b2 := b[(j+2)*ldb:][:len(arow)]
			b3 := b[(j+3)*ldb:][:len(arow)]
			var s0, s1, s2, s3 T
			for l, v := range arow {
				s0 += v * b0[l]
				s1 += v * b1[l]
				s2 += v * b2[l]
				s3 += v * b3[l]
			}
			cs := crow[j : j+4 : j+4]
			cs[0] += alpha * s0
			cs[1] += alpha * s1
			cs[2] += alpha * s2
			cs[3] += alpha * s3
		}
		for ; j < n; j++ {
			crow[j] += alpha * dotGeneric(arow, b[j*ldb:j*ldb+k])
		}
	}
}

// gemmColDot adds alpha·Aᵀ·Bᵀ to C for A stored k×m and B stored n×k: C(i,
// j) gains the dot product of column i of A and row j of B, four columns of
// A a pass, which read four adjacent elements of each row of A.
func gemmColDot[T Float](m, n, k int, alpha T, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	i := 0
	for ; i <= m-4; i += 4 {
		for j := range n {
			brow := b[j*ldb : j*ldb+k]
			var s0, s1, s2, s3 T
			for l, v := range brow {
				as := a[l*lda+i : l*lda+i+4 : l*lda+i+4]
				s0 += as[0] * v
				s1 += as[1] * v
				s2 += as[2] * v
				s3 += as[3] * v
			}
			c[i*ldc+j] += alpha * s0
			c[(i+1)*ldc+j] += alpha * s1
			c[(i+2)*ldc+j] += alpha * s2
			c[(i+3)*ldc+j] += alpha * s3
		}
	}
	for ; i < m; i++ {
		for j := range n {
			var s T
			for l, v := range b[j*ldb : j*ldb+k] {
				s += a[l*lda+i] * v
			}
			c[i*ldc+j] += alpha * s
		}
	}
}
