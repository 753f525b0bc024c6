package main

import (
	"strconv"

	. "github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/reg"
)

// dotAccs is the number of independent FMA chains of Dot: enough to keep
// both FMA units busy for the 4-cycle latency.
const dotAccs = 8

func dot(v isa, e elem) {
	name := "dot" + e.name + v.name()
	TEXT(name, NOSPLIT, "func(x, y []"+e.goType+") "+e.goType)
	Pragma("noescape")
	Doc(name+" returns Σ x[i]·y[i] over len(x) elements, with "+strconv.Itoa(dotAccs)+" fused multiply-add chains.",
		"y must be as long as x.")
	x := loadGP(Param("x").Base())
	y := loadGP(Param("y").Base())
	n := loadGP(Param("x").Len())

	acc := make([]reg.VecVirtual, dotAccs)
	for i := range acc {
		acc[i] = v.vec()
	}
	v.zero(acc[0])
	const X, Y = 0, 1
	stream(v, e, n, []reg.GPVirtual{x, y}, dotAccs, streamHooks{
		enter: func() {
			for _, a := range acc[1:] {
				v.zero(a)
			}
		},
		leave: func() {
			Comment("Add the chains pairwise into the first.")
			for step := 1; step < dotAccs; step *= 2 {
				for i := 0; i+step < dotAccs; i += 2 * step {
					e.add(acc[i+step], acc[i], acc[i])
				}
			}
		},
	}, func(k int, l lane) {
		xv := l.reg(e, v, X)
		e.fma(l.ld(Y), xv, acc[k])
	})
	v.hsum(e, acc[0])
	ret, err := ReturnIndex(0).Resolve()
	if err != nil {
		panic(err)
	}
	e.movs(acc[0].AsX(), ret.Addr)
	VZEROUPPER()
	RET()
}
