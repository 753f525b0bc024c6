// Command bf16mv generates the amd64 assembly of simdkern's float32 vector
// × bfloat16 matrix kernels (kernels.GemmBF16B with one row of C) on the
// AVX2 and AVX-512 paths, with the Go declarations of the functions.
//
// Each function computes one panel of C's row: c[j] = alpha·Σₗ x[l·incx]·
// B(l,j) + beta·c[j] for the columns of up to four vectors of bfloat16,
// with the panel's accumulators in registers across the whole of k. A
// vector of 2w bfloat16 (w float32 lanes) loaded from a row of B is widened
// in two instructions, exactly: shifted left by 16 bits it holds the
// even-numbered columns as float32, masked to its high halves the odd ones.
// Each half has its own accumulator, and the two are interleaved back into
// column order once, after the loop. On AVX-512, which has the registers,
// the even and odd rows of B go to two sets of accumulators, added after
// the loop, so that a narrow panel keeps both FMA pipes busy through the
// FMA latency. The AVX-512 functions load the last vector of the panel
// under a mask of bfloat16 columns (fault-suppressing), and store it under
// the same mask; the AVX2 ones take whole vectors only.
//
// It is run by go generate in package asm; the flags are Avo's (-out, -stubs,
// -pkg).
package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/simdkern/simdkern/asm/internal/avx"
)

// isa is one path: its name in function names, float32 lanes per vector
// (bfloat16 columns per vector are twice as many), its vector registers,
// and whether it has AVX-512's masked loads and stores.
type isa struct {
	name   string
	lanes  int
	vec    func() reg.VecVirtual
	masked bool
}

var (
	avx512 = isa{"AVX512", 16, ZMM, true}
	avx2   = isa{"AVX2", 8, YMM, false}
)

// maxVectors is the widest panel, in vectors of bfloat16: eight
// accumulators, as many as keep both FMA pipes of a Zen or Intel core busy
// through the FMA latency.
const maxVectors = 4

// interleave is the VPERMI2PS index table of the AVX-512 functions: lanes
// 0-15 put columns 0-15 of a 32-column vector in order from the even (0-15)
// and odd (16-31) accumulators, lanes 16-31 columns 16-31.
var interleave Mem

func main() {
	Package("github.com/simdkern/simdkern/kernels")
	ConstraintExpr("!purego")
	interleave = GLOBL("bf16mvinterleave", RODATA|NOPTR)
	for i := range 32 {
		DATA(4*i, U32(uint32(i/2+16*(i%2))))
	}
	for v := 1; v <= maxVectors; v++ {
		gemv(avx512, v)
	}
	for v := 1; v <= maxVectors; v++ {
		gemv(avx2, v)
	}
	Generate()
}

