package main

import (
	"strconv"

	. "github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/reg"

	"github.com/simdkern/simdkern/asm/internal/avx"
)

// dotAccs is the number of independent FMA chains of Dot: enough to keep
// both FMA units busy for the 4-cycle latency.
const dotAccs = 8

func dot(v isa, e avx.Elem) {
	name := "dot" + e.Name + v.Name()
	TEXT(name, NOSPLIT, "func(x, y []"+e.GoType+") "+e.GoType)
	Pragma("noescape")
	Doc(name+" returns Σ x[i]·y[i] over len(x) elements, with "+strconv.Itoa(dotAccs)+" fused multiply-add chains.",
		"y must be as long as x.")
	x := loadGP(Param("x").Base())
	y := loadGP(Param("y").Base())
	n := loadGP(Param("x").Len())

	acc := make([]reg.VecVirtual, dotAccs)
	for i := range acc {
		acc[i] = v.Vec()
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
					e.Add(acc[i+step], acc[i], acc[i])
				}
			}
		},
	}, func(k int, l lane) {
		xv := l.reg(e, v, X)
		e.FMA231(l.ld(Y), xv, acc[k])
	})
	v.hsum(e, acc[0])
	e.Movs(acc[0].AsX(), avx.Addr(ReturnIndex(0)))
	VZEROUPPER()
	RET()
}
