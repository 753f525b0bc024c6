package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/simdkern/simdkern/asm/internal/avx"
)

// isa is an instruction-set path: its vector registers (avx.ISA), and how
// it zeroes a register, masks the remainder of a slice and selects lanes.
type isa interface {
	Name() string // suffix of the function names: AVX512, AVX2
	Bytes() int   // vector width
	Lanes(e avx.Elem) int
	Regs() []reg.VecPhysical
	Vec() reg.VecVirtual
	zero(r reg.VecVirtual)

	// tailMask returns a mask of the first n lanes, 0 < n < lanes; it
	// clobbers n.
	tailMask(e avx.Elem, n reg.GPVirtual) reg.Register
	// loadMasked loads the masked lanes of m into dst and zeroes the others;
	// it never touches the memory of the others.
	loadMasked(e avx.Elem, m Mem, mask reg.Register, dst reg.VecVirtual)
	// storeMasked stores the masked lanes of src into m.
	storeMasked(e avx.Elem, src reg.VecVirtual, mask reg.Register, m Mem)

	// compare returns the mask of the lanes where a pred b holds.
	compare(e avx.Elem, pred uint8, a reg.VecVirtual, b Op) reg.Register
	// keep sets dst to src in the lanes of mask and to +0 in the others.
	keep(e avx.Elem, src Op, mask reg.Register, dst reg.VecVirtual)

	// hsum adds the lanes of acc into lane 0 of acc.AsX().
	hsum(e avx.Elem, acc reg.VecVirtual)
}

// avx512 is the AVX-512 F+DQ+BW+VL path: 512-bit vectors, K-register masks.
type avx512 struct{ avx.ISA }

func (avx512) zero(r reg.VecVirtual) { VPXORD(r, r, r) }

func (avx512) tailMask(e avx.Elem, n reg.GPVirtual) reg.Register { return avx.KMask(n) }

func (avx512) loadMasked(e avx.Elem, m Mem, mask reg.Register, dst reg.VecVirtual) {
	e.MovuZ(m, mask, dst)
}

func (avx512) storeMasked(e avx.Elem, src reg.VecVirtual, mask reg.Register, m Mem) {
	e.Movu(src, mask, m)
}

func (avx512) compare(e avx.Elem, pred uint8, a reg.VecVirtual, b Op) reg.Register {
	k := K()
	e.Cmp(U8(pred), b, a, k)
	return k
}

func (avx512) keep(e avx.Elem, src Op, mask reg.Register, dst reg.VecVirtual) {
	e.MovuZ(src, mask, dst)
}

func (avx512) hsum(e avx.Elem, acc reg.VecVirtual) {
	t := YMM()
	VEXTRACTF64X4(U8(1), acc, t)
	e.Add(t, acc.AsY(), acc.AsY())
	u := XMM()
	VEXTRACTF32X4(U8(1), acc.AsY(), u) // the EVEX form: acc may be Z16–Z31
	e.Add(u, acc.AsX(), acc.AsX())
	e.Hsum128(acc.AsX())
}

// avx2 is the AVX2+FMA path: 256-bit vectors, masked moves with a vector
// mask. It must use only Y0–Y15 (VEX encoding): its functions keep fewer
// than 16 vectors live.
type avx2 struct{ avx.ISA }

func (avx2) zero(r reg.VecVirtual) { VXORPS(r, r, r) }

// tailMasks is the table of AVX2 tail masks.
var tailMasks avx.TailMasks

func declareTailMasks() { tailMasks = avx.DeclareTailMasks("tailmasks") }

func (avx2) tailMask(e avx.Elem, n reg.GPVirtual) reg.Register { return tailMasks.Mask(e, n) }

func (avx2) loadMasked(e avx.Elem, m Mem, mask reg.Register, dst reg.VecVirtual) {
	e.MaskMov(m, mask, dst)
}

func (avx2) storeMasked(e avx.Elem, src reg.VecVirtual, mask reg.Register, m Mem) {
	e.MaskMov(src, mask, m)
}

func (avx2) compare(e avx.Elem, pred uint8, a reg.VecVirtual, b Op) reg.Register {
	m := YMM()
	e.Cmp(U8(pred), b, a, m)
	return m
}

func (avx2) keep(e avx.Elem, src Op, mask reg.Register, dst reg.VecVirtual) {
	e.And(src, mask, dst)
}

func (avx2) hsum(e avx.Elem, acc reg.VecVirtual) {
	u := XMM()
	VEXTRACTF128(U8(1), acc, u)
	e.Add(u, acc.AsX(), acc.AsX())
	e.Hsum128(acc.AsX())
}
