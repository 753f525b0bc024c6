package kernels

import "unsafe"

// gatherPartMin is the least elements worth a goroutine of their own in
// GatherRows: the optimizer steps' stepPartMin, not tuned on its own. An
// MNIST batch (128 rows of 784 float32, about 6·2¹⁴ elements) splits in two
// on two cores: 20 µs against 34 µs on one (BenchmarkGatherRows, shared
// Zen 5).
const gatherPartMin = 1 << 14

// gatherAhead is how many rows ahead of the one being copied GatherRows
// prefetches: on a batch of 128 rows of 784 float32 from a 188 MB source
// (BenchmarkGatherRows, one core of a shared Zen 5), 4 rows took 34–35 µs,
// 8 rows 36–37 µs and 2 rows 40–42 µs, against 48–50 µs for plain copies.
const gatherAhead = 4

// GatherRows sets row i of dst to row idx[i] of src for every i < len(idx):
// dst[i*ldd : i*ldd+cols] = src[idx[i]*lds : idx[i]*lds+cols]. dst is a
// len(idx)×cols matrix with leading dimension ldd, src a matrix of cols
// columns with leading dimension lds holding (len(src)−cols)/lds + 1 rows
// (0 rows when len(src) < cols); the padding between rows is never read or
// written.
//
// dst must not overlap src (GatherRows panics if it does); idx may repeat
// rows. Elements are copied bit for bit, NaN payloads included. While
// copying a row, GatherRows prefetches the row it will copy a few rows
// later (PREFETCHT0 on amd64, PRFM PLDL1KEEP on arm64), which hides much
// of the latency of rows scattered over a large src.
//
// A gather of at least 2¹⁴ elements is split, in contiguous bands of
// rows, between up to GOMAXPROCS goroutines like Gemm (SetParallelism sets
// another bound); the result does not depend on the split.
//
// GatherRows panics if cols < 0, if ldd or lds < max(cols, 1) when there
// are rows to copy, if dst is too short for len(idx) rows, or if an index
// is negative or past the last row of src.
func GatherRows[T Float](dst []T, ldd int, src []T, lds int, cols int, idx []int) {
	const fn = "GatherRows"
	rows := len(idx)
	if cols < 0 {
		badArg(fn, "cols = %d: negative size", cols)
	}
	if rows == 0 {
		return
	}
	if ldd < max(cols, 1) {
		badArg(fn, "ldd = %d with cols = %d: ldd < %d", ldd, cols, max(cols, 1))
	}
	if lds < max(cols, 1) {
		badArg(fn, "lds = %d with cols = %d: lds < %d", lds, cols, max(cols, 1))
	}
	checkMatrix(fn, "dst", "ldd", len(dst), rows, cols, ldd)
	srcRows := 0
	if len(src) >= cols {
		srcRows = (len(src)-cols)/lds + 1
	}
	for i, r := range idx {
		if r < 0 || r >= srcRows {
			badArg(fn, "idx[%d] = %d: src holds %d rows of %d columns with lds = %d (len(src) = %d)", i, r, srcRows, cols, lds, len(src))
		}
	}
	if cols == 0 {
		return
	}
	checkOverlap(fn, "dst", "src", matrix[T]{dst, rows, cols, ldd}, matrix[T]{src, srcRows, cols, lds})
	parts := max(1, min(gemmParallelism(), rows*cols/gatherPartMin, rows, gemmMaxParts))
	if parts == 1 {
		gatherRange(dst, ldd, src, lds, cols, idx, 0, rows)
		return
	}
	p, _ := poolOf[T](&gatherPools).Get().(*gatherSplit[T])
	if p == nil {
		p = new(gatherSplit[T])
		p.init(p.part)
	}
	p.dst, p.ldd, p.src, p.lds, p.cols, p.idx, p.parts = dst, ldd, src, lds, cols, idx, parts
	p.run(parts, parts)
	p.dst, p.src, p.idx = nil, nil, nil
	poolOf[T](&gatherPools).Put(p)
}

// gatherSplit is the pooled state of one GatherRows split between
// goroutines.
type gatherSplit[T Float] struct {
	forkJoin
	dst, src       []T
	ldd, lds, cols int
	idx            []int
	parts          int
}

// gatherPools hold the gatherSplits of float32 and float64.
var gatherPools floatPools

// part copies band i of p.parts bands of rows.
func (p *gatherSplit[T]) part(i int) {
	n := len(p.idx)
	gatherRange(p.dst, p.ldd, p.src, p.lds, p.cols, p.idx, i*n/p.parts, (i+1)*n/p.parts)
}

// gatherRange copies rows lo to hi of the gather (arguments checked, cols >
// 0), prefetching row idx[i+gatherAhead] of src while copying row i.
func gatherRange[T Float](dst []T, ldd int, src []T, lds, cols int, idx []int, lo, hi int) {
	var z T
	bytes := cols * int(unsafe.Sizeof(z))
	for i := lo; i < min(lo+gatherAhead, hi); i++ {
		prefetchLines(int(uintptr(unsafe.Pointer(&src[idx[i]*lds]))), bytes)
	}
	for i := lo; i < hi; i++ {
		if j := i + gatherAhead; j < hi {
			prefetchLines(int(uintptr(unsafe.Pointer(&src[idx[j]*lds]))), bytes)
		}
		s := idx[i] * lds
		copy(dst[i*ldd:i*ldd+cols], src[s:s+cols])
	}
}
