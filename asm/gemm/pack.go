package main

import (
	"fmt"
	"math/bits"
	"slices"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/simdkern/simdkern/asm/internal/avx"
)

// AVX-512 packing routines: the two moves the packing of A and B reduces to
// (see kernels/gemm_pack.go), for panels of at most two vectors a step.

// packRuns generates gemmPackRuns<type>AVX512(panel, src, ld, kb, lm0, lm1,
// sm0, sm1): for each l < kb, the run src[l·ld:] is loaded as two vectors
// under masks lm0, lm1 (zero where clear) and stored to panel[l·w:] under
// masks sm0, sm1; w is the popcount of sm0 and sm1.
func packRuns(e avx.Elem) {
	name := "gemmPackRuns" + e.Name + "AVX512"
	TEXT(name, NOSPLIT, fmt.Sprintf("func(panel, src []%s, ld, kb int, lm0, lm1, sm0, sm1 uint64)", e.GoType))
	Pragma("noescape")
	Doc(name+" sets panel[l·w+c] = src[l·ld+c] for each l < kb and each c whose bit is set",
		"in the load masks lm0 (vector 0) and lm1 (vector 1), and zero for the other c",
		"whose bit is set in the store masks sm0, sm1 (w = popcount(sm0)+popcount(sm1)).")
	panel := Load(Param("panel").Base(), GP64())
	src := Load(Param("src").Base(), GP64())
	ld := Load(Param("ld"), GP64())
	SHLQ(e.Shift(), ld)
	kb := Load(Param("kb"), GP64())
	for i, p := range []string{"lm0", "lm1", "sm0", "sm1"} {
		KMOVQ(avx.Addr(Param(p)), []reg.Register{reg.K1, reg.K2, reg.K3, reg.K4}[i])
	}
	// w·size: the step of the panel.
	step := GP64()
	t := GP64()
	KMOVQ(reg.K3, step)
	POPCNTQ(step, step)
	KMOVQ(reg.K4, t)
	POPCNTQ(t, t)
	ADDQ(t, step)
	SHLQ(e.Shift(), step)
	TESTQ(kb, kb)
	JZ(LabelRef(name + "_done"))
	KORTESTQ(reg.K4, reg.K4)
	JZ(LabelRef(name + "_loop1"))
	Label(name + "_loop2")
	e.MovuZ(Mem{Base: src}, reg.K1, reg.Z0)
	e.MovuZ(Mem{Base: src}.Offset(64), reg.K2, reg.Z1)
	e.Movu(reg.Z0, reg.K3, Mem{Base: panel})
	e.Movu(reg.Z1, reg.K4, Mem{Base: panel}.Offset(64))
	ADDQ(ld, src)
	ADDQ(step, panel)
	DECQ(kb)
	JNZ(LabelRef(name + "_loop2"))
	JMP(LabelRef(name + "_done"))
	Comment("Steps of one vector.")
	Label(name + "_loop1")
	e.MovuZ(Mem{Base: src}, reg.K1, reg.Z0)
	e.Movu(reg.Z0, reg.K3, Mem{Base: panel})
	ADDQ(ld, src)
	ADDQ(step, panel)
	DECQ(kb)
	JNZ(LabelRef(name + "_loop1"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// packRunsAVX2 generates gemmPackRuns<type>AVX2W<w>(panel, src, ld, kb): for
// each l < kb, the w values at src[l·ld:] are copied to panel[l·w:], two
// steps a pass: the runs of a whole micro-panel of the AVX2 kernels, w = MR
// for A and NR for B.
func packRunsAVX2(e avx.Elem, w int) {
	name := fmt.Sprintf("gemmPackRuns%sAVX2W%d", e.Name, w)
	TEXT(name, NOSPLIT, fmt.Sprintf("func(panel, src []%s, ld, kb int)", e.GoType))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s sets panel[l·%d+c] = src[l·ld+c] for each l < kb and c < %d.", name, w, w))
	panel := Load(Param("panel").Base(), GP64())
	src := Load(Param("src").Base(), GP64())
	ld := Load(Param("ld"), GP64())
	SHLQ(e.Shift(), ld)
	kb := Load(Param("kb"), GP64())
	// The moves of one step: whole YMM, then XMM, then 8 and 4 bytes.
	type move struct {
		off, bytes int
	}
	var moves []move
	for off, left := 0, w*e.Size; left > 0; {
		b := 32
		for b > left {
			b /= 2
		}
		moves = append(moves, move{off, b})
		off, left = off+b, left-b
	}
	if len(moves) > 4 {
		panic(name + ": too many moves a step")
	}
	// step copies one step through registers first… first+len(moves)-1.
	step := func(from, to Mem, first int) {
		vec := func(i, bytes int) Op {
			if bytes == 32 {
				return avx.AVX2.Regs()[first+i]
			}
			return []reg.VecPhysical{reg.X0, reg.X1, reg.X2, reg.X3, reg.X4, reg.X5, reg.X6, reg.X7}[first+i]
		}
		mv := func(bytes int, a, b Op) {
			switch bytes {
			case 32, 16:
				e.Movu(a, b)
			case 8:
				VMOVSD(a, b)
			default:
				VMOVSS(a, b)
			}
		}
		for i, m := range moves {
			mv(m.bytes, from.Offset(m.off), vec(i, m.bytes))
		}
		for i, m := range moves {
			mv(m.bytes, vec(i, m.bytes), to.Offset(m.off))
		}
	}
	Comment("Two steps a pass.")
	Label(name + "_loop2")
	CMPQ(kb, U8(2))
	JL(LabelRef(name + "_tail"))
	step(Mem{Base: src}, Mem{Base: panel}, 0)
	step(Mem{Base: src, Index: ld, Scale: 1}, Mem{Base: panel}.Offset(w*e.Size), 4)
	LEAQ(Mem{Base: src, Index: ld, Scale: 2}, src)
	ADDQ(U32(2*w*e.Size), panel)
	SUBQ(U8(2), kb)
	JMP(LabelRef(name + "_loop2"))
	Label(name + "_tail")
	TESTQ(kb, kb)
	JZ(LabelRef(name + "_done"))
	step(Mem{Base: src}, Mem{Base: panel}, 0)
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// packColsAVX2 generates gemmPackCols<type>AVX2W<w>(panel, src, ld, kb):
// panel[l·w+c] = src[c·ld+l] for c < w and l < kb, kb a multiple of the
// lanes of a YMM register (the caller packs the rest). Each block of lanes
// steps is transposed in registers, one group of lanes rows of src at a
// time, so every row of src is read in whole vectors.
func packColsAVX2(e avx.Elem, w int) {
	name := fmt.Sprintf("gemmPackCols%sAVX2W%d", e.Name, w)
	TEXT(name, NOSPLIT, fmt.Sprintf("func(panel, src []%s, ld, kb int)", e.GoType))
	Pragma("noescape")
	L := avx.AVX2.Lanes(e)
	Doc(fmt.Sprintf("%s sets panel[l·%d+c] = src[c·ld+l] for c < %d and l < kb, a multiple of %d.", name, w, w, L))
	ys := avx.AVX2.Regs()
	xs := []reg.VecPhysical{reg.X0, reg.X1, reg.X2, reg.X3, reg.X4, reg.X5, reg.X6, reg.X7,
		reg.X8, reg.X9, reg.X10, reg.X11, reg.X12, reg.X13, reg.X14, reg.X15}
	p := Load(Param("src").Base(), GP64())
	q := Load(Param("panel").Base(), GP64())
	ld := Load(Param("ld"), GP64())
	SHLQ(e.Shift(), ld)
	blocks := Load(Param("kb"), GP64())
	SHRQ(U8(bits.TrailingZeros(uint(L))), blocks)
	JZ(LabelRef(name + "_done"))
	r := GP64()
	Label(name + "_block")
	MOVQ(p, r)
	for g := 0; g < w; g += L {
		rows := min(L, w-g)
		for i := range L {
			if i < rows {
				e.Movu(Mem{Base: r}, ys[i])
				ADDQ(ld, r)
			} else {
				e.Xor(ys[i], ys[i], ys[i])
			}
		}
		out := transposeAVX2(e)
		// Step j of the block gets this group's rows values of column j.
		for j, y := range out {
			at := Mem{Base: q}.Offset((j*w + g) * e.Size)
			x := xs[slices.Index(ys, y)]
			switch bytes := rows * e.Size; bytes {
			case 32:
				e.Movu(y, at)
			case 24:
				e.Movu(x, at)
				VEXTRACTF128(U8(1), y, x)
				VMOVSD(x, at.Offset(16))
			case 16:
				e.Movu(x, at)
			case 8:
				VMOVSD(x, at)
			default:
				panic(fmt.Sprintf("%s: a group of %d bytes", name, bytes))
			}
		}
	}
	ADDQ(U8(L*e.Size), p)
	ADDQ(U32(L*w*e.Size), q)
	DECQ(blocks)
	JNZ(LabelRef(name + "_block"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// transposeAVX2 transposes the lanes×lanes block of e in Y0… (row i in Yi)
// and returns the registers holding its columns, using the other YMM
// registers as temporaries.
func transposeAVX2(e avx.Elem) []reg.VecPhysical {
	y := avx.AVX2.Regs()
	if e.Size == 8 {
		// Pairs of rows, then 128-bit halves.
		t := y[4:8]
		e.UnpackLo(y[1], y[0], t[0]) // a00 a10 | a02 a12
		e.UnpackHi(y[1], y[0], t[1]) // a01 a11 | a03 a13
		e.UnpackLo(y[3], y[2], t[2])
		e.UnpackHi(y[3], y[2], t[3])
		VPERM2F128(U8(0x20), t[2], t[0], y[0])
		VPERM2F128(U8(0x20), t[3], t[1], y[1])
		VPERM2F128(U8(0x31), t[2], t[0], y[2])
		VPERM2F128(U8(0x31), t[3], t[1], y[3])
		return y[:4]
	}
	// float32: pairs of rows, pairs of pairs (SHUFPS), then 128-bit halves.
	t := y[8:16]
	for k := range 4 {
		e.UnpackLo(y[2*k+1], y[2*k], t[2*k])   // a(2k)0 a(2k+1)0 a(2k)1 a(2k+1)1 | columns 4, 5
		e.UnpackHi(y[2*k+1], y[2*k], t[2*k+1]) // columns 2, 3 | 6, 7
	}
	for h := range 2 { // rows 0–3, rows 4–7
		u, v := t[4*h:4*h+4], y[4*h:4*h+4]
		VSHUFPS(U8(0x44), u[2], u[0], v[0]) // column 0 | 4 of rows 4h…4h+3
		VSHUFPS(U8(0xee), u[2], u[0], v[1]) // column 1 | 5
		VSHUFPS(U8(0x44), u[3], u[1], v[2]) // column 2 | 6
		VSHUFPS(U8(0xee), u[3], u[1], v[3]) // column 3 | 7
	}
	out := make([]reg.VecPhysical, 8)
	for j := range 4 {
		VPERM2F128(U8(0x20), y[4+j], y[j], t[j])   // column j
		VPERM2F128(U8(0x31), y[4+j], y[j], t[4+j]) // column j+4
		out[j], out[4+j] = t[j], t[4+j]
	}
	return out
}

// packCols generates gemmPackCols<type>AVX512(panel, src, ld, kb, n, sm0,
// sm1): panel[l·w+c] = src[c·ld+l] for l < kb, c < n, and zero for n ≤ c <
// w, where w = popcount(sm0)+popcount(sm1) and sm0, sm1 are the store masks
// of the two vectors of a step. It transposes blocks of lanes×lanes in
// registers, so every row of src is read in whole vectors.
func packCols(e avx.Elem) {
	name := "gemmPackCols" + e.Name + "AVX512"
	TEXT(name, NOSPLIT, fmt.Sprintf("func(panel, src []%s, ld, kb, n int, sm0, sm1 uint64)", e.GoType))
	Pragma("noescape")
	Doc(name+" sets panel[l·w+c] = src[c·ld+l] for l < kb and c < n, and zero for",
		"n ≤ c < w, where the store masks sm0 and sm1 of the two vectors of a step",
		"have w bits set in all.")
	L := avx.AVX512.Lanes(e)
	zs := avx.AVX512.Regs()
	ld := Load(Param("ld"), GP64())
	SHLQ(e.Shift(), ld)
	// w·size: the step of the panel.
	step := GP64()
	t := GP64()
	MOVQ(avx.Addr(Param("sm0")), step)
	POPCNTQ(step, step)
	MOVQ(avx.Addr(Param("sm1")), t)
	POPCNTQ(t, t)
	ADDQ(t, step)
	SHLQ(e.Shift(), step)

	for g := range 2 {
		gname := fmt.Sprintf("%s_g%d", name, g)
		sm := avx.Addr(Param([]string{"sm0", "sm1"}[g]))
		KMOVQ(sm, reg.K2)
		KORTESTQ(reg.K2, reg.K2)
		JZ(LabelRef(name + "_done"))
		// Rows c0 .. c0+rows-1 of src are loaded, rows = min(n-c0, L).
		rows := Load(Param("n"), GP64())
		SUBQ(U32(g*L), rows)
		// p: src + c0·ld + l0·size; q: panel + c0·size + l0·w·size.
		p := Load(Param("src").Base(), GP64())
		q := Load(Param("panel").Base(), GP64())
		ADDQ(U32(g*64), q)
		if g > 0 {
			MOVQ(ld, t)
			SHLQ(U8(bits.TrailingZeros(uint(L))), t)
			ADDQ(t, p)
		}
		kleft := Load(Param("kb"), GP64())
		Label(gname + "_block")
		TESTQ(kleft, kleft)
		JLE(LabelRef(gname + "_end"))
		// K1: the steps of this block, min(kleft, L) low bits.
		ones, cnt := GP64(), GP64()
		MOVQ(U32(L), cnt)
		CMPQ(kleft, U32(L))
		CMOVQLT(kleft, cnt)
		MOVQ(I32(-1), ones)
		BZHIQ(cnt, ones, ones)
		KMOVQ(ones, reg.K1)
		for i := range L {
			e.Xor(zs[i], zs[i], zs[i])
		}
		r := GP64()
		MOVQ(p, r)
		for i := range L {
			CMPQ(rows, U32(i))
			JLE(LabelRef(gname + "_loaded"))
			e.MovuZ(Mem{Base: r}, reg.K1, zs[i])
			if i < L-1 {
				ADDQ(ld, r)
			}
		}
		Label(gname + "_loaded")
		out := transpose(e)
		// Store min(kleft, L) steps.
		for j := range L {
			CMPQ(kleft, U32(j))
			JLE(LabelRef(gname + "_stored"))
			e.Movu(out[j], reg.K2, Mem{Base: q})
			ADDQ(step, q)
		}
		Label(gname + "_stored")
		ADDQ(U32(64), p)
		SUBQ(U32(L), kleft)
		JMP(LabelRef(gname + "_block"))
		Label(gname + "_end")
	}
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// transpose transposes the L×L block of e in Z0..Z(L-1) (row i in Zi) and
// returns the registers holding its columns.
//
// The in-lane stages leave in u[g·lp+j] (lp values per 128-bit lane, g < 4)
// the column lp·q+j of the rows of group g in 128-bit lane q; two rounds of
// 128-bit lane shuffles then gather column lp·q+j from the four groups.
func transpose(e avx.Elem) []reg.VecPhysical {
	zs := avx.AVX512.Regs()
	L := avx.AVX512.Lanes(e)
	lp := 16 / e.Size
	var u []reg.VecPhysical
	if e.Size == 4 {
		// float32: pairs of rows, then pairs of pairs (as 64-bit elements).
		t := zs[16:32]
		for k := range 8 {
			e.UnpackLo(zs[2*k+1], zs[2*k], t[2*k])
			e.UnpackHi(zs[2*k+1], zs[2*k], t[2*k+1])
		}
		p := avx.F64
		for g := range 4 {
			p.UnpackLo(t[4*g+2], t[4*g], zs[4*g])
			p.UnpackHi(t[4*g+2], t[4*g], zs[4*g+1])
			p.UnpackLo(t[4*g+3], t[4*g+1], zs[4*g+2])
			p.UnpackHi(t[4*g+3], t[4*g+1], zs[4*g+3])
		}
		u = zs[:16]
	} else {
		// float64: pairs of rows.
		t := zs[16:24]
		for k := range 4 {
			e.UnpackLo(zs[2*k+1], zs[2*k], t[2*k])
			e.UnpackHi(zs[2*k+1], zs[2*k], t[2*k+1])
		}
		u = t
	}
	v := []reg.VecPhysical{reg.Z24, reg.Z25, reg.Z26, reg.Z27}
	out := make([]reg.VecPhysical, L)
	for j := range lp {
		x := []reg.VecPhysical{u[j], u[lp+j], u[2*lp+j], u[3*lp+j]}
		e.Shuf128(U8(0x44), x[1], x[0], v[0]) // x0.0 x0.1 x1.0 x1.1
		e.Shuf128(U8(0xEE), x[1], x[0], v[1]) // x0.2 x0.3 x1.2 x1.3
		e.Shuf128(U8(0x44), x[3], x[2], v[2]) // x2.0 x2.1 x3.0 x3.1
		e.Shuf128(U8(0xEE), x[3], x[2], v[3]) // x2.2 x2.3 x3.2 x3.3
		e.Shuf128(U8(0x88), v[2], v[0], x[0]) // lane 0 of each: column j
		e.Shuf128(U8(0xDD), v[2], v[0], x[1]) // lane 1: column lp+j
		e.Shuf128(U8(0x88), v[3], v[1], x[2]) // lane 2: column 2·lp+j
		e.Shuf128(U8(0xDD), v[3], v[1], x[3]) // lane 3: column 3·lp+j
		for q := range 4 {
			out[lp*q+j] = x[q]
		}
	}
	return out
}
