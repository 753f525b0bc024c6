package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/ir"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/simdkern/simdkern/asm/internal/avx"
)

// The bfloat16 micro-kernel multiplies a tile of mr×nr on VDPBF16PS, which
// the Go assembler lacks: each is emitted as its EVEX encoding (LONG and
// WORD directives) after a comment holding it in Intel syntax, which
// kernels' TestBF16Encodings checks with a disassembler.
const (
	mr = 12 // rows of the tile: one broadcast pair of A each
	nr = 32 // columns: two ZMM of 16 float32 lanes
)

// vdpbf16ps emits VDPBF16PS dst, src1, src2 (Intel order): for each lane
// i, dst.fp32[i] += src1.bf16[2i]·src2.bf16[2i] + src1.bf16[2i+1]·src2.bf16[2i+1].
func vdpbf16ps(dst, src1, src2 int) {
	Comment(fmt.Sprintf("vdpbf16ps zmm%d, zmm%d, zmm%d", dst, src1, src2))
	inv := func(v, bit int) byte { return byte(^v>>bit) & 1 }
	// EVEX: 62, P0 = R X B R' 0 0 m m (map 0F38), P1 = W vvvv 1 pp (F3),
	// P2 = z L'L b V' aaa (512 bits, no mask), opcode 52, ModRM 11 reg rm.
	p0 := inv(dst, 3)<<7 | inv(src2, 4)<<6 | inv(src2, 3)<<5 | inv(dst, 4)<<4 | 0b10
	p1 := byte(^src1&15)<<3 | 1<<2 | 0b10
	p2 := byte(0b10)<<5 | inv(src1, 4)<<3
	modrm := byte(0b11)<<6 | byte(dst&7)<<3 | byte(src2&7)
	Instruction(&ir.Instruction{Opcode: "LONG", Operands: []Op{U32(uint32(0x62) | uint32(p0)<<8 | uint32(p1)<<16 | uint32(p2)<<24)}})
	Instruction(&ir.Instruction{Opcode: "WORD", Operands: []Op{U16(uint16(0x52) | uint16(modrm)<<8)}})
}

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
		vdpbf16ps(2*i, 26+i%2, 24)
		vdpbf16ps(2*i+1, 26+i%2, 25)
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
