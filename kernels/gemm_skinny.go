package kernels

import "unsafe"

// Skinny products: a few rows of C (a batch of 1 to 8 samples) or a few
// columns (an output layer of 3 or 10 classes). The packed algorithm wastes
// its tiles there: with a few rows, packing op(B) costs as much as the
// product, since each micro-panel meets one tile; with a few columns,
// computing Cᵀ instead (packedArgs) means packing the transpose of the large
// operand, unless A is transposed. gemmSkinny computes these products with
// the path's vector kernels instead, reading the large operand once, in
// place:
//
//   - dots: C(i, j) = alpha·Dot(row i of op(A), column j of op(B)) +
//     beta·C(i, j), where op(A)'s rows are rows of A (A not transposed) and
//     op(B)'s columns rows of B (B transposed); a small operand stored the
//     other way is copied first;
//   - column sums: with A transposed and very few columns (or too many for
//     packedArgs to compute Cᵀ instead), column j of C sums
//     Axpy(op(B)(l, j), row l of A) over l, row l of A being column l of
//     op(A).
//
// Each element of C is still alpha·S + beta·C(i, j) with S finished first
// (store), as on the packed path. docs/tuning.md has the measurements behind
// the thresholds.

// gemmSkinnyKernels are the kernels of a path for skinny products.
type gemmSkinnyKernels[T Float] struct{}

// gemmSkinnyRows and gemmSkinnyCols are the most rows (columns) of C that
// gemmSkinny computes without packing: with more, the packed path was as
// fast or faster on AVX2 (docs/tuning.md). With A transposed, the packed
// path computing Cᵀ (packedArgs) reads A in place and wins from
// gemmSkinnyColsT + 1 columns up to NR − 1.
const (
	gemmSkinnyRows  = 8
	gemmSkinnyCols  = 10
	gemmSkinnyColsT = 4
)

// skinnyRoute is a way gemmSkinny computes a product.
type skinnyRoute int

const (
	notSkinny     skinnyRoute = iota // the packed algorithm
	skinnyDots                       // dots, op(A) and op(B) in place (NT)
	skinnyDotsB                      // dots, columns of B copied (NN)
	skinnyDotsA                      // dots, columns of A copied (TT)
	skinnyColAxpy                    // column sums (TN, TT)
)

// gemmSkinnyRoute returns the route gemmSkinny takes for a product, or
// notSkinny, for a micro-kernel of nr columns; space bounds the values it
// may copy.
func gemmSkinnyRoute(transA, transB bool, m, n, k, nr, space int) skinnyRoute {
	rows, cols := m <= gemmSkinnyRows, n <= gemmSkinnyCols
	switch {
	case !transA && transB && (rows || cols):
		return skinnyDots
	case !transA && cols && n*k <= space:
		return skinnyDotsB
	case transA && cols && (n <= gemmSkinnyColsT || n >= nr):
		return skinnyColAxpy
	case transA && transB && rows && m*k <= space:
		return skinnyDotsA
	}
	return notSkinny
}

// gemmSkinny computes the product by route r with mk's vector kernels. Its
// copies and sums take mk's packed B block (gemmSkinnyRoute with space =
// KC·NC).
func gemmSkinny[T Float](mk *gemmMicro[T], r skinnyRoute, transA, transB bool, m, n, k int, alpha T, a []T, lda int,
	b []T, ldb int, beta T, c []T, ldc int) {
	dot := mk.vec.Dot
	if r == skinnyDots {
		gemmDots(dot, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	buf := getGemmBuf(mk)
	defer putGemmBuf(mk, buf)
	switch r {
	case skinnyDotsB:
		// Columns of op(B) are columns of B: copy them into rows.
		bt := buf.b[:n*k]
		packColsT(bt, b, ldb, k, n)
		gemmDots(dot, m, n, k, alpha, a, lda, bt, k, beta, c, ldc)
	case skinnyDotsA:
		// Rows of op(A) are columns of A: copy them into rows.
		at := buf.b[:m*k]
		packColsT(at, a, lda, k, m)
		gemmDots(dot, m, n, k, alpha, at, k, b, ldb, beta, c, ldc)
	case skinnyColAxpy:
		gemmColAxpy(mk.vec.Axpy, buf.b, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

// packColsT copies the first w columns of the rows×w block src (rows ld
// apart) into dst as w rows of rows values: dst[j·rows + l] = src[l·ld + j].
func packColsT[T Float](dst, src []T, ld, rows, w int) {
	for l := range rows {
		for j, v := range src[l*ld : l*ld+w] {
			dst[j*rows+l] = v
		}
	}
}

// gemmDots sets C(i, j) = alpha·dot(a[i·lda:][:k], b[j·ldb:][:k]) +
// beta·C(i, j) for i < m, j < n: one operand's rows stay in cache while the
// other's stream by, those of the larger one.
func gemmDots[T Float](dot func(x, y []T) T, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if m <= n {
		for j := range n {
			bj := b[j*ldb : j*ldb+k]
			for i := range m {
				store(&c[i*ldc+j], alpha, dot(a[i*lda:i*lda+k], bj), beta)
			}
		}
		return
	}
	for i := range m {
		ai := a[i*lda : i*lda+k]
		crow := c[i*ldc : i*ldc+n]
		for j := range crow {
			store(&crow[j], alpha, dot(ai, b[j*ldb:j*ldb+k]), beta)
		}
	}
}

// gemmStripBytes bounds the sums gemmColAxpy keeps, n strips of w values,
// to stay in L1 (half of the smallest L1d of a CPU with AVX2 or NEON).
const gemmStripBytes = 16 << 10

// gemmColAxpy computes C = alpha·Aᵀ·op(B) + beta·C for A stored k×m: the
// sums of column j of C, over a strip of w columns of A at a time, gather
// axpy(op(B)(l, j), row l of A) over l into s, n strips of w values.
func gemmColAxpy[T Float](axpy func(alpha T, x, y []T), s []T, transB bool, m, n, k int, alpha T, a []T, lda int,
	b []T, ldb int, beta T, c []T, ldc int) {
	// op(B)(l, j) = b[l·bl + j·bj]
	bl, bj := ldb, 1
	if transB {
		bl, bj = 1, ldb
	}
	var t T
	w := min(m, len(s)/n, gemmStripBytes/(n*int(unsafe.Sizeof(t))))
	for i0 := 0; i0 < m; i0 += w {
		w := min(w, m-i0)
		s := s[:n*w]
		clear(s)
		for l := range k {
			al := a[l*lda+i0 : l*lda+i0+w]
			for j := range n {
				axpy(b[l*bl+j*bj], al, s[j*w:j*w+w])
			}
		}
		for i := range w {
			crow := c[(i0+i)*ldc : (i0+i)*ldc+n]
			for j := range crow {
				store(&crow[j], alpha, s[j*w+i], beta)
			}
		}
	}
}
