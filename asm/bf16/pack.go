package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/simdkern/simdkern/asm/internal/avx"
)

// The packing of GemmBF16's panels on the AVX-512 path: a panel of w rows
// (mr for A, nr for B) holds, at pair l and row r, the 32 bits
// X(r,2l) | X(r,2l+1)<<16. The functions pack the whole pairs; the Go
// caller packs the last, lone k of an odd block.

// packPairs generates packBF16PairsAVX512W<w>(dst, x, ld, kp, m0, m1): the
// panel from a matrix that holds the panel's rows as its columns, k as its
// rows. Each pair of rows of x is widened to 32 bits (VPMOVZXWD) and
// interleaved with a shift and an OR.
func packPairs(w int) {
	name := fmt.Sprintf("packBF16PairsAVX512W%d", w)
	TEXT(name, NOSPLIT, "func(dst []uint32, x []uint16, ld, kp int, m0, m1 uint64)")
	Pragma("noescape")
	Doc(fmt.Sprintf("%s sets dst[l·%d+r] = x[2l·ld+r] | x[(2l+1)·ld+r]<<16 for l < kp and", name, w),
		fmt.Sprintf("each r < %d whose bit is set in the load masks m0 (r < 16) and m1 (r ≥ 16), zero", w),
		"for the other r; no other element of x is read.")
	d := Load(Param("dst").Base(), GP64())
	x := Load(Param("x").Base(), GP64())
	ld := Load(Param("ld"), GP64())
	SHLQ(U8(1), ld)
	kp := Load(Param("kp"), GP64())
	chunks := (w + 15) / 16
	ks := []reg.Register{reg.K1, reg.K2}
	for c := range chunks {
		KMOVQ(avx.Addr(Param([]string{"m0", "m1"}[c])), ks[c])
	}
	store := startLoop(name, kp, w)
	for c := range chunks {
		lo, hi := ZMM(), ZMM()
		VPMOVZXWD_Z(Mem{Base: x, Disp: 32 * c}, ks[c], lo)
		VPMOVZXWD_Z(Mem{Base: x, Index: ld, Scale: 1, Disp: 32 * c}, ks[c], hi)
		VPSLLD(U8(16), hi, hi)
		VPORD(hi, lo, lo)
		storeChunk(lo, c, w, store, d)
	}
	LEAQ(Mem{Base: x, Index: ld, Scale: 2}, x)
	endLoop(name, d, kp, w)
}

// startLoop returns K3 holding the store mask of the last 16 words of a
// panel step of w words (if w is no multiple of 16), and starts the loop
// <name>_loop over n steps, skipped if n is 0.
func startLoop(name string, n reg.Register, w int) reg.Register {
	store := reg.K3
	if w%16 != 0 {
		t := GP32()
		MOVL(U32(1<<(w%16)-1), t)
		KMOVW(t, store)
	}
	TESTQ(n, n)
	JZ(LabelRef(name + "_done"))
	Label(name + "_loop")
	return store
}

// storeChunk stores v as the 16 words c·16… of a panel step of w words at
// d, under the store mask if the step ends within them.
func storeChunk(v reg.Register, c, w int, store reg.Register, d reg.Register) {
	if 16*(c+1) > w {
		VMOVDQU32(v, store, Mem{Base: d, Disp: 64 * c})
	} else {
		VMOVDQU32(v, Mem{Base: d, Disp: 64 * c})
	}
}

