package ref

import "github.com/simdkern/simdkern/internal/dispatch"

// ColSumBlocked sets dst[j] to the sum of column j of the rows×cols matrix a
// in the order of kernels.ColSum: the rows in blocks of block rows (the last
// may have fewer), each block summed in row order (ColSum), then the block
// sums in order; +0 when rows == 0.
func ColSumBlocked[T dispatch.Float](dst, a []T, rows, cols, lda, block int) {
	if rows <= block {
		ColSum(dst, a, rows, cols, lda)
		return
	}
	blocks := (rows + block - 1) / block
	sums := make([]T, blocks*cols)
	for q := range blocks {
		r0 := q * block
		ColSum(sums[q*cols:], a[r0*lda:], min(block, rows-r0), cols, lda)
	}
	ColSum(dst, sums, blocks, cols, cols)
}
