package kernels

import "unsafe"

// Skinny products: a few rows of C (a batch of 1 to 16 samples), a few
// columns (an output layer of 3 or 10 classes) or a few inner steps (a
// first layer of 2 inputs). The packed algorithm wastes its tiles there:
// with a few rows, packing op(B) costs as much as the product, since each
// micro-panel meets one tile; with a few columns, computing Cᵀ instead
// (packedArgs) means packing the transpose of the large operand, unless A
// is transposed; with a few inner steps, the time goes into storing C, tile
// by tile. gemmSkinny computes these products reading the large operand
// once, in place, with the path's skinny kernels (gemmSkinnyKernels) where it
// has them:
//
//   - multi-dots: an r×c block of C (up to 3×4 on AVX2) from r rows of
//     op(A) and c columns of op(B), each contiguous in k: row-major A (NN,
//     NT) and transposed B (NT, TT) are read in place, the few columns of
//     the other operand (B in NN, A in TT) copied into rows first;
//   - outer products: with at most gemmSkinnyK inner steps, row i of C is
//     Σₗ op(A)(i, l)·row l of op(B), every row in one call, C written in
//     order; op(A) is read through its strides, op(B) copied first if
//     transposed; with one row of C and B not transposed, the same sums
//     over gemmOuterK steps a call, B read in place;
//   - for A transposed and a few columns (TN, TT), the packed path computing
//     Cᵀ = op(B)ᵀ·op(A)ᵀ (packedArgs) whatever NR, A read in place.
//
// Without them, it uses the path's vector kernels:
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
// and the packed path for the products only the skinny kernels take. Each
// element of C is still alpha·S + beta·C(i, j) with S finished first
// (store), as on the packed path. docs/tuning.md has the measurements behind
// the thresholds.

// gemmSkinnyKernels are the kernels of a path for skinny products. The zero
// value has none: gemmSkinny then takes the vector kernels' routes.
type gemmSkinnyKernels[T Float] struct {
	// dots[r-1][c-1] sets C(i, j) = alpha·Σₗ a[i·lda+l]·b[j·ldb+l] +
	// beta·C(i, j) for i < r, j < c, l < k, C(i, j) at c[i·ldc+j].
	dots [][]func(k int, a []T, lda int, b []T, ldb int, c []T, ldc int, alpha, beta T)
	// outer sets C(i, j) = alpha·Σₗ a[i·ai+l·al]·b[l·ldb+j] + beta·C(i, j)
	// for i < m, j < n, l < k.
	outer func(m, n, k int, a []T, ai, al int, b []T, ldb int, c []T, ldc int, alpha, beta T)
}

// gemmSkinnyRows and gemmSkinnyCols are the most rows (columns) of C that
// gemmSkinny computes with the vector kernels: with more, the packed path
// was as fast or faster on AVX2 (docs/tuning.md). With A transposed, the
// packed path computing Cᵀ (packedArgs) reads A in place and wins from
// gemmSkinnyColsT + 1 columns up to NR − 1.
const (
	gemmSkinnyRows  = 8
	gemmSkinnyCols  = 10
	gemmSkinnyColsT = 4
)

// gemmAxpyRows is the most rows of C that gemmSkinny computes as row sums
// (skinnyRowOuter, or skinnyRowAxpy without the skinny kernels) when B is
// not transposed: one row reads B once, where the packed path reads B in
// place column panel by column panel, a cache line a row at a time
// (docs/tuning.md).
const gemmAxpyRows = 1

// gemmOuterK is how many steps of k (rows of B) each call of the
// outer-product kernel sums on the skinnyRowOuter route: its strips of
// columns run down that many rows of B, then the next call adds the next
// rows (docs/tuning.md).
const gemmOuterK = 128

// gemmMultiRows and gemmMultiCols are the most rows (columns) of C that
// gemmSkinny computes with the multi-dot kernels, and gemmSkinnyK the most
// inner steps it computes with the outer-product kernels (docs/tuning.md).
const (
	gemmMultiRows = 16
	gemmMultiCols = 16
	gemmSkinnyK   = 4
)

// skinnyRoute is a way gemmSkinny computes a product.
type skinnyRoute int

