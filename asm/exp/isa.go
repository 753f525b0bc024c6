package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/simdkern/simdkern/asm/internal/avx"
)

// isa is an instruction-set path: its vector registers (avx.ISA), and how
// it masks the remainder of a slice and reduces a vector to one lane.
type isa interface {
	Name() string // suffix of the function names: AVX512, AVX2
	Bytes() int   // vector width
	Lanes(e avx.Elem) int
	Vec() reg.VecVirtual

	// tailMask returns a mask of the first n lanes, 0 < n < lanes; it
	// clobbers n.
	tailMask(e avx.Elem, n reg.GPVirtual) reg.Register
	// loadMasked loads the masked lanes of m into dst and sets the others
	// to those of fill (zero if fill is nil); it never touches the memory
	// of the others.
	loadMasked(e avx.Elem, m Mem, mask reg.Register, fill reg.VecVirtual, dst reg.VecVirtual)
	// storeMasked stores the masked lanes of src into m.
	storeMasked(e avx.Elem, src reg.VecVirtual, mask reg.Register, m Mem)
	// keep zeroes the lanes of r outside mask.
	keep(e avx.Elem, mask reg.Register, r reg.VecVirtual)
	// numerator returns a vector of the lanes of e where x's sign bit is
	// set and of one elsewhere.
	numerator(el avx.Elem, x, e, one reg.VecVirtual) reg.VecVirtual
	// halve combines the upper half of acc into its lower 128 bits with op.
	halve(op func(...Op), acc reg.VecVirtual)
}

// avx512 is the AVX-512 F+DQ+BW+VL path: 512-bit vectors, K-register masks.
type avx512 struct{ avx.ISA }

func (avx512) tailMask(e avx.Elem, n reg.GPVirtual) reg.Register { return avx.KMask(n) }

func (avx512) loadMasked(e avx.Elem, m Mem, mask reg.Register, fill, dst reg.VecVirtual) {
	if fill == nil {
		e.MovuZ(m, mask, dst)
		return
	}
	e.Movu(fill, dst)
	e.Movu(m, mask, dst) // merge
}

func (avx512) storeMasked(e avx.Elem, src reg.VecVirtual, mask reg.Register, m Mem) {
	e.Movu(src, mask, m)
}

func (avx512) keep(e avx.Elem, mask reg.Register, r reg.VecVirtual) { e.MovuZ(r, mask, r) }

func (avx512) numerator(el avx.Elem, x, e, one reg.VecVirtual) reg.VecVirtual {
	k, r := K(), ZMM()
	if el.Size == 4 {
		VPMOVD2M(x, k)
	} else {
		VPMOVQ2M(x, k)
	}
	el.Movu(one, r)
	el.Movu(e, k, r) // merge
	return r
}

func (avx512) halve(op func(...Op), acc reg.VecVirtual) {
	t := YMM()
	VEXTRACTF64X4(U8(1), acc, t)
	op(t, acc.AsY(), acc.AsY())
	u := XMM()
	VEXTRACTF32X4(U8(1), acc.AsY(), u) // the EVEX form: acc may be Z16–Z31
	op(u, acc.AsX(), acc.AsX())
}

// avx2 is the AVX2+FMA path: 256-bit vectors, masked moves with a vector
// mask. It must use only Y0–Y15 (VEX encoding).
type avx2 struct{ avx.ISA }

// tailMasks is the table of AVX2 tail masks.
var tailMasks avx.TailMasks

func declareTailMasks() { tailMasks = avx.DeclareTailMasks("exptailmasks") }

func (avx2) tailMask(e avx.Elem, n reg.GPVirtual) reg.Register { return tailMasks.Mask(e, n) }

func (avx2) loadMasked(e avx.Elem, m Mem, mask reg.Register, fill, dst reg.VecVirtual) {
	e.MaskMov(m, mask, dst)
	if fill != nil {
		ops(e).blend(mask, dst, fill, dst) // dst where mask, fill elsewhere
	}
}

func (avx2) storeMasked(e avx.Elem, src reg.VecVirtual, mask reg.Register, m Mem) {
	e.MaskMov(src, mask, m)
}

func (avx2) keep(e avx.Elem, mask reg.Register, r reg.VecVirtual) { e.And(mask, r, r) }

func (avx2) numerator(el avx.Elem, x, e, one reg.VecVirtual) reg.VecVirtual {
	r := YMM()
	ops(el).blend(x, e, one, r) // on x's sign bits
	return r
}

func (avx2) halve(op func(...Op), acc reg.VecVirtual) {
	u := XMM()
	VEXTRACTF128(U8(1), acc, u)
	op(u, acc.AsX(), acc.AsX())
}
