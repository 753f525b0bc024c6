package main

import (
	"math/bits"
	"strconv"

	"github.com/simdkern/simdkern/asm/neon"
)

// colSumTiers are the widths, in vectors, of the column blocks of ColSum:
// blocks of the first width while they fit, then at most one of each next.
// The widest holds its sums in half the 32 registers, the row it adds in
// the other half.
var colSumTiers = []int{16, 8, 4, 2, 1}

func colSum(f *neon.File, e neon.Type) {
	name := "colSum" + e.Name + "NEON"
	fn := f.Func(name, "func(dst, a []"+e.GoType+", rows, cols, lda int)",
		name+" sets dst[j] = a[0·lda+j] + a[1·lda+j] + … + a[(rows−1)·lda+j] for j < cols,",
		"adding each column in row order (+0 when rows == 0). It reads only a's first cols",
		"elements of each row and writes only dst[:cols].")
	d, a, rows, cols, stride := neon.R(0), neon.R(1), neon.R(2), neon.R(3), neon.R(4)
	p, t, r := neon.R(5), neon.R(6), neon.R(7) // row, its vectors, rows left
	fn.MOVD(fn.Base("dst"), d)
	fn.MOVD(fn.Base("a"), a)
	fn.MOVD(fn.Param("rows"), rows)
	fn.MOVD(fn.Param("cols"), cols)
	fn.MOVD(fn.Param("lda"), stride)
	fn.LSL(neon.Imm(bits.TrailingZeros(uint(e.Size))), stride) // bytes

	// block emits the sums of vecs vectors of columns at a into d (sums in
	// V0–V15, the row added in V16–V31), advancing d.
	const acc, row = 0, 16
	block := func(label string, vecs int, m moves) {
		fn.CBZ(rows, label+"zero")
		fn.MOVD(a, t)
		m.load(fn, t, acc, vecs)
		fn.SUBS(neon.Imm(1), rows, r)
		fn.BEQ(label + "store")
		fn.MOVD(a, p)
		fn.Label(label + "rows")
		fn.ADD(stride, p)
		fn.MOVD(p, t)
		m.load(fn, t, row, vecs)
		for k := range vecs {
			fn.FADD(e.Vec(row+k), e.Vec(acc+k), e.Vec(acc+k)) // sum + row
		}
		fn.SUBS(neon.Imm(1), r, r)
		fn.BNE(label + "rows")
		fn.B(label + "store")
		fn.Label(label + "zero")
		for k := range vecs {
			fn.Zero(neon.V(acc + k))
		}
		fn.Label(label + "store")
		m.store(fn, d, acc, vecs)
	}

	for i, vecs := range colSumTiers {
		label := "cols" + strconv.Itoa(vecs)
		next := "tail"
		if i+1 < len(colSumTiers) {
			next = "cols" + strconv.Itoa(colSumTiers[i+1])
		}
		fn.Label(label)
		fn.Comment("Blocks of %d vectors of columns.", vecs)
		fn.CMP(neon.Imm(vecs*e.Lanes()), cols)
		fn.BLO(next)
		block(label, vecs, moves{e: e})
		fn.ADD(neon.Imm(vecs*16), a)
		fn.SUB(neon.Imm(vecs*e.Lanes()), cols)
		if i == 0 {
			fn.B(label)
		}
	}

	fn.Label("tail")
	fn.Comment("The remaining 0 to lanes−1 columns, one at a time in lane 0.")
	fn.CBZ(cols, "done")
	fn.Label("tailloop")
	block("tail", 1, moves{e: e, scalar: true})
	fn.ADD(neon.Imm(e.Size), a)
	fn.SUBS(neon.Imm(1), cols, cols)
	fn.BNE("tailloop")
	fn.Label("done")
	fn.RET()
}
