package main

import (
	"strconv"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/simdkern/simdkern/asm/internal/avx"
)

// colSumTiers returns the widths, in vectors, of the column blocks of
// ColSum: blocks of the first width while they fit, then at most one of each
// next. The widest holds its sums in half the vector registers.
func colSumTiers(v isa) []int {
	var tiers []int
	for w := len(v.Regs()) / 2; w >= 1; w /= 2 {
		tiers = append(tiers, w)
	}
	return tiers
}

func colSum(v isa, e avx.Elem) {
	name := "colSum" + e.Name + v.Name()
	TEXT(name, NOSPLIT, "func(dst, a []"+e.GoType+", rows, cols, lda int)")
	Pragma("noescape")
	Doc(name+" sets dst[j] = a[0·lda+j] + a[1·lda+j] + … + a[(rows−1)·lda+j] for j < cols,",
		"adding each column in row order (+0 when rows == 0). It reads only a's first cols",
		"elements of each row and writes only dst[:cols].")
	lanes := v.Lanes(e)
	pd := loadGP(Param("dst").Base())
	pa := loadGP(Param("a").Base())
	rows := loadGP(Param("rows"))
	cols := loadGP(Param("cols"))
	stride := loadGP(Param("lda"))
	SHLQ(e.Shift(), stride) // bytes
	p, r := GP64(), GP64()

	// block emits the sums of vecs vectors of columns at pa into pd, moving
	// them with m.
	block := func(label string, vecs int, m colMoves) {
		acc := make([]reg.VecVirtual, vecs)
		for k := range acc {
			acc[k] = v.Vec()
		}
		TESTQ(rows, rows)
		JZ(LabelRef(label + "zero"))
		for k, a := range acc {
			m.load(Mem{Base: pa}.Offset(k*v.Bytes()), a)
		}
		MOVQ(pa, p)
		MOVQ(rows, r)
		DECQ(r)
		JZ(LabelRef(label + "store"))
		Label(label + "rows")
		ADDQ(stride, p)
		for k, a := range acc {
			e.Add(m.operand(Mem{Base: p}.Offset(k*v.Bytes())), a, a) // sum + row
		}
		DECQ(r)
		JNZ(LabelRef(label + "rows"))
		JMP(LabelRef(label + "store"))
		Label(label + "zero")
		for _, a := range acc {
			v.zero(a)
		}
		Label(label + "store")
		for k, a := range acc {
			m.store(a, Mem{Base: pd}.Offset(k*v.Bytes()))
		}
	}

	full := colMoves{
		load:    func(m Mem, dst reg.VecVirtual) { e.Movu(m, dst) },
		operand: func(m Mem) Op { return m },
		store:   func(src reg.VecVirtual, m Mem) { e.Movu(src, m) },
	}
	tiers := colSumTiers(v)
	for i, vecs := range tiers {
		label := "cols" + strconv.Itoa(vecs)
		next := "tail"
		if i+1 < len(tiers) {
			next = "cols" + strconv.Itoa(tiers[i+1])
		}
		Label(label)
		Commentf("Blocks of %d vectors of columns.", vecs)
		CMPQ(cols, U32(vecs*lanes))
		JB(LabelRef(next))
		block(label, vecs, full)
		ADDQ(U32(vecs*v.Bytes()), pd)
		ADDQ(U32(vecs*v.Bytes()), pa)
		SUBQ(U32(vecs*lanes), cols)
		if i == 0 {
			JMP(LabelRef(label))
		}
	}

	Label("tail")
	Comment("The remaining 0 to lanes−1 columns, masked.")
	TESTQ(cols, cols)
	JZ(LabelRef("done"))
	mask := v.tailMask(e, cols)
	block("tail", 1, colMoves{
		load: func(m Mem, dst reg.VecVirtual) { v.loadMasked(e, m, mask, dst) },
		operand: func(m Mem) Op {
			t := v.Vec()
			v.loadMasked(e, m, mask, t)
			return t
		},
		store: func(src reg.VecVirtual, m Mem) { v.storeMasked(e, src, mask, m) },
	})
	Label("done")
	VZEROUPPER()
	RET()
}

// colMoves moves a vector of columns: load loads it into a register, operand
// gives it as the memory or register operand of an add, store stores it.
type colMoves struct {
	load    func(m Mem, dst reg.VecVirtual)
	operand func(m Mem) Op
	store   func(src reg.VecVirtual, m Mem)
}