// endLoop ends the loop <name>_loop over n steps of a panel of w words at d,
// and the function.
func endLoop(name string, d, n reg.Register, w int) {
	ADDQ(U32(4*w), d)
	DECQ(n)
	JNZ(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// packRows generates packBF16RowsAVX512W<w>(dst, x, off, kp, m0, m1): the
// panel from a matrix that holds the panel's rows as its rows, each pair of
// k a 32-bit word, gathered (VPGATHERDD) from the rows' byte offsets.
func packRows(w int) {
	name := fmt.Sprintf("packBF16RowsAVX512W%d", w)
	TEXT(name, NOSPLIT, fmt.Sprintf("func(dst []uint32, x []uint16, off *[%d]int32, kp int, m0, m1 uint64)", w))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s sets dst[l·%d+r] to the 32 bits at byte off[r] + 4l of x for l < kp", name, w),
		fmt.Sprintf("and each r < %d whose bit is set in the masks m0 (r < 16) and m1 (r ≥ 16), zero", w),
		"for the other r; no other element of x is read.")
	d := Load(Param("dst").Base(), GP64())
	x := Load(Param("x").Base(), GP64())
	off := Load(Param("off"), GP64())
	kp := Load(Param("kp"), GP64())
	chunks := (w + 15) / 16
	masks := []reg.GPVirtual{GP64(), GP64()}
	idx := []reg.VecVirtual{ZMM(), ZMM()}
	for c := range chunks {
		Load(Param([]string{"m0", "m1"}[c]), masks[c])
		k := K()
		KMOVQ(masks[c], k)
		VMOVDQU32_Z(Mem{Base: off, Disp: 64 * c}, k, idx[c])
	}
	four := ZMM()
	t := GP32()
	MOVL(U32(4), t)
	VPBROADCASTD(t, four)
	store := startLoop(name, kp, w)
	for c := range chunks {
		g, k := ZMM(), K()
		VPXORD(g, g, g)
		KMOVQ(masks[c], k)
		VPGATHERDD(Mem{Base: x, Index: idx[c], Scale: 1}, k, g)
		VPADDD(four, idx[c], idx[c])
		storeChunk(g, c, w, store, d)
	}
	endLoop(name, d, kp, w)
}

// packRowsT generates packBF16RowsTAVX512W<w>(dst, x, ld, blocks): the
// panel of packRows for whole panels (w rows) and blocks of 16 pairs of k,
// transposed in registers: the rows are loaded four at a time, 16 pairs
// each, interleaved by dwords then by quadwords (VPUNPCK*), which leaves in
// each 128-bit lane the four rows' words of one pair, stored to that pair's
// row of the panel.
func packRowsT(w int) {
	name := fmt.Sprintf("packBF16RowsTAVX512W%d", w)
	TEXT(name, NOSPLIT, "func(dst []uint32, x []uint16, ld, blocks int)")
	Pragma("noescape")
	Doc(fmt.Sprintf("%s sets dst[l·%d+r] = x[r·ld+2l] | x[r·ld+2l+1]<<16 for r < %d and", name, w, w),
		"l < 16·blocks.")
	d := Load(Param("dst").Base(), GP64())
	p := Load(Param("x").Base(), GP64())
	ld := Load(Param("ld"), GP64())
	SHLQ(U8(1), ld)
	ld3 := GP64()
	LEAQ(Mem{Base: ld, Index: ld, Scale: 2}, ld3)
	blocks := Load(Param("blocks"), GP64())
	q := GP64()
	TESTQ(blocks, blocks)
	JZ(LabelRef(name + "_done"))
	Label(name + "_block")
	MOVQ(p, q)
	for g := 0; g < w/4; g++ {
		rows := []reg.VecVirtual{ZMM(), ZMM(), ZMM(), ZMM()}
		VMOVDQU32(Mem{Base: q}, rows[0])
		VMOVDQU32(Mem{Base: q, Index: ld, Scale: 1}, rows[1])
		VMOVDQU32(Mem{Base: q, Index: ld, Scale: 2}, rows[2])
		VMOVDQU32(Mem{Base: q, Index: ld3, Scale: 1}, rows[3])
		if g+1 < w/4 {
			LEAQ(Mem{Base: q, Index: ld, Scale: 4}, q)
		}
		t := []reg.VecVirtual{ZMM(), ZMM(), ZMM(), ZMM()}
		VPUNPCKLDQ(rows[1], rows[0], t[0]) // r0 r1 of pairs 0, 1 of each lane
		VPUNPCKHDQ(rows[1], rows[0], t[1]) // pairs 2, 3
		VPUNPCKLDQ(rows[3], rows[2], t[2])
		VPUNPCKHDQ(rows[3], rows[2], t[3])
		u := []reg.VecVirtual{ZMM(), ZMM(), ZMM(), ZMM()}
		VPUNPCKLQDQ(t[2], t[0], u[0]) // r0…r3 of pair 0 of each lane
		VPUNPCKHQDQ(t[2], t[0], u[1]) // pair 1
		VPUNPCKLQDQ(t[3], t[1], u[2]) // pair 2
		VPUNPCKHQDQ(t[3], t[1], u[3]) // pair 3
		for lane := range 4 {
			for j, v := range u {
				at := Mem{Base: d, Disp: 4 * ((4*lane+j)*w + 4*g)}
				if lane == 0 {
					VMOVDQU(v.AsX(), at)
				} else {
					VEXTRACTI32X4(U8(lane), v, at)
				}
			}
		}
	}
	ADDQ(U8(64), p)
	ADDQ(U32(16*4*w), d)
	DECQ(blocks)
	JNZ(LabelRef(name + "_block"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}
