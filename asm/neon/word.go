package neon

import "fmt"

// The instructions below are missing from Go's assembler (Go 1.26), so they
// are emitted as WORDs. Each encoding is built from the fields of the
// Arm Architecture Reference Manual's encoding diagram: Q (bit 30, 128-bit
// vector), sz (bit 22, 64-bit lanes), Rm (bits 16–20), Rn (bits 5–9) and Rd
// (bits 0–4), over the opcode bits of the instruction.

// float checks that v is a floating-point vector arrangement (2S, 4S or
// 2D) and returns its Q and sz bits.
func float(v Vec) (q, sz uint32) {
	if v.Arr != S2 && v.Arr != S4 && v.Arr != D2 {
		panic(fmt.Sprintf("neon: %s is not a floating-point vector", v.std()))
	}
	a := arrangements[v.Arr]
	if a.floatSize1 {
		sz = 1
	}
	return a.q, sz
}

func same(vs ...Vec) {
	for _, v := range vs[1:] {
		if v.Arr != vs[0].Arr {
			panic(fmt.Sprintf("neon: arrangements of %s and %s differ", vs[0].std(), v.std()))
		}
	}
}

// threeSame encodes the floating-point "three registers of the same type"
// instructions: op is the opcode with Q, sz and the registers zero.
func (fn *Func) threeSame(op uint32, name string, m, n, d Vec) {
	same(m, n, d)
	q, sz := float(d)
	fn.word(op|q<<30|sz<<22|uint32(m.Reg)<<16|uint32(n.Reg)<<5|uint32(d.Reg),
		fmt.Sprintf("%s %s, %s, %s", name, d.std(), n.std(), m.std()))
}

// FADD sets d = n + m, lane by lane.
func (fn *Func) FADD(m, n, d Vec) { fn.threeSame(0x0e20d400, "fadd", m, n, d) }

// FMUL sets d = n·m, lane by lane.
func (fn *Func) FMUL(m, n, d Vec) { fn.threeSame(0x2e20dc00, "fmul", m, n, d) }

// FSUB sets d = n − m, lane by lane.
func (fn *Func) FSUB(m, n, d Vec) { fn.threeSame(0x0ea0d400, "fsub", m, n, d) }

// FDIV sets d = n / m, lane by lane, correctly rounded.
func (fn *Func) FDIV(m, n, d Vec) { fn.threeSame(0x2e20fc00, "fdiv", m, n, d) }

// FSQRT sets d = √n, lane by lane, correctly rounded.
func (fn *Func) FSQRT(n, d Vec) {
	same(n, d)
	q, sz := float(d)
	fn.word(0x2ea1f800|q<<30|sz<<22|uint32(n.Reg)<<5|uint32(d.Reg),
		fmt.Sprintf("fsqrt %s, %s", d.std(), n.std()))
}

// FADDP adds adjacent pairs of lanes: the low half of d holds the sums of
// the pairs of n, the high half those of m.
func (fn *Func) FADDP(m, n, d Vec) { fn.threeSame(0x2e20d400, "faddp", m, n, d) }

// compareZero encodes the floating-point compares against zero (two-register
// miscellaneous group).
func (fn *Func) compareZero(op uint32, name string, n, d Vec) {
	same(n, d)
	q, sz := float(d)
	fn.word(op|q<<30|sz<<22|uint32(n.Reg)<<5|uint32(d.Reg),
		fmt.Sprintf("%s %s, %s, #0.0", name, d.std(), n.std()))
}

// FCMGTZero sets each lane of d to all ones where the lane of n is greater
// than zero, and to zero elsewhere (NaN included).
func (fn *Func) FCMGTZero(n, d Vec) { fn.compareZero(0x0ea0c800, "fcmgt", n, d) }

// FCMLEZero sets each lane of d to all ones where the lane of n is less than
// or equal to zero (−0 included), and to zero elsewhere (NaN included).
func (fn *Func) FCMLEZero(n, d Vec) { fn.compareZero(0x2ea0d800, "fcmle", n, d) }

// FADDPScalar sets scalar d to the sum of the two lanes of n (2S for a
// 4-byte d, 2D for an 8-byte one).
func (fn *Func) FADDPScalar(n Vec, d Scalar) {
	want := map[int]Arrangement{4: S2, 8: D2}[d.Size]
	if n.Arr != want {
		panic(fmt.Sprintf("neon: faddp %s, %s: want the %s arrangement", d.std(), n.std(), arrangements[want].std))
	}
	_, sz := float(n)
	fn.word(0x7e30d800|sz<<22|uint32(n.Reg)<<5|uint32(d.Reg),
		fmt.Sprintf("faddp %s, %s", d.std(), n.std()))
}

// FMLAElem sets d += n·m, m one lane broadcast to every lane of n, with one
// rounding (fused). Any of V0–V31 may hold m (the 32- and 64-bit forms
// take a 5-bit Rm).
func (fn *Func) FMLAElem(m Lane, n, d Vec) {
	same(n, d)
	q, sz := float(d)
	if m.Size != arrangements[d.Arr].lane {
		panic(fmt.Sprintf("neon: fmla %s, %s, %s: lane size differs", d.std(), n.std(), m.std()))
	}
	var h, l uint32
	if sz == 0 {
		h, l = uint32(m.Index)>>1, uint32(m.Index)&1 // index = H:L
	} else {
		h = uint32(m.Index) // index = H, L = 0
	}
	fn.word(0x0f801000|q<<30|sz<<22|l<<21|uint32(m.Reg)<<16|h<<11|uint32(n.Reg)<<5|uint32(d.Reg),
		fmt.Sprintf("fmla %s, %s, %s", d.std(), n.std(), m.std()))
}
