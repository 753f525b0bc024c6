package main

import (
	. "github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/reg"

	"github.com/simdkern/simdkern/asm/internal/avx"
)

// Comparison predicates of VCMPPS/VCMPPD.
const (
	predNLEUQ = 0x06 // not less than or equal, true when unordered
	predLTOQ  = 0x11 // less than, false when unordered
)

// elementwiseUnroll is the number of vectors a pass of the element-wise
// kernels.
const elementwiseUnroll = 4

func axpy(v isa, e avx.Elem) {
	name := "axpy" + e.Name + v.Name()
	TEXT(name, NOSPLIT, "func(alpha "+e.GoType+", x, y []"+e.GoType+")")
	Pragma("noescape")
	Doc(name+" sets y[i] += alpha·x[i] over len(x) elements, multiplying then adding (never fused).",
		"y must be as long as x.")
	a := v.Vec()
	e.Broadcast(avx.Addr(Param("alpha")), a)
	x := loadGP(Param("x").Base())
	y := loadGP(Param("y").Base())
	n := loadGP(Param("x").Len())
	const X, Y = 0, 1
	stream(v, e, n, []reg.GPVirtual{x, y}, elementwiseUnroll, streamHooks{}, func(_ int, l lane) {
		p := v.Vec()
		e.Mul(l.ld(X), a, p) // alpha·x
		s := l.reg(e, v, Y)
		e.Add(p, s, s) // y + alpha·x
		l.st(Y, s)
	})
	VZEROUPPER()
	RET()
}

func relu(v isa, e avx.Elem) {
	name := "relu" + e.Name + v.Name()
	TEXT(name, NOSPLIT, "func(dst, x []"+e.GoType+")")
	Pragma("noescape")
	Doc(name+" sets dst[i] to x[i] where x[i] > 0 or is NaN, and to +0 elsewhere, over len(x) elements.",
		"dst must be as long as x.")
	d := loadGP(Param("dst").Base())
	x := loadGP(Param("x").Base())
	n := loadGP(Param("x").Len())
	zero := v.Vec()
	v.zero(zero)
	const D, X = 0, 1
	stream(v, e, n, []reg.GPVirtual{d, x}, elementwiseUnroll, streamHooks{}, func(_ int, l lane) {
		xv := l.reg(e, v, X)
		m := v.compare(e, predNLEUQ, xv, zero) // !(x <= 0): x > 0 or NaN
		r := v.Vec()
		v.keep(e, xv, m, r)
		l.st(D, r)
	})
	VZEROUPPER()
	RET()
}

func reluMask(v isa, e avx.Elem) {
	name := "reluMask" + e.Name + v.Name()
	TEXT(name, NOSPLIT, "func(dst, dy, z []"+e.GoType+")")
	Pragma("noescape")
	Doc(name+" sets dst[i] to dy[i] where z[i] > 0 and to +0 elsewhere, over len(dst) elements.",
		"dy and z must be as long as dst.")
	d := loadGP(Param("dst").Base())
	dy := loadGP(Param("dy").Base())
	z := loadGP(Param("z").Base())
	n := loadGP(Param("dst").Len())
	zero := v.Vec()
	v.zero(zero)
	const D, DY, Z = 0, 1, 2
	stream(v, e, n, []reg.GPVirtual{d, dy, z}, elementwiseUnroll, streamHooks{}, func(_ int, l lane) {
		m := v.compare(e, predLTOQ, zero, l.ld(Z)) // 0 < z, false for NaN
		r := v.Vec()
		v.keep(e, l.ld(DY), m, r)
		l.st(D, r)
	})
	VZEROUPPER()
	RET()
}
