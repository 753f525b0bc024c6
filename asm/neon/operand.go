package neon

import (
	"fmt"
	"strconv"
	"strings"
)

// Operand is anything an instruction takes: a register, an immediate, a
// memory reference, an argument of the function.
type Operand interface {
	// goSyntax is the operand as Go's assembler spells it.
	goSyntax() string
}

// Reg is a general-purpose register, R0–R30. Functions written with this
// package avoid R18 (the platform register), R26–R30 (closure context,
// assembler temporary, g, frame pointer, link register).
type Reg uint8

// R returns general-purpose register Rn.
func R(n int) Reg {
	if n < 0 || n == 18 || n > 25 {
		panic(fmt.Sprintf("neon: R%d is reserved or does not exist", n))
	}
	return Reg(n)
}

func (r Reg) goSyntax() string { return "R" + strconv.Itoa(int(r)) }

// Imm is an immediate operand.
type Imm int

func (i Imm) goSyntax() string { return "$" + strconv.Itoa(int(i)) }

// VReg is one of the 32 128-bit SIMD and floating-point registers, V0–V31.
type VReg uint8

// V returns SIMD register Vn.
func V(n int) VReg {
	if n < 0 || n > 31 {
		panic(fmt.Sprintf("neon: V%d does not exist", n))
	}
	return VReg(n)
}

// Arrangement is the shape of a vector operand: how many lanes of what size.
type Arrangement uint8

// The arrangements the kernels use.
const (
	B16 Arrangement = iota // 16 bytes, for bitwise operations
	S2                     // two 32-bit lanes in the low 64 bits
	S4                     // four 32-bit lanes
	D1                     // one 64-bit lane in the low 64 bits
	D2                     // two 64-bit lanes
	H8                     // eight 16-bit lanes
)

var arrangements = [...]struct {
	gos, std   string
	q          uint32 // 1: all 128 bits
	lane       int    // bytes per lane
	floatSize1 bool   // the sz bit of floating-point instructions: 64-bit lanes
}{
	B16: {"B16", "16b", 1, 1, false},
	S2:  {"S2", "2s", 0, 4, false},
	S4:  {"S4", "4s", 1, 4, false},
	D1:  {"D1", "1d", 0, 8, true},
	D2:  {"D2", "2d", 1, 8, true},
	H8:  {"H8", "8h", 1, 2, false},
}

// Bytes returns the size of a register in arrangement a: 8 or 16.
func (a Arrangement) Bytes() int { return 8 << arrangements[a].q }

// Vec is a vector register in an arrangement: V3.S4 in Go's syntax, v3.4s
// in the standard one.
type Vec struct {
	Reg VReg
	Arr Arrangement
}

// As returns v in arrangement a.
func (v VReg) As(a Arrangement) Vec { return Vec{v, a} }

// B16 returns v as 16 bytes.
func (v VReg) B16() Vec { return Vec{v, B16} }

func (v Vec) goSyntax() string {
	return fmt.Sprintf("V%d.%s", v.Reg, arrangements[v.Arr].gos)
}

func (v Vec) std() string { return fmt.Sprintf("v%d.%s", v.Reg, arrangements[v.Arr].std) }

// Lane is one lane of a vector register: V3.S[1] in Go's syntax, v3.s[1] in
// the standard one.
type Lane struct {
	Reg   VReg
	Size  int // bytes: 4 or 8
	Index int
}

// Lane returns lane i of v as a lane of size bytes (4 or 8).
func (v VReg) Lane(size, i int) Lane {
	if size != 4 && size != 8 || i < 0 || i >= 16/size {
		panic(fmt.Sprintf("neon: no lane %d of %d bytes", i, size))
	}
	return Lane{v, size, i}
}

func (l Lane) letter() string {
	if l.Size == 4 {
		return "S"
	}
	return "D"
}

func (l Lane) goSyntax() string { return fmt.Sprintf("V%d.%s[%d]", l.Reg, l.letter(), l.Index) }

func (l Lane) std() string {
	return fmt.Sprintf("v%d.%s[%d]", l.Reg, strings.ToLower(l.letter()), l.Index)
}

// Scalar is the low lane of a vector register as a floating-point scalar:
// F3 in Go's syntax, s3 or d3 in the standard one. Writing it zeroes the
// rest of the register.
type Scalar struct {
	Reg  VReg
	Size int // bytes: 4 or 8
}

// Scalar returns the low size bytes (4 or 8) of v as a scalar.
func (v VReg) Scalar(size int) Scalar {
	if size != 4 && size != 8 {
		panic(fmt.Sprintf("neon: no %d-byte scalar", size))
	}
	return Scalar{v, size}
}

func (s Scalar) goSyntax() string { return "F" + strconv.Itoa(int(s.Reg)) }

func (s Scalar) std() string {
	if s.Size == 4 {
		return "s" + strconv.Itoa(int(s.Reg))
	}
	return "d" + strconv.Itoa(int(s.Reg))
}

// Addr is a memory operand: the address in a base register, which the
// instruction may advance afterwards (post-indexing), by the size it
// transfers or by a register.
type Addr struct {
	Base Reg
	post postKind
	inc  Reg
}

type postKind uint8

const (
	noPost postKind = iota
	postSize
	postReg
)

// Mem returns the address held in base.
func Mem(base Reg) Addr { return Addr{Base: base} }

// Post returns the address in base, advanced by the size the instruction
// transfers.
func Post(base Reg) Addr { return Addr{Base: base, post: postSize} }

// PostBy returns the address in base, advanced by register inc.
func PostBy(base, inc Reg) Addr { return Addr{Base: base, post: postReg, inc: inc} }

func (a Addr) goSyntax() string {
	if a.post != noPost {
		panic("neon: a post-indexed address needs the size it advances by")
	}
	return a.sized(0)
}

// sized spells a with size the bytes the instruction transfers.
func (a Addr) sized(size int) string {
	switch a.post {
	case postSize:
		return fmt.Sprintf("%d(%s)", size, a.Base.goSyntax())
	case postReg:
		return fmt.Sprintf("(%s)(%s)", a.Base.goSyntax(), a.inc.goSyntax())
	}
	return "(" + a.Base.goSyntax() + ")"
}

// suffix is the mnemonic suffix of a: .P when post-indexed.
func (a Addr) suffix() string {
	if a.post != noPost {
		return ".P"
	}
	return ""
}

// Arg is an argument or result of the function, or a part of one (a
// slice's base, len or cap), as a memory operand relative to FP.
type Arg struct {
	name   string
	offset int
	size   int
}

func (a Arg) goSyntax() string { return fmt.Sprintf("%s+%d(FP)", a.name, a.offset) }
