package neon

// The instructions of the bfloat16 kernels (asm/neon/bf16).

// VADD sets d = n + m, lane by lane, in integers (modulo the lane size).
func (fn *Func) VADD(m, n, d Vec) { fn.inst("VADD", m.goSyntax(), n.goSyntax(), d.goSyntax()) }

// VUSHR shifts each lane of n right by shift bits into d, shifting in
// zeros.
func (fn *Func) VUSHR(shift int, n, d Vec) {
	fn.inst("VUSHR", Imm(shift).goSyntax(), n.goSyntax(), d.goSyntax())
}

// VBSL selects bits by d: d = n&d | m&^d, the bits of n where d is 1 and
// those of m where it is 0.
func (fn *Func) VBSL(m, n, d Vec) { fn.inst("VBSL", m.goSyntax(), n.goSyntax(), d.goSyntax()) }

// VUZP2 sets d to the odd-numbered lanes of n followed by those of m.
func (fn *Func) VUZP2(m, n, d Vec) { fn.inst("VUZP2", m.goSyntax(), n.goSyntax(), d.goSyntax()) }

// VZIP1 and VZIP2 interleave the lanes of the low halves (VZIP1) or the
// high halves (VZIP2) of n and m into d: n's lane, then m's, and so on.
func (fn *Func) VZIP1(m, n, d Vec) { fn.inst("VZIP1", m.goSyntax(), n.goSyntax(), d.goSyntax()) }
func (fn *Func) VZIP2(m, n, d Vec) { fn.inst("VZIP2", m.goSyntax(), n.goSyntax(), d.goSyntax()) }

// FCMEQ sets each lane of d to all ones where the lanes of n and m are
// equal floating-point numbers (+0 equals −0), and to zero elsewhere (NaN
// included): FCMEQ(x, x, d) marks the lanes of x that are not NaN.
func (fn *Func) FCMEQ(m, n, d Vec) { fn.threeSame(0x0e20e400, "fcmeq", m, n, d) }
