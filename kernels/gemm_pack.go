package kernels

// Packing copies a block of op(A) or op(B) into micro-panels: panel p holds,
// for each step l < kb, w values (w = MR for A, NR for B), zero past the
// edge of the block. Both packs reduce to two moves of a kb×w sub-block
// (gemmPack): runs, where each step is a contiguous run in memory, and cols,
// where each of the w values is a contiguous run over l (a transposition).
// A without trans and B with trans take cols; the other two take runs.

// packA copies the mb×kb block of op(A) at row i0, column l0 into dst as
// micro-panels of mr rows: panel p holds, for each l < kb, the mr values
// op(A)(i0+p·mr+r, l0+l), r < mr, zero past row mb.
func packA[T Float](pk *gemmPack[T], dst []T, trans bool, a []T, lda, i0, l0, mb, kb, mr int) {
	for p := 0; p < mb; p += mr {
		h := min(mr, mb-p)
		panel := dst[p*kb : (p+mr)*kb]
		if trans {
			// op(A)(i, l) = a[l·lda + i]
			pk.runs(panel, a[l0*lda+i0+p:], lda, kb, h, mr)
		} else {
			// op(A)(i, l) = a[i·lda + l]
			pk.cols(panel, a[(i0+p)*lda+l0:], lda, kb, h, mr)
		}
	}
}

// packB copies the kb×nb block of op(B) at row l0, column j0 into dst as
// micro-panels of nr columns: panel p holds, for each l < kb, the nr values
// op(B)(l0+l, j0+p·nr+c), c < nr, zero past column nb.
func packB[T Float](pk *gemmPack[T], dst []T, trans bool, b []T, ldb, l0, j0, kb, nb, nr int) {
	for p := 0; p < nb; p += nr {
		w := min(nr, nb-p)
		panel := dst[p*kb : (p+nr)*kb]
		if trans {
			// op(B)(l, j) = b[j·ldb + l]
			pk.cols(panel, b[(j0+p)*ldb+l0:], ldb, kb, w, nr)
		} else {
			// op(B)(l, j) = b[l·ldb + j]
			pk.runs(panel, b[l0*ldb+j0+p:], ldb, kb, w, nr)
		}
	}
}

// gemmPack holds the two moves of packing; n ≤ w ≤ 32.
type gemmPack[T Float] struct {
	// runs sets panel[l·w + c] = src[l·ld + c] for l < kb, c < n, and
	// zero for n ≤ c < w.
	runs func(panel, src []T, ld, kb, n, w int)
	// cols sets panel[l·w + c] = src[c·ld + l] for l < kb, c < n, and
	// zero for n ≤ c < w.
	cols func(panel, src []T, ld, kb, n, w int)
}

// packGo is the pure-Go packing.
func packGo[T Float]() gemmPack[T] { return gemmPack[T]{packRunsGo[T], packColsGo[T]} }

func packRunsGo[T Float](panel, src []T, ld, kb, n, w int) {
	for l := range kb {
		d := panel[l*w : l*w+w]
		s := src[l*ld : l*ld+n]
		//lint:ignore S1001 runs are at most NR elements, shorter than pays for a call to memmove.
		for c, v := range s {
			d[c] = v
		}
		for c := len(s); c < len(d); c++ {
			d[c] = 0
		}
	}
}

func packColsGo[T Float](panel, src []T, ld, kb, n, w int) {
	// Four rows of src at a time, read sequentially; each step writes
	// four adjacent values of the panel, which stays in L1.
	c := 0
	for ; c+4 <= n; c += 4 {
		r0 := src[c*ld : c*ld+kb]
		r1 := src[(c+1)*ld:][:len(r0)]
		r2 := src[(c+2)*ld:][:len(r0)]
		r3 := src[(c+3)*ld:][:len(r0)]
		for l, v := range r0 {
			d := panel[l*w+c : l*w+c+4]
			d[0], d[1], d[2], d[3] = v, r1[l], r2[l], r3[l]
		}
	}
	for ; c < n; c++ {
		d := panel[c:]
		for l, v := range src[c*ld : c*ld+kb] {
			d[l*w] = v
		}
	}
	if n < w {
		for l := range kb {
			clear(panel[l*w+n : l*w+w])
		}
	}
}
