package kernels

// gemmGeneric is the pure-Go Gemm, and the loops the packed paths run for
// small products (gemmSmall). Each element of C is stored once, as
// alpha·S + beta·C with S = Σₗ op(A)(i,l)·op(B)(l,j) finished first, as the
// packed paths' micro-kernels store it: alpha scales the sum, never A or B,
// so a product whose factors would overflow or underflow when scaled first
// has the same value on every path. S is formed in one of three loop nests
// chosen by the layout so that the inner loop streams contiguous memory,
// four products a pass.
//
// The packed algorithm with a pure-Go micro-kernel measured slower than
// these loops (docs/tuning.md).
func gemmGeneric[T Float](transA, transB bool, m, n, k int, alpha T, a []T, lda int,
	b []T, ldb int, beta T, c []T, ldc int) {
	switch {
	case !transB:
		// A(i, l) = a[i*ai + l*al].
		ai, al := lda, 1
		if transA {
			ai, al = 1, lda
		}
		gemmRowAxpy(m, n, k, alpha, a, ai, al, b, ldb, beta, c, ldc)
	case !transA:
		gemmRowDot(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	default:
		gemmColDot(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

// store sets *c = alpha·s + beta·*c, rounding each product on its own (the
// conversions keep the compiler from fusing them), and without reading *c
// when beta == 0.
func store[T Float](c *T, alpha, s, beta T) {
	if beta == 0 {
		*c = T(alpha * s)
		return
	}
	*c = T(alpha*s) + T(beta**c)
}

// storeRow stores the sums s into the row crow (store), len(s) ≥ len(crow).
func storeRow[T Float](crow, s []T, alpha, beta T) {
	for j := range crow {
		store(&crow[j], alpha, s[j], beta)
	}
}

// gemmRowChunk is the width of the row of sums gemmRowAxpy keeps on the
// stack.
const gemmRowChunk = 256

// gemmRowAxpy computes C = alpha·A·B + beta·C for B stored k×n: the sums of
// a row of C accumulate A(i, l) times row l of B, four rows of B a pass, in
// a stack buffer of up to gemmRowChunk columns.
func gemmRowAxpy[T Float](m, n, k int, alpha T, a []T, ai, al int, b []T, ldb int, beta T, c []T, ldc int) {
	var buf [gemmRowChunk]T
	for j0 := 0; j0 < n; j0 += gemmRowChunk {
		w := min(gemmRowChunk, n-j0)
		for i := range m {
			s := buf[:w]
			clear(s)
			l := 0
			for ; l <= k-4; l += 4 {
				a0, a1 := a[i*ai+l*al], a[i*ai+(l+1)*al]
				a2, a3 := a[i*ai+(l+2)*al], a[i*ai+(l+3)*al]
				b0 := b[l*ldb+j0:][:len(s)]
				b1 := b[(l+1)*ldb+j0:][:len(s)]
				b2 := b[(l+2)*ldb+j0:][:len(s)]
				b3 := b[(l+3)*ldb+j0:][:len(s)]
				for j := range s {
					s[j] += a0*b0[j] + a1*b1[j] + a2*b2[j] + a3*b3[j]
				}
			}
			for ; l < k; l++ {
				av := a[i*ai+l*al]
				bl := b[l*ldb+j0:][:len(s)]
				for j := range s {
					s[j] += av * bl[j]
				}
			}
			storeRow(c[i*ldc+j0:][:len(s)], s, alpha, beta)
		}
	}
}

// gemmRowDot computes C = alpha·A·Bᵀ + beta·C for A stored m×k and B stored
// n×k: C(i, j) is the dot product of rows i of A and j of B, four rows of B
// a pass.
func gemmRowDot[T Float](m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
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
			store(&cs[0], alpha, s0, beta)
			store(&cs[1], alpha, s1, beta)
			store(&cs[2], alpha, s2, beta)
			store(&cs[3], alpha, s3, beta)
		}
		for ; j < n; j++ {
			store(&crow[j], alpha, dotGeneric(arow, b[j*ldb:j*ldb+k]), beta)
		}
	}
}

// gemmColDot computes C = alpha·Aᵀ·Bᵀ + beta·C for A stored k×m and B stored
// n×k: C(i, j) is the dot product of column i of A and row j of B, four
// columns of A a pass, which read four adjacent elements of each row of A.
func gemmColDot[T Float](m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
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
			store(&c[i*ldc+j], alpha, s0, beta)
			store(&c[(i+1)*ldc+j], alpha, s1, beta)
			store(&c[(i+2)*ldc+j], alpha, s2, beta)
			store(&c[(i+3)*ldc+j], alpha, s3, beta)
		}
	}
	for ; i < m; i++ {
		for j := range n {
			var s T
			for l, v := range b[j*ldb : j*ldb+k] {
				s += a[l*lda+i] * v
			}
			store(&c[i*ldc+j], alpha, s, beta)
		}
	}
}
