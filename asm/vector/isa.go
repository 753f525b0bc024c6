package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// isa is an instruction-set path: its vector registers, and how it masks
// the remainder of a slice and selects lanes.
type isa interface {
	name() string   // suffix of the function names: AVX2, AVX512
	bytes() int     // vector width
	registers() int // vector registers
	vec() reg.VecVirtual
	zero(r reg.VecVirtual)

	// tailMask returns a mask of the first n lanes, 0 < n < lanes; it
	// clobbers n.
	tailMask(e elem, n reg.GPVirtual) reg.Register
	// loadMasked loads the masked lanes of m into dst and zeroes the others;
	// it never touches the memory of the others.
	loadMasked(e elem, m Mem, mask reg.Register, dst reg.VecVirtual)
	// storeMasked stores the masked lanes of src into m.
	storeMasked(e elem, src reg.VecVirtual, mask reg.Register, m Mem)

	// compare returns the mask of the lanes where a pred b holds.
	compare(e elem, pred uint8, a reg.VecVirtual, b Op) reg.Register
	// keep sets dst to src in the lanes of mask and to +0 in the others.
	keep(e elem, src Op, mask reg.Register, dst reg.VecVirtual)

	// hsum adds the lanes of acc into lane 0 of acc.AsX().
	hsum(e elem, acc reg.VecVirtual)
}

// avx512 is the AVX-512 F+DQ+BW+VL path: 512-bit vectors, K-register masks.
type avx512 struct{}

func (avx512) name() string          { return "AVX512" }
func (avx512) bytes() int            { return 64 }
func (avx512) registers() int        { return 32 }
func (avx512) vec() reg.VecVirtual   { return ZMM() }
func (avx512) zero(r reg.VecVirtual) { VPXORD(r, r, r) }

func (avx512) tailMask(e elem, n reg.GPVirtual) reg.Register {
	t := GP32()
	XORL(t, t)
	BTSL(n.As32(), t)
	DECL(t) // t = 1<<n − 1
	k := K()
	KMOVW(t, k)
	return k
}

func (avx512) loadMasked(e elem, m Mem, mask reg.Register, dst reg.VecVirtual) {
	e.movuZ(m, mask, dst)
}

func (avx512) storeMasked(e elem, src reg.VecVirtual, mask reg.Register, m Mem) {
	e.movu(src, mask, m)
}

func (avx512) compare(e elem, pred uint8, a reg.VecVirtual, b Op) reg.Register {
	k := K()
	e.cmp(U8(pred), b, a, k)
	return k
}

func (avx512) keep(e elem, src Op, mask reg.Register, dst reg.VecVirtual) {
	e.movuZ(src, mask, dst)
}

func (avx512) hsum(e elem, acc reg.VecVirtual) {
	t := YMM()
	VEXTRACTF64X4(U8(1), acc, t)
	e.add(t, acc.AsY(), acc.AsY())
	u := XMM()
	VEXTRACTF32X4(U8(1), acc.AsY(), u) // the EVEX form: acc may be Z16–Z31
	e.add(u, acc.AsX(), acc.AsX())
	e.hsum128(acc.AsX())
}

// avx2 is the AVX2+FMA path: 256-bit vectors, masked moves with a vector
// mask. It must use only Y0–Y15 (VEX encoding): its functions keep fewer
// than 16 vectors live.
type avx2 struct{}

func (avx2) name() string          { return "AVX2" }
func (avx2) bytes() int            { return 32 }
func (avx2) registers() int        { return 16 }
func (avx2) vec() reg.VecVirtual   { return YMM() }
func (avx2) zero(r reg.VecVirtual) { VXORPS(r, r, r) }

// tailMasks is 32 bytes of ones then 32 of zeros: the 32 bytes at
// tailMasks+32−n·size are the mask of the first n lanes.
var tailMasks Mem

func declareTailMasks() {
	tailMasks = GLOBL("tailmasks", RODATA|NOPTR)
	for i := 0; i < 64; i += 8 {
		v := uint64(0)
		if i < 32 {
			v = ^v
		}
		DATA(i, U64(v))
	}
}

func (avx2) tailMask(e elem, n reg.GPVirtual) reg.Register {
	t := GP64()
	LEAQ(tailMasks.Offset(32), t)
	NEGQ(n)
	m := YMM()
	VMOVDQU(Mem{Base: t, Index: n, Scale: uint8(e.size)}, m)
	return m
}

func (avx2) loadMasked(e elem, m Mem, mask reg.Register, dst reg.VecVirtual) {
	e.maskmov(m, mask, dst)
}

func (avx2) storeMasked(e elem, src reg.VecVirtual, mask reg.Register, m Mem) {
	e.maskmov(src, mask, m)
}

func (avx2) compare(e elem, pred uint8, a reg.VecVirtual, b Op) reg.Register {
	m := YMM()
	e.cmp(U8(pred), b, a, m)
	return m
}

func (avx2) keep(e elem, src Op, mask reg.Register, dst reg.VecVirtual) {
	e.and(src, mask, dst)
}

func (avx2) hsum(e elem, acc reg.VecVirtual) {
	u := XMM()
	VEXTRACTF128(U8(1), acc, u)
	e.add(u, acc.AsX(), acc.AsX())
	e.hsum128(acc.AsX())
}
