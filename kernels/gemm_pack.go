package kernels

// packA copies the mb×kb block of op(A) at row i0, column l0 into dst as
// micro-panels of mr rows: panel p holds, for each l < kb, the mr values
// op(A)(i0+p·mr+r, l0+l), r < mr, zero past row mb.
func packA[T Float](dst []T, trans bool, a []T, lda, i0, l0, mb, kb, mr int) {
	for p := 0; p < mb; p += mr {
		h := min(mr, mb-p)
		panel := dst[p*kb : (p+mr)*kb]
		if trans {
			// op(A)(i, l) = a[l·lda + i]: each step is a contiguous run.
			for l := range kb {
				src := a[(l0+l)*lda+i0+p:][:h]
				d := panel[l*mr : l*mr+mr]
				copy(d, src)
				clear(d[h:])
			}
			continue
		}
		// op(A)(i, l) = a[i·lda + l]: each row is a contiguous run.
		for r := range h {
			src := a[(i0+p+r)*lda+l0:][:kb]
			for l, v := range src {
				panel[l*mr+r] = v
			}
		}
		for r := h; r < mr; r++ {
			for l := range kb {
				panel[l*mr+r] = 0
			}
		}
	}
}

// packB copies the kb×nb block of op(B) at row l0, column j0 into dst as
// micro-panels of nr columns: panel p holds, for each l < kb, the nr values
// op(B)(l0+l, j0+p·nr+c), c < nr, zero past column nb.
func packB[T Float](dst []T, trans bool, b []T, ldb, l0, j0, kb, nb, nr int) {
	for p := 0; p < nb; p += nr {
		w := min(nr, nb-p)
		panel := dst[p*kb : (p+nr)*kb]
		if !trans {
			// op(B)(l, j) = b[l·ldb + j]: each step is a contiguous run.
			for l := range kb {
				src := b[(l0+l)*ldb+j0+p:][:w]
				d := panel[l*nr : l*nr+nr]
				copy(d, src)
				clear(d[w:])
			}
			continue
		}
		// op(B)(l, j) = b[j·ldb + l]: each column of op(B) is a contiguous run.
		for c := range w {
			src := b[(j0+p+c)*ldb+l0:][:kb]
			for l, v := range src {
				panel[l*nr+c] = v
			}
		}
		for c := w; c < nr; c++ {
			for l := range kb {
				panel[l*nr+c] = 0
			}
		}
	}
}