const (
	notSkinny     skinnyRoute = iota // the packed algorithm
	skinnyDots                       // dots, op(A) and op(B) in place (NT)
	skinnyDotsB                      // dots, columns of B copied (NN)
	skinnyDotsA                      // dots, columns of A copied (TT)
	skinnyColAxpy                    // column sums (TN, TT)
	skinnyRowAxpy                    // row sums, B in place (NN, TN)

	// The routes of the skinny kernels; a path without them takes the
	// vector kernels' route (skinnyVectorRoute) or the packed algorithm.
	skinnyOuter    // outer products, op(B) copied if transposed
	skinnyRowOuter // row sums by outer products, B in place (NN, TN)
	skinnyMulti    // multi-dots: in place (NT), columns of B (NN) or of A (TT) copied
	skinnyPackedT  // the packed algorithm computing Cᵀ, A read in place (TN, TT)
)

// gemmSkinnyRoute returns the route gemmSkinny takes for a product, or
// notSkinny, for a micro-kernel of nr columns; space bounds the values it
// may copy.
func gemmSkinnyRoute(transA, transB bool, m, n, k, nr, space int) skinnyRoute {
	if r := skinnyKernelRoute(transA, transB, m, n, k, space); r != notSkinny {
		return r
	}
	return skinnyVectorRoute(transA, transB, m, n, k, nr, space)
}

// skinnyKernelRoute returns the route of the skinny kernels for a product,
// or notSkinny.
func skinnyKernelRoute(transA, transB bool, m, n, k, space int) skinnyRoute {
	rows, cols := m <= gemmMultiRows, n <= gemmMultiCols
	switch {
	case k <= gemmSkinnyK && (!transB || k*n <= space):
		return skinnyOuter
	case !transB && m <= gemmAxpyRows:
		return skinnyRowOuter
	case !transA && transB && (rows || cols),
		!transA && cols && n*k <= space,
		transA && transB && rows && m*k <= space:
		return skinnyMulti
	case transA && n > gemmSkinnyColsT && n <= gemmSkinnyCols && m > n:
		return skinnyPackedT
	}
	return notSkinny
}

