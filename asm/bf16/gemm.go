package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/simdkern/simdkern/asm/internal/avx"
)

// The bfloat16 micro-kernel multiplies a tile of mr×nr on VDPBF16PS, which
// the Go assembler lacks (avx.VDPBF16PS emits its encoding).
const (
	mr = 12 // rows of the tile: one broadcast pair of A each
	nr = 32 // columns: two ZMM of 16 float32 lanes
)

// gemmKernel emits gemmBF16AVX512: c = alpha·A·B + beta·c for one mr×nr
// tile from kp packed pairs of k. Pair l of A holds, for each row i, the
// 32 bits A(i,2l) | A(i,2l+1)<<16 at a[l·mr + i]; pair l of B holds
// B(2l,j) | B(2l+1,j)<<16 at b[l·nr + j]. beta == 0 does not read c.
func gemmKernel() {
	TEXT("gemmBF16AVX512", NOSPLIT, "func(kp int, a, b []uint32, c []float32, ldc int, alpha, beta float32)")
	Doc("gemmBF16AVX512 computes c = alpha·A·B + beta·c for a 12×32 tile of float32 with leading",
		"dimension ldc from kp ≥ 1 pairs of k of packed bfloat16 panels a (12 pairs a step) and b (32 a step),",
		"on VDPBF16PS; beta == 0 does not read c.")
	n, pa, pb, pc, ldc := RCX, RAX, RBX, RDX, RSI
	Load(Param("kp"), n)
	Load(Param("a").Base(), pa)
	Load(Param("b").Base(), pb)
	Load(Param("c").Base(), pc)
	Load(Param("ldc"), ldc)
	SHLQ(U8(2), ldc)
	acc := func(i, h int) VecPhysical {
		return []VecPhysical{Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23}[2*i+h]
	}
	// The tile of c, read or written after the loop, is prefetched (each
	// row's 128 bytes span two or three lines): its misses, C being far
	// larger than L2, would otherwise stall the end of every call.
	MOVQ(pc, R8)
	for range mr {
		for _, d := range []int{0, 64, 4*nr - 1} {
			PREFETCHT0(Mem{Base: R8, Disp: d})
		}
		ADDQ(ldc, R8)
	}
	for i := range mr {
		for h := range 2 {
			VPXORD(acc(i, h), acc(i, h), acc(i, h))
		}
	}
	Label("loop")
	VMOVDQU32(Mem{Base: pb}, Z24)
	VMOVDQU32(Mem{Base: pb, Disp: 64}, Z25)
	for i := range mr {
		bc := []VecPhysical{Z26, Z27}[i%2]
		VPBROADCASTD(Mem{Base: pa, Disp: 4 * i}, bc)
		avx.VDPBF16PS(acc(i, 0), bc, Z24)
		avx.VDPBF16PS(acc(i, 1), bc, Z25)
	}
	ADDQ(U32(4*mr), pa)
	ADDQ(U32(4*nr), pb)
	DECQ(n)
	JNZ(LabelRef("loop"))

	alpha, beta := Z28, Z29
	VBROADCASTSS(avx.Addr(Param("alpha")), alpha)
	VBROADCASTSS(avx.Addr(Param("beta")), beta)
	for i := range mr {
		for h := range 2 {
			VMULPS(alpha, acc(i, h), acc(i, h))
		}
	}
	b := GP32()
	MOVL(avx.Addr(Param("beta")), b)
	ANDL(U32(0x7fff_ffff), b) // beta == 0, either sign
	JZ(LabelRef("store"))
	for i := range mr {
		for h := range 2 {
			VMULPS(Mem{Base: pc, Disp: 64 * h}, beta, Z30)
			VADDPS(Z30, acc(i, h), acc(i, h))
		}
		ADDQ(ldc, pc)
	}
	Load(Param("c").Base(), pc)
	Label("store")
	for i := range mr {
		for h := range 2 {
			VMOVUPS(acc(i, h), Mem{Base: pc, Disp: 64 * h})
		}
		ADDQ(ldc, pc)
	}
	VZEROUPPER()
	RET()
}
