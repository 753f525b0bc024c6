package avx

import (
	"fmt"

	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/ir"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// VDPBF16PS emits VDPBF16PS dst, src1, src2 on ZMM registers (Intel
// order): for each 32-bit lane i, dst.fp32[i] += src1.bf16[2i]·src2.bf16[2i] +
// src1.bf16[2i+1]·src2.bf16[2i+1]. The Go assembler (1.26) lacks it: it is
// emitted as its EVEX encoding, LONG and WORD directives, after a comment
// holding the instruction in Intel syntax, which kernels'
// TestBF16Encodings checks with a disassembler.
func VDPBF16PS(dst, src1, src2 reg.VecPhysical) {
	d, s1, s2 := zmm(dst), zmm(src1), zmm(src2)
	build.Comment(fmt.Sprintf("vdpbf16ps zmm%d, zmm%d, zmm%d", d, s1, s2))
	// EVEX: 62, P0 = R X B R' 0 0 m m (map 0F38), P1 = W vvvv 1 pp (F3),
	// P2 = z L'L b V' aaa (512 bits, no mask), opcode 52, ModRM 11 reg rm.
	p0 := inv(d, 3)<<7 | inv(s2, 4)<<6 | inv(s2, 3)<<5 | inv(d, 4)<<4 | 0b10
	p1 := byte(^s1&15)<<3 | 1<<2 | 0b10
	p2 := byte(0b10)<<5 | inv(s1, 4)<<3
	modrm := byte(0b11)<<6 | byte(d&7)<<3 | byte(s2&7)
	emit([]byte{0x62, p0, p1, p2, 0x52, modrm})
}

// zmm returns the number of the ZMM register r.
func zmm(r reg.VecPhysical) int {
	if r.Size() != 64 {
		panic(fmt.Sprintf("VDPBF16PS: %s is not a ZMM register", r.Asm()))
	}
	return int(r.PhysicalIndex())
}

// inv returns bit of v, inverted, as EVEX stores register bits.
func inv(v, bit int) byte { return byte(^v>>bit) & 1 }

// emit emits code as LONG directives, then a WORD and a BYTE for the rest.
func emit(code []byte) {
	for len(code) > 0 {
		switch {
		case len(code) >= 4:
			v := uint32(code[0]) | uint32(code[1])<<8 | uint32(code[2])<<16 | uint32(code[3])<<24
			build.Instruction(&ir.Instruction{Opcode: "LONG", Operands: []operand.Op{operand.U32(v)}})
			code = code[4:]
		case len(code) >= 2:
			build.Instruction(&ir.Instruction{Opcode: "WORD", Operands: []operand.Op{operand.U16(uint16(code[0]) | uint16(code[1])<<8)}})
			code = code[2:]
		default:
			build.Instruction(&ir.Instruction{Opcode: "BYTE", Operands: []operand.Op{operand.U8(code[0])}})
			code = code[1:]
		}
	}
}