// skinnyVectorRoute returns the route of the vector kernels for a product,
// or notSkinny.
func skinnyVectorRoute(transA, transB bool, m, n, k, nr, space int) skinnyRoute {
	rows, cols := m <= gemmSkinnyRows, n <= gemmSkinnyCols
	switch {
	case !transB && m <= gemmAxpyRows:
		return skinnyRowAxpy
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

// gemmSkinny computes the product by route r with mk's skinny kernels, or
// its vector kernels, or its packed algorithm. Its copies and sums take
// mk's packed B block (gemmSkinnyRoute with space = KC·NC).
func gemmSkinny[T Float](mk *gemmMicro[T], r skinnyRoute, transA, transB bool, m, n, k int, alpha T, a []T, lda int,
	b []T, ldb int, beta T, c []T, ldc int) {
	sk := &mk.skinny
	if r >= skinnyOuter && sk.dots == nil {
		if r = skinnyVectorRoute(transA, transB, m, n, k, mk.nr, mk.kc*mk.nc); r == notSkinny {
			g := packedArgs(mk, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
			g.serial() // on one goroutine, as every skinny product
			return
		}
	}
	switch {
	case r == skinnyPackedT:
		g := gemmArgs[T]{mk: mk, transA: !transB, transB: !transA, m: n, n: m, k: k, alpha: alpha,
			a: b, lda: ldb, b: a, ldb: lda, beta: beta, c: c, ldc: ldc, transC: true}
		g.serial() // on one goroutine, as every skinny product
		return
	case r == skinnyMulti && !transA && transB:
		sk.multiDots(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	case r == skinnyDots:
		gemmDots(mk.vec.Dot, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	buf := getGemmBuf(mk)
	defer putGemmBuf(mk, buf)
	switch r {
	case skinnyOuter:
		ai, al := lda, 1
		if transA {
			ai, al = 1, lda
		}
		if transB {
			// Rows of op(B) are columns of B: copy them into rows.
			bt := buf.b[:k*n]
			packColsT(bt, b, ldb, n, k)
			b, ldb = bt, n
		}
		sk.outer(m, n, k, a, ai, al, b, ldb, c, ldc, alpha, beta)
	case skinnyMulti:
		if !transA {
			bt := buf.b[:n*k]
			packColsT(bt, b, ldb, k, n)
			sk.multiDots(m, n, k, alpha, a, lda, bt, k, beta, c, ldc)
			break
		}
		at := buf.b[:m*k]
		packColsT(at, a, lda, k, m)
		sk.multiDots(m, n, k, alpha, at, k, b, ldb, beta, c, ldc)
	case skinnyDotsB:
		// Columns of op(B) are columns of B: copy them into rows.
		bt := buf.b[:n*k]
		packColsT(bt, b, ldb, k, n)
		gemmDots(mk.vec.Dot, m, n, k, alpha, a, lda, bt, k, beta, c, ldc)
	case skinnyDotsA:
		// Rows of op(A) are columns of A: copy them into rows.
		at := buf.b[:m*k]
		packColsT(at, a, lda, k, m)
		gemmDots(mk.vec.Dot, m, n, k, alpha, at, k, b, ldb, beta, c, ldc)
	case skinnyColAxpy:
		gemmColAxpy(mk.vec.Axpy, buf.b, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	case skinnyRowAxpy, skinnyRowOuter:
		ai, al := lda, 1
		if transA {
			ai, al = 1, lda
		}
		if r == skinnyRowOuter {
			gemmRowOuter(sk.outer, buf.b, m, n, k, alpha, a, ai, al, b, ldb, beta, c, ldc)
			break
		}
		gemmRowAxpyVec(mk.vec.Axpy, buf.b, m, n, k, alpha, a, ai, al, b, ldb, beta, c, ldc)
	}
}

// multiDots sets C(i, j) = alpha·Σₗ a[i·lda+l]·b[j·ldb+l] + beta·C(i, j)
// for i < m, j < n, l < k, in blocks of the dots kernels: the blocks of the
// smaller operand stay in cache while those of the larger stream by.
func (sk *gemmSkinnyKernels[T]) multiDots(m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	r, w := len(sk.dots), len(sk.dots[0])
	if m <= n {
		for j := 0; j < n; j += w {
			cw := min(w, n-j)
			for i := 0; i < m; i += r {
				h := min(r, m-i)
				sk.dots[h-1][cw-1](k, a[i*lda:], lda, b[j*ldb:], ldb, c[i*ldc+j:], ldc, alpha, beta)
			}
		}
		return
	}
	for i := 0; i < m; i += r {
		h := min(r, m-i)
		for j := 0; j < n; j += w {
			cw := min(w, n-j)
			sk.dots[h-1][cw-1](k, a[i*lda:], lda, b[j*ldb:], ldb, c[i*ldc+j:], ldc, alpha, beta)
		}
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

// gemmRowAxpyVec computes C = alpha·op(A)·B + beta·C for B stored k×n and
// op(A)(i, l) = a[i·ai + l·al]: the sums of a row of C, over a strip of
// columns at a time, gather axpy(op(A)(i, l), row l of B) over l into s.
// With one row of C, B is read once, in place, row after row.
func gemmRowAxpyVec[T Float](axpy func(alpha T, x, y []T), s []T, m, n, k int, alpha T, a []T, ai, al int,
	b []T, ldb int, beta T, c []T, ldc int) {
	var t T
	w := min(n, len(s), gemmStripBytes/int(unsafe.Sizeof(t)))
	for j0 := 0; j0 < n; j0 += w {
		s := s[:min(w, n-j0)]
		for i := range m {
			clear(s)
			for l := range k {
				axpy(a[i*ai+l*al], b[l*ldb+j0:][:len(s)], s)
			}
			storeRow(c[i*ldc+j0:][:len(s)], s, alpha, beta)
		}
	}
}

// gemmRowOuter computes C = alpha·op(A)·B + beta·C for B stored k×n and
// op(A)(i, l) = a[i·ai + l·al], k ≥ 1, as gemmRowAxpyVec does with the
// outer-product kernel: the sums of the rows of C, over a strip of columns
// at a time, gather gemmOuterK steps of k a call into s, B read in place.
func gemmRowOuter[T Float](outer func(m, n, k int, a []T, ai, al int, b []T, ldb int, c []T, ldc int, alpha, beta T),
	s []T, m, n, k int, alpha T, a []T, ai, al int, b []T, ldb int, beta T, c []T, ldc int) {
	w := min(n, len(s)/max(m, 1))
	for j0 := 0; j0 < n; j0 += w {
		w := min(w, n-j0)
		for l := 0; l < k; l += gemmOuterK {
			var add T // the first call sets the sums, the others add to them
			if l > 0 {
				add = 1
			}
			outer(m, w, min(gemmOuterK, k-l), a[l*al:], ai, al, b[l*ldb+j0:], ldb, s, w, 1, add)
		}
		for i := range m {
			storeRow(c[i*ldc+j0:][:w], s[i*w:], alpha, beta)
		}
	}
}

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
