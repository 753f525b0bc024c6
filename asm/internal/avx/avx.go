// Package avx is what the amd64 generators (asm/vector, asm/exp, asm/gemm,
// asm/probe, …) share: the instructions of each element type and the vector
// registers of each instruction set, with the names they give the
// functions they generate, <kernel><Type><ISA>[<Variant>], and the tail
// masks of the last, partial vector of a loop.
package avx

import (
	"math/bits"

	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/gotypes"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Elem is a floating-point element type and the instructions that operate
// on it. The packed instructions take XMM, YMM or ZMM operands alike.
type Elem struct {
	Name   string // F32 or F64: the type in function names
	GoType string // float32 or float64
	Size   int    // bytes

	Movu      func(...operand.Op)             // unaligned move, merge-masked with a K register
	MovuZ     func(mxyz, k, mxyz1 operand.Op) // unaligned move, zero-masked (AVX-512)
	MaskMov   func(mxy, xy, mxy1 operand.Op)  // move under a vector mask (AVX)
	Movs      func(...operand.Op)             // scalar move of lane 0
	Broadcast func(...operand.Op)             // scalar to every lane
	Add       func(...operand.Op)
	Mul       func(...operand.Op)
	FMA231    func(...operand.Op) // dst += a·b
	FMA213    func(...operand.Op) // dst = dst·a + b
	And       func(...operand.Op)
	Xor       func(...operand.Op)
	Cmp       func(...operand.Op) // compare under an immediate predicate
	Shuf128   func(...operand.Op) // select 128-bit lanes (AVX-512)
	UnpackLo  func(...operand.Op) // interleave the elements of the low halves of each 128-bit lane
	UnpackHi  func(...operand.Op) // … of the high halves

	// Hsum128 adds the lanes of the XMM register x into lane 0.
	Hsum128 func(x reg.Register)

	// GP returns a general-purpose register as wide as an element; Mov
	// and Shl move and shift the element's bits there.
	GP  func() reg.GPVirtual
	Mov func(imr, mr operand.Op)
	Shl func(...operand.Op)
}

// Shift returns the left shift that turns a count of elements into bytes.
func (e Elem) Shift() operand.U8 { return operand.U8(bits.TrailingZeros(uint(e.Size))) }

// F32 is float32.
var F32 = Elem{
	Name: "F32", GoType: "float32", Size: 4,
	Movu: build.VMOVUPS, MovuZ: build.VMOVUPS_Z, MaskMov: build.VMASKMOVPS,
	Movs: build.VMOVSS, Broadcast: build.VBROADCASTSS,
	Add: build.VADDPS, Mul: build.VMULPS, FMA231: build.VFMADD231PS, FMA213: build.VFMADD213PS,
	And: build.VANDPS, Xor: build.VXORPS, Cmp: build.VCMPPS,
	Shuf128: build.VSHUFF32X4, UnpackLo: build.VUNPCKLPS, UnpackHi: build.VUNPCKHPS,
	Hsum128: func(x reg.Register) {
		t := build.XMM()
		build.VMOVHLPS(x, x, t) // t[0:2] = x[2:4]
		build.VADDPS(t, x, x)
		build.VMOVSHDUP(x, t) // t[0] = x[1]
		build.VADDSS(t, x, x)
	},
	GP: build.GP32, Mov: build.MOVL, Shl: build.SHLL,
}

// F64 is float64.
var F64 = Elem{
	Name: "F64", GoType: "float64", Size: 8,
	Movu: build.VMOVUPD, MovuZ: build.VMOVUPD_Z, MaskMov: build.VMASKMOVPD,
	Movs: build.VMOVSD, Broadcast: build.VBROADCASTSD,
	Add: build.VADDPD, Mul: build.VMULPD, FMA231: build.VFMADD231PD, FMA213: build.VFMADD213PD,
	And: build.VANDPD, Xor: build.VXORPD, Cmp: build.VCMPPD,
	Shuf128: build.VSHUFF64X2, UnpackLo: build.VUNPCKLPD, UnpackHi: build.VUNPCKHPD,
	Hsum128: func(x reg.Register) {
		t := build.XMM()
		build.VPERMILPD(operand.U8(1), x, t) // t[0] = x[1]
		build.VADDSD(t, x, x)
	},
	GP: build.GP64, Mov: build.MOVQ, Shl: build.SHLQ,
}

// Elems are the element types, in the order the generators emit them.
var Elems = []Elem{F32, F64}

// ISA is a vector instruction set: its name, width and registers. The
// generators embed it in their own descriptions of a path.
type ISA struct {
	name  string
	bytes int
	regs  []reg.VecPhysical
	vec   func() reg.VecVirtual
}

// Name returns AVX512 or AVX2: the instruction set in function names.
func (s ISA) Name() string { return s.name }

// Bytes returns the width of a vector.
func (s ISA) Bytes() int { return s.bytes }

// Lanes returns the elements of type e in a vector.
func (s ISA) Lanes(e Elem) int { return s.bytes / e.Size }

// Regs returns every vector register of the instruction set, in order.
func (s ISA) Regs() []reg.VecPhysical { return s.regs }

// Vec returns a new virtual vector register.
func (s ISA) Vec() reg.VecVirtual { return s.vec() }

var (
	// AVX512 is AVX-512: 32 ZMM registers of 64 bytes.
	AVX512 = ISA{name: "AVX512", bytes: 64, vec: build.ZMM, regs: []reg.VecPhysical{
		reg.Z0, reg.Z1, reg.Z2, reg.Z3, reg.Z4, reg.Z5, reg.Z6, reg.Z7,
		reg.Z8, reg.Z9, reg.Z10, reg.Z11, reg.Z12, reg.Z13, reg.Z14, reg.Z15,
		reg.Z16, reg.Z17, reg.Z18, reg.Z19, reg.Z20, reg.Z21, reg.Z22, reg.Z23,
		reg.Z24, reg.Z25, reg.Z26, reg.Z27, reg.Z28, reg.Z29, reg.Z30, reg.Z31,
	}}
	// AVX2 is AVX2 with FMA: 16 YMM registers of 32 bytes (VEX encoding
	// reaches only these).
	AVX2 = ISA{name: "AVX2", bytes: 32, vec: build.YMM, regs: []reg.VecPhysical{
		reg.Y0, reg.Y1, reg.Y2, reg.Y3, reg.Y4, reg.Y5, reg.Y6, reg.Y7,
		reg.Y8, reg.Y9, reg.Y10, reg.Y11, reg.Y12, reg.Y13, reg.Y14, reg.Y15,
	}}
)

// Addr returns the memory operand of an argument or result of the function
// being generated, such as Param("alpha") or ReturnIndex(0).
func Addr(c gotypes.Component) operand.Mem {
	b, err := c.Resolve()
	if err != nil {
		panic(err)
	}
	return b.Addr
}
