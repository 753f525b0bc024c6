package neon

import (
	"fmt"
	"strings"
)

// The instructions below are Go's assembler's own; their operands are in its
// order, the destination last.

// MOVD moves a 64-bit register, immediate or argument into d.
func (fn *Func) MOVD(src Operand, d Reg) { fn.inst("MOVD", src.goSyntax(), d.goSyntax()) }

// MOVWU loads the 32-bit argument a, zero-extended, into d.
func (fn *Func) MOVWU(a Arg, d Reg) { fn.inst("MOVWU", a.goSyntax(), d.goSyntax()) }

// ADD sets d += src.
func (fn *Func) ADD(src Operand, d Reg) { fn.inst("ADD", src.goSyntax(), d.goSyntax()) }

// SUB sets d -= src.
func (fn *Func) SUB(src Operand, d Reg) { fn.inst("SUB", src.goSyntax(), d.goSyntax()) }

// SUBS sets d = n − src and the flags.
func (fn *Func) SUBS(src Operand, n, d Reg) {
	fn.inst("SUBS", src.goSyntax(), n.goSyntax(), d.goSyntax())
}

// LSL shifts d left by n bits.
func (fn *Func) LSL(n Imm, d Reg) { fn.inst("LSL", n.goSyntax(), d.goSyntax()) }

// CMP sets the flags from r − src.
func (fn *Func) CMP(src Operand, r Reg) { fn.inst("CMP", src.goSyntax(), r.goSyntax()) }

// CBZ branches to label if r is zero.
func (fn *Func) CBZ(r Reg, label string) { fn.inst("CBZ", r.goSyntax(), label) }

// B branches to label.
func (fn *Func) B(label string) { fn.inst("B", label) }

// BEQ, BNE, BLO and BHS branch to label on equal, not equal, unsigned lower
// and unsigned higher or same.
func (fn *Func) BEQ(label string) { fn.inst("BEQ", label) }
func (fn *Func) BNE(label string) { fn.inst("BNE", label) }
func (fn *Func) BLO(label string) { fn.inst("BLO", label) }
func (fn *Func) BHS(label string) { fn.inst("BHS", label) }

// RET returns.
func (fn *Func) RET() { fn.inst("RET") }

// FMOV moves a floating-point scalar between a register and memory or an
// argument: FMOVS or FMOVD by the size of the scalar operand. Loading a
// scalar zeroes the rest of its vector register.
func (fn *Func) FMOV(src, dst Operand) {
	var s Scalar
	var mem Operand
	switch {
	case isScalar(src):
		s, mem = src.(Scalar), dst
	case isScalar(dst):
		s, mem = dst.(Scalar), src
	default:
		panic("neon: FMOV needs a scalar register")
	}
	mnemonic := map[int]string{4: "FMOVS", 8: "FMOVD"}[s.Size]
	var m string
	if a, ok := mem.(Addr); ok {
		mnemonic += a.suffix()
		m = a.sized(s.Size)
	} else {
		m = mem.goSyntax()
	}
	if src == s {
		fn.inst(mnemonic, s.goSyntax(), m)
	} else {
		fn.inst(mnemonic, m, s.goSyntax())
	}
}

func isScalar(o Operand) bool { _, ok := o.(Scalar); return ok }

// list checks that regs are 1 to 4 consecutive registers of one
// arrangement, as the multiple-structure loads and stores require, and
// returns them in Go's syntax and the bytes they hold.
func list(regs []Vec) (string, int) {
	if len(regs) < 1 || len(regs) > 4 {
		panic(fmt.Sprintf("neon: a register list has 1 to 4 registers, not %d", len(regs)))
	}
	var s []string
	for i, r := range regs {
		if r.Arr != regs[0].Arr || int(r.Reg) != (int(regs[0].Reg)+i)%32 {
			panic(fmt.Sprintf("neon: register list %v is not consecutive in one arrangement", regs))
		}
		s = append(s, r.goSyntax())
	}
	return "[" + strings.Join(s, ", ") + "]", len(regs) * regs[0].Arr.Bytes()
}

// VLD1 loads regs (consecutive registers) from a.
func (fn *Func) VLD1(a Addr, regs ...Vec) {
	l, size := list(regs)
	fn.inst("VLD1"+a.suffix(), a.sized(size), l)
}

// VLD1Lane loads lane l from a, leaving the other lanes.
func (fn *Func) VLD1Lane(a Addr, l Lane) {
	fn.inst("VLD1"+a.suffix(), a.sized(l.Size), l.goSyntax())
}

// VST1 stores regs (consecutive registers) to a.
func (fn *Func) VST1(regs []Vec, a Addr) {
	l, size := list(regs)
	fn.inst("VST1"+a.suffix(), l, a.sized(size))
}

// VDUP sets every lane of d to lane l.
func (fn *Func) VDUP(l Lane, d Vec) { fn.inst("VDUP", l.goSyntax(), d.goSyntax()) }

// VEOR sets d = n XOR m.
func (fn *Func) VEOR(m, n, d Vec) { fn.inst("VEOR", m.goSyntax(), n.goSyntax(), d.goSyntax()) }

// VAND sets d = n AND m.
func (fn *Func) VAND(m, n, d Vec) { fn.inst("VAND", m.goSyntax(), n.goSyntax(), d.goSyntax()) }

// VBIT inserts into d the bits of n where m is 1: d = d&^m | n&m.
func (fn *Func) VBIT(m, n, d Vec) { fn.inst("VBIT", m.goSyntax(), n.goSyntax(), d.goSyntax()) }

// VFMLA sets d += n·m, lane by lane, with one rounding (fused).
func (fn *Func) VFMLA(m, n, d Vec) {
	fn.inst("VFMLA", m.goSyntax(), n.goSyntax(), d.goSyntax())
}

// Zero sets every bit of v to zero (VEOR v, v, v).
func (fn *Func) Zero(v VReg) { fn.VEOR(v.B16(), v.B16(), v.B16()) }

// PRFM prefetches the cache line at (r) for a load, into L1, to keep
// (PLDL1KEEP).
func (fn *Func) PRFM(r Reg) { fn.inst("PRFM", "("+r.goSyntax()+")", "PLDL1KEEP") }

// BLE branches to label on signed less than or equal.
func (fn *Func) BLE(label string) { fn.inst("BLE", label) }
