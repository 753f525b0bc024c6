package kernels

import "github.com/simdkern/simdkern/internal/dispatch"

// ColSum sums the columns of the rows×cols matrix a with leading dimension
// lda: dst[j] = a[0·lda+j] + a[1·lda+j] + … + a[(rows−1)·lda+j] for j < cols.
// It overwrites dst[:cols] and nothing else, and returns at once when cols
// is 0; dst must not overlap the elements of a it reads (ColSum panics if it
// does).
//
// Each column is summed in blocks of 32 rows (the last block may have
// fewer): the rows of each block in order, starting from its first row,
// then the block sums in order, starting from the first block's; with 32
// rows or fewer that is row order. A column of −0 sums to −0; with rows ==
// 0 every sum is +0. The order depends on nothing else, so every path gives
// the same bits whatever SetParallelism allows, NaN and ±∞ included, and a
// large matrix is summed by blocks on several goroutines.
//
// An element passes through at most b−1 additions in its block and
// ⌈rows/b⌉−1 between blocks (b = 32), so each sum is within
// γ_{b+⌈rows/b⌉−2}·Σᵢ|a(i,j)| of the exact one (see Dot for γ), where the
// row order's bound is γ_{rows−1}: γ₆₂ instead of γ₁₀₂₃ for 1024 rows.
func ColSum[T Float](dst, a []T, rows, cols, lda int) {
	checkMatrix("ColSum", "a", "lda", len(a), rows, cols, lda)
	if len(dst) < cols {
		badArg("ColSum", "len(dst) = %d, want ≥ cols = %d", len(dst), cols)
	}
	if cols == 0 {
		return
	}
	checkOverlap("ColSum", "dst", "a", matrix[T]{dst, 1, cols, cols}, matrix[T]{a, rows, cols, lda})
	kern := use[T]()
	if rows <= colSumBlock {
		kern.ColSum(dst, a, rows, cols, lda)
		return
	}
	s := getColSumSplit[T]()
	s.kern, s.a, s.rows, s.cols, s.lda = kern, a, rows, cols, lda
	s.sum(dst[:cols])
	putColSumSplit(s)
}

// colSumBlock is the number of rows of the blocks of ColSum and
// ReLUMaskColSum (documented there).
const colSumBlock = 32

// colSumPartMin is the least elements worth a goroutine of their own in
// ColSum and ReLUMaskColSum (docs/tuning.md).
const colSumPartMin = 1 << 16

// colSumSplit is the pooled state of one blocked column sum: the matrix, and
// the sums of its blocks, which the parts of a fork-join compute.
type colSumSplit[T Float] struct {
	forkJoin
	kern            *dispatch.Kernels[T]
	a               []T // the matrix; for ReLUMaskColSum, dst
	dy, z           []T // ReLUMaskColSum's, or nil for ColSum
	rows, cols, lda int
	blocks, parts   int
	sums            []T // blocks×cols: the sums of each block
}

// colSumPools hold the colSumSplits of float32 and float64.
var colSumPools floatPools

// getColSumSplit returns a colSumSplit from the pool of T.
func getColSumSplit[T Float]() *colSumSplit[T] {
	s, _ := poolOf[T](&colSumPools).Get().(*colSumSplit[T])
	if s == nil {
		s = new(colSumSplit[T])
		s.init(s.part)
	}
	return s
}

// putColSumSplit drops s's references to the caller's slices and returns
// it to the pool.
func putColSumSplit[T Float](s *colSumSplit[T]) {
	s.kern, s.a, s.dy, s.z = nil, nil, nil, nil
	poolOf[T](&colSumPools).Put(s)
}

// sum sets dst to the column sums of s's matrix: the sums of the blocks,
// split by blocks between as many goroutines as have colSumPartMin
// elements each, then the block sums added in order.
func (s *colSumSplit[T]) sum(dst []T) {
	s.blocks = (s.rows + colSumBlock - 1) / colSumBlock
	if n := s.blocks * s.cols; cap(s.sums) < n {
		s.sums = make([]T, n)
	}
	s.sums = s.sums[:s.blocks*s.cols]
	s.parts = max(1, min(gemmParallelism(), s.blocks, s.rows*s.cols/colSumPartMin, gemmMaxParts))
	s.run(s.parts, s.parts)
	s.kern.ColSum(dst, s.sums, s.blocks, s.cols, s.cols)
}

// part computes the sums of the blocks of part p, one of s.parts runs of
// consecutive blocks.
func (s *colSumSplit[T]) part(p int) {
	for q := p * s.blocks / s.parts; q < (p+1)*s.blocks/s.parts; q++ {
		r0, r1 := q*colSumBlock, min((q+1)*colSumBlock, s.rows)
		sums := s.sums[q*s.cols : (q+1)*s.cols]
		if s.dy == nil {
			s.kern.ColSum(sums, s.a[r0*s.lda:], r1-r0, s.cols, s.lda)
			continue
		}
		rows := s.a[r0*s.cols : r1*s.cols]
		reluMaskRows(s.kern, rows, sums, s.dy[r0*s.cols:r1*s.cols], s.z[r0*s.cols:r1*s.cols], s.cols)
	}
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
