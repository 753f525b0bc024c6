package kernels

import "github.com/simdkern/simdkern/internal/dispatch"

// ReLUMaskColSum is the backward pass of a ReLU and the bias gradient of the
// dense layer before it in one pass over the rows: dst, dy and z hold
// matrices of rows of cols values (rows = len(dst)/cols), dst is set to
// ReLUMask(dst, dy, z), and sums[j] to the sum of column j of dst as
// ColSum(sums, dst, rows, cols, cols) sets it: in blocks of 32 rows, each
// summed in row order, then the block sums in order (+0 with no rows), the
// same bits whatever the path and SetParallelism but for the payload of a
// NaN where two NaNs meet, with ColSum's bound on the error. Each row of
// dst is summed while it is in cache, instead of in a second pass over the
// matrix, and a large matrix by blocks on several goroutines.
//
// dst, dy and z must have equal lengths, a multiple of cols, and sums must
// hold cols values; dst may be dy or z itself but must not overlap them
// otherwise, and sums must not overlap any of them (ReLUMaskColSum panics on
// any of these).
func ReLUMaskColSum[T Float](dst, sums, dy, z []T, cols int) {
	if len(dst) != len(dy) {
		panic(lengthError{"ReLUMaskColSum", "dst", "dy", len(dst), len(dy)})
	}
	if len(dst) != len(z) {
		panic(lengthError{"ReLUMaskColSum", "dst", "z", len(dst), len(z)})
	}
	if len(sums) != cols {
		badArg("ReLUMaskColSum", "len(sums) = %d, want cols = %d", len(sums), cols)
	}
	if cols == 0 && len(dst) > 0 || cols > 0 && len(dst)%cols != 0 {
		badArg("ReLUMaskColSum", "len(dst) = %d is not a multiple of cols = %d", len(dst), cols)
	}
	if partialOverlap(dst, dy) {
		panic(overlapError{"ReLUMaskColSum", "dst", "dy"})
	}
	if partialOverlap(dst, z) {
		panic(overlapError{"ReLUMaskColSum", "dst", "z"})
	}
	sm, row := matrix[T]{sums, 1, cols, cols}, func(s []T) matrix[T] { return matrix[T]{s, 1, len(s), len(s)} }
	checkOverlap("ReLUMaskColSum", "sums", "dst", sm, row(dst))
	checkOverlap("ReLUMaskColSum", "sums", "dy", sm, row(dy))
	checkOverlap("ReLUMaskColSum", "sums", "z", sm, row(z))
	if cols == 0 {
		return
	}
	kern := use[T]()
	if len(dst) == 0 {
		clear(sums)
		return
	}
	if len(dst) <= colSumBlock*cols {
		reluMaskRows(kern, dst, sums, dy, z, cols)
		return
	}
	s := getColSumSplit[T]()
	s.kern, s.a, s.dy, s.z, s.rows, s.cols, s.lda = kern, dst, dy, z, len(dst)/cols, cols, cols
	s.sum(sums)
	putColSumSplit(s)
}

// reluMaskRows sets the rows of dst (at least one) to ReLUMask(dst, dy, z)
// and sums to their column sums in row order, each row summed while it is
// in cache.
func reluMaskRows[T Float](kern *dispatch.Kernels[T], dst, sums, dy, z []T, cols int) {
	kern.ReLUMask(dst[:cols], dy[:cols], z[:cols])
	copy(sums, dst[:cols])
	for i := cols; i < len(dst); i += cols {
		row := dst[i : i+cols]
		kern.ReLUMask(row, dy[i:i+cols], z[i:i+cols])
		kern.Axpy(1, row, sums) // sums + row, one rounding
	}
}
