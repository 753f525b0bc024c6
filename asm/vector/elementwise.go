package main

import (
	. "github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/reg"
)

// elementwiseUnroll is the number of vectors a pass of the element-wise
// kernels.
const elementwiseUnroll = 4

func axpy(v isa, e elem) {
	name := "axpy" + e.name + v.name()
	TEXT(name, NOSPLIT, "func(alpha "+e.goType+", x, y []"+e.goType+")")
	Pragma("noescape")
	Doc(name+" sets y[i] += alpha·x[i] over len(x) elements, multiplying then adding (never fused).",
		"y must be as long as x.")
	alpha, err := Param("alpha").Resolve()
	if err != nil {
		panic(err)
	}
	a := v.vec()
	e.broadcast(alpha.Addr, a)
	x := loadGP(Param("x").Base())
	y := loadGP(Param("y").Base())
	n := loadGP(Param("x").Len())
	const X, Y = 0, 1
	stream(v, e, n, []reg.GPVirtual{x, y}, elementwiseUnroll, streamHooks{}, func(_ int, l lane) {
		p := v.vec()
		e.mul(l.ld(X), a, p) // alpha·x
		s := l.reg(e, v, Y)
		e.add(p, s, s) // y + alpha·x
		l.st(Y, s)
	})
	VZEROUPPER()
	RET()
}

func relu(v isa, e elem) {
	name := "relu" + e.name + v.name()
	TEXT(name, NOSPLIT, "func(dst, x []"+e.goType+")")
	Pragma("noescape")
	Doc(name+" sets dst[i] to x[i] where x[i] > 0 or is NaN, and to +0 elsewhere, over len(x) elements.",
		"dst must be as long as x.")
	d := loadGP(Param("dst").Base())
	x := loadGP(Param("x").Base())
	n := loadGP(Param("x").Len())
	zero := v.vec()
	v.zero(zero)
	const D, X = 0, 1
	stream(v, e, n, []reg.GPVirtual{d, x}, elementwiseUnroll, streamHooks{}, func(_ int, l lane) {
		xv := l.reg(e, v, X)
		m := v.compare(e, predNLEUQ, xv, zero) // !(x <= 0): x > 0 or NaN
		r := v.vec()
		v.keep(e, xv, m, r)
		l.st(D, r)
	})
	VZEROUPPER()
	RET()
}

func reluMask(v isa, e elem) {
	name := "reluMask" + e.name + v.name()
	TEXT(name, NOSPLIT, "func(dst, dy, z []"+e.goType+")")
	Pragma("noescape")
	Doc(name+" sets dst[i] to dy[i] where z[i] > 0 and to +0 elsewhere, over len(dst) elements.",
		"dy and z must be as long as dst.")
	d := loadGP(Param("dst").Base())
	dy := loadGP(Param("dy").Base())
	z := loadGP(Param("z").Base())
	n := loadGP(Param("dst").Len())
	zero := v.vec()
	v.zero(zero)
	const D, DY, Z = 0, 1, 2
	stream(v, e, n, []reg.GPVirtual{d, dy, z}, elementwiseUnroll, streamHooks{}, func(_ int, l lane) {
		m := v.compare(e, predLTOQ, zero, l.ld(Z)) // 0 < z, false for NaN
		r := v.vec()
		v.keep(e, l.ld(DY), m, r)
		l.st(D, r)
	})
	VZEROUPPER()
	RET()
}