// gemv emits gemvBF16<ISA>x<vecs>: the panel of vecs vectors of bfloat16
// columns (2·lanes each).
func gemv(v isa, vecs int) {
	name := fmt.Sprintf("gemvBF16%sx%d", v.name, vecs)
	cols := 2 * v.lanes * vecs
	masked := v.masked
	if masked {
		TEXT(name, NOSPLIT, "func(k int, x []float32, incx int, b []uint16, ldb int, c []float32, alpha, beta float32, mask uint32)")
		bit := "j"
		if cols > 2*v.lanes {
			bit = fmt.Sprintf("j−%d", cols-2*v.lanes)
		}
		Doc(fmt.Sprintf("%s sets c[j] = alpha·Σₗ x[l·incx]·b[l·ldb+j] + beta·c[j] for k ≥ 1 and the columns", name),
			fmt.Sprintf("j < %d of a panel, of its last %d only those whose bit %s is set in mask; beta == 0 does not read c.", cols, 2*v.lanes, bit))
	} else {
		TEXT(name, NOSPLIT, "func(k int, x []float32, incx int, b []uint16, ldb int, c []float32, alpha, beta float32)")
		Doc(fmt.Sprintf("%s sets c[j] = alpha·Σₗ x[l·incx]·b[l·ldb+j] + beta·c[j] for k ≥ 1 and the %d columns", name, cols),
			fmt.Sprintf("j < %d of a panel; beta == 0 does not read c.", cols))
	}
	n, px, incx := Load(Param("k"), GP64()), Load(Param("x").Base(), GP64()), Load(Param("incx"), GP64())
	pb, ldb := Load(Param("b").Base(), GP64()), Load(Param("ldb"), GP64())
	SHLQ(U8(2), incx)
	SHLQ(U8(1), ldb)
	var kb reg.Register // the bfloat16 columns of the last vector
	if masked {
		kb = K()
		KMOVD(Load(Param("mask"), GP32()), kb)
	}
	g := GP32()
	MOVL(U32(0xffff_0000), g)
	oddHalf, t := v.vec(), XMM()
	MOVD(g, t)
	VPBROADCASTD(t, oddHalf) // the odd column's half of each 32-bit lane
	// AVX-512 sums the even and odd rows of B in two sets of accumulators,
	// two FMAs in flight per accumulator; AVX2's 16 registers hold one.
	sets := 1
	if masked {
		sets = 2
	}
	even, odd := make([][]reg.VecVirtual, sets), make([][]reg.VecVirtual, sets)
	for s := range sets {
		even[s], odd[s] = make([]reg.VecVirtual, vecs), make([]reg.VecVirtual, vecs)
		for i := range vecs {
			even[s][i], odd[s][i] = v.vec(), v.vec()
			VXORPS(even[s][i], even[s][i], even[s][i])
			VXORPS(odd[s][i], odd[s][i], odd[s][i])
		}
	}
	// step adds row x·b of B to the accumulators of set s.
	step := func(s int, x, b Mem) {
		xl := v.vec()
		VBROADCASTSS(x, xl)
		for i := range vecs {
			w, e := v.vec(), v.vec()
			src := b.Offset(4 * v.lanes * i)
			switch {
			case masked && i == vecs-1:
				VMOVDQU16_Z(src, kb, w)
			case masked:
				VMOVDQU32(src, w)
			default:
				VMOVDQU(src, w)
			}
			VPSLLD(U8(16), w, e)
			if masked {
				VPANDD(oddHalf, w, w)
			} else {
				VPAND(oddHalf, w, w)
			}
			VFMADD231PS(e, xl, even[s][i])
			VFMADD231PS(w, xl, odd[s][i])
		}
	}
	if sets == 1 {
		Label("loop")
		step(0, Mem{Base: px}, Mem{Base: pb})
		ADDQ(incx, px)
		ADDQ(ldb, pb)
		DECQ(n)
		JNZ(LabelRef("loop"))
	} else {
		pairs := GP64()
		MOVQ(n, pairs)
		SHRQ(U8(1), pairs)
		JZ(LabelRef("last"))
		Label("loop")
		step(0, Mem{Base: px}, Mem{Base: pb})
		step(1, Mem{Base: px, Index: incx, Scale: 1}, Mem{Base: pb, Index: ldb, Scale: 1})
		LEAQ(Mem{Base: px, Index: incx, Scale: 2}, px)
		LEAQ(Mem{Base: pb, Index: ldb, Scale: 2}, pb)
		DECQ(pairs)
		JNZ(LabelRef("loop"))
		Label("last")
		TESTQ(U32(1), n)
		JZ(LabelRef("sum"))
		step(0, Mem{Base: px}, Mem{Base: pb})
		Label("sum")
		for i := range vecs {
			VADDPS(even[1][i], even[0][i], even[0][i])
			VADDPS(odd[1][i], odd[0][i], odd[0][i])
		}
	}

	// Interleave each pair of accumulators into two vectors of columns in
	// order, and scale them by alpha.
	out := make([]reg.VecVirtual, 2*vecs)
	alpha := v.vec()
	VBROADCASTSS(avx.Addr(Param("alpha")), alpha)
	var idx [2]reg.VecVirtual
	if masked {
		idx = [2]reg.VecVirtual{v.vec(), v.vec()}
		VMOVDQU32(interleave, idx[0])
		VMOVDQU32(interleave.Offset(64), idx[1])
	}
	for i := range vecs {
		lo, hi := v.vec(), v.vec()
		if masked {
			VMOVAPS(idx[0], lo)
			VMOVAPS(idx[1], hi)
			VPERMI2PS(odd[0][i], even[0][i], lo)
			VPERMI2PS(odd[0][i], even[0][i], hi)
		} else {
			l, h := v.vec(), v.vec()
			VUNPCKLPS(odd[0][i], even[0][i], l) // columns 0-3 | 8-11
			VUNPCKHPS(odd[0][i], even[0][i], h) // columns 4-7 | 12-15
			VPERM2F128(U8(0x20), h, l, lo)
			VPERM2F128(U8(0x31), h, l, hi)
		}
		VMULPS(alpha, lo, lo)
		VMULPS(alpha, hi, hi)
		out[2*i], out[2*i+1] = lo, hi
	}

	// The last vector's float32 halves: columns set in the low and high
	// halves of mask.
	var klo, khi reg.Register
	if masked {
		klo, khi = K(), K()
		KMOVD(kb, klo)
		KSHIFTRD(U8(16), kb, khi)
	}
	pc := Load(Param("c").Base(), GP64())
	at := func(j int) Mem { return Mem{Base: pc, Disp: 4 * v.lanes * j} }
	lastMasked := func(j int) (reg.Register, bool) {
		if !masked || j < 2*vecs-2 {
			return nil, false
		}
		if j == 2*vecs-2 {
			return klo, true
		}
		return khi, true
	}
	bits := GP32()
	MOVL(avx.Addr(Param("beta")), bits)
	ANDL(U32(0x7fff_ffff), bits) // beta == 0, either sign
	JZ(LabelRef("store"))
	beta := v.vec()
	VBROADCASTSS(avx.Addr(Param("beta")), beta)
	for j, o := range out {
		if k, ok := lastMasked(j); ok {
			t := v.vec()
			VMOVUPS_Z(at(j), k, t)
			VFMADD231PS(t, beta, o)
			continue
		}
		VFMADD231PS(at(j), beta, o)
	}
	Label("store")
	for j, o := range out {
		if k, ok := lastMasked(j); ok {
			VMOVUPS(o, k, at(j))
			continue
		}
		VMOVUPS(o, at(j))
	}
	VZEROUPPER()
	RET()
}
