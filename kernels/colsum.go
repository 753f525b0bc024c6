package kernels

// ColSum sums the columns of the rows×cols matrix a with leading dimension
// lda: dst[j] = a[0·lda+j] + a[1·lda+j] + … + a[(rows−1)·lda+j] for j < cols.
// It overwrites dst[:cols] and nothing else, and returns at once when cols
// is 0; dst must not overlap the elements of a it reads (ColSum panics if it
// does).
//
// Each column is summed in row order, starting from its first row (a column
// of −0 sums to −0; with rows == 0 every sum is +0), so every path gives the
// same bits, NaN and ±∞ included.
func ColSum[T Float](dst, a []T, rows, cols, lda int) {
	checkMatrix("ColSum", "a", "lda", len(a), rows, cols, lda)
	if len(dst) < cols {
		badArg("ColSum", "len(dst) = %d, want ≥ cols = %d", len(dst), cols)
	}
	if cols == 0 {
		return
	}
	checkOverlap("ColSum", "dst", "a", matrix[T]{dst, 1, cols, cols}, matrix[T]{a, rows, cols, lda})
	use[T]().ColSum(dst, a, rows, cols, lda)
}

func colSumGeneric[T Float](dst, a []T, rows, cols, lda int) {
	dst = dst[:cols]
	if rows == 0 || cols == 0 {
		clear(dst)
		return
	}
	copy(dst, a[:cols])
	i := 1
	// Four rows a pass: each column still adds its rows in order.
	for ; i+4 <= rows; i += 4 {
		r0 := a[i*lda : i*lda+cols]
		r1 := a[(i+1)*lda : (i+1)*lda+cols]
		r2 := a[(i+2)*lda : (i+2)*lda+cols]
		r3 := a[(i+3)*lda : (i+3)*lda+cols]
		for j := range dst {
			dst[j] = dst[j] + r0[j] + r1[j] + r2[j] + r3[j]
		}
	}
	for ; i < rows; i++ {
		r := a[i*lda : i*lda+cols]
		for j := range dst {
			dst[j] += r[j]
		}
	}
}
