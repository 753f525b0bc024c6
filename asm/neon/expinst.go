package neon

import "fmt"

// The instructions of the exponential kernels (asm/neon/exp).

// FMAX sets d = max(n, m), lane by lane; a NaN in either gives NaN.
func (fn *Func) FMAX(m, n, d Vec) { fn.threeSame(0x0e20f400, "fmax", m, n, d) }

// FMIN sets d = min(n, m), lane by lane; a NaN in either gives NaN.
func (fn *Func) FMIN(m, n, d Vec) { fn.threeSame(0x0ea0f400, "fmin", m, n, d) }

// FMAXP takes the maximum of adjacent pairs of lanes: the low half of d
// holds those of n, the high half those of m.
func (fn *Func) FMAXP(m, n, d Vec) { fn.threeSame(0x2e20f400, "fmaxp", m, n, d) }

// FCMLTZero sets each lane of d to all ones where the lane of n is less
// than zero (−0 excluded), and to zero elsewhere (NaN included).
func (fn *Func) FCMLTZero(n, d Vec) { fn.compareZero(0x0ea0e800, "fcmlt", n, d) }

// VSHL shifts each lane of n left by shift bits into d.
func (fn *Func) VSHL(shift int, n, d Vec) {
	fn.inst("VSHL", Imm(shift).goSyntax(), n.goSyntax(), d.goSyntax())
}

// VORR sets d = n OR m.
func (fn *Func) VORR(m, n, d Vec) { fn.inst("VORR", m.goSyntax(), n.goSyntax(), d.goSyntax()) }

// VDUPR sets every lane of d to the low bits of r.
func (fn *Func) VDUPR(r Reg, d Vec) { fn.inst("VDUP", r.goSyntax(), d.goSyntax()) }

// MOVDBits moves the 64-bit constant bits into d.
func (fn *Func) MOVDBits(bits uint64, d Reg) {
	fn.inst("MOVD", fmt.Sprintf("$%#x", bits), d.goSyntax())
}
