package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// elem is an element type and the packed instructions that operate on it.
type elem struct {
	name   string // suffix of the function names: F32, F64
	goType string
	size   int // bytes

	movu, add, mul, fma, and, cmp, broadcast func(...Op)
	// movuZ is the zero-masking move.
	movuZ func(mxyz, k, mxyz1 Op)
	// maskmov is the AVX masked move.
	maskmov func(mxy, xy, mxy1 Op)
	// movs stores the scalar in lane 0 of an XMM register.
	movs func(...Op)
	// hsum128 adds the lanes of the XMM register x into lane 0.
	hsum128 func(x reg.Register)
}

var f32 = elem{
	name: "F32", goType: "float32", size: 4,
	movu: VMOVUPS, movuZ: VMOVUPS_Z,
	add: VADDPS, mul: VMULPS, fma: VFMADD231PS, and: VANDPS, cmp: VCMPPS,
	broadcast: VBROADCASTSS, maskmov: VMASKMOVPS, movs: VMOVSS,
	hsum128: func(x reg.Register) {
		t := XMM()
		VMOVHLPS(x, x, t) // t[0:2] = x[2:4]
		VADDPS(t, x, x)
		VMOVSHDUP(x, t) // t[0] = x[1]
		VADDSS(t, x, x)
	},
}

var f64 = elem{
	name: "F64", goType: "float64", size: 8,
	movu: VMOVUPD, movuZ: VMOVUPD_Z,
	add: VADDPD, mul: VMULPD, fma: VFMADD231PD, and: VANDPD, cmp: VCMPPD,
	broadcast: VBROADCASTSD, maskmov: VMASKMOVPD, movs: VMOVSD,
	hsum128: func(x reg.Register) {
		t := XMM()
		VPERMILPD(U8(1), x, t) // t[0] = x[1]
		VADDSD(t, x, x)
	},
}

// Comparison predicates of VCMPPS/VCMPPD.
const (
	predNLEUQ = 0x06 // not less than or equal, true when unordered
	predLTOQ  = 0x11 // less than, false when unordered
)
