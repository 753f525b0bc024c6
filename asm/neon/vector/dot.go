package main

import (
	"strconv"

	"github.com/simdkern/simdkern/asm/neon"
)

// dotAccs is the number of independent FMA chains of Dot: two 128-bit FMA
// pipes (four on Neoverse V1/V2 and Apple M) with a 4-cycle latency need 8
// (16) in flight, and Dot's two loads per FMA bound it below that anyway.
const dotAccs = 8

func dot(f *neon.File, e elem) {
	name := "dot" + e.name + "NEON"
	fn := f.Func(name, "func(x, y []"+e.goType+") "+e.goType,
		name+" returns Σ x[i]·y[i] over len(x) elements, with "+strconv.Itoa(dotAccs)+" fused multiply-add chains.",
		"y must be as long as x.")
	x, y, n := neon.R(0), neon.R(1), neon.R(2)
	fn.MOVD(fn.Base("x"), x)
	fn.MOVD(fn.Base("y"), y)
	fn.MOVD(fn.Len("x"), n)
	// Accumulators V0–V7, x in V16–V23, y in V24–V31.
	const acc, xs, ys = 0, 16, 24
	fn.Zero(neon.V(acc))
	stream(fn, e, n, dotAccs, streamHooks{
		enter: func() {
			for k := 1; k < dotAccs; k++ {
				fn.Zero(neon.V(acc + k))
			}
		},
		leave: func() {
			fn.Comment("Add the chains pairwise into the first.")
			for step := 1; step < dotAccs; step *= 2 {
				for i := 0; i+step < dotAccs; i += 2 * step {
					fn.FADD(e.vec(acc+i+step), e.vec(acc+i), e.vec(acc+i))
				}
			}
		},
	}, func(count int, m moves) {
		m.load(fn, x, xs, count)
		m.load(fn, y, ys, count)
		for k := range count {
			fn.VFMLA(e.vec(ys+k), e.vec(xs+k), e.vec(acc+k))
		}
	})
	fn.Comment("Add the lanes.")
	if e.size == 4 {
		fn.FADDP(e.vec(acc), e.vec(acc), e.vec(acc))
		fn.FADDPScalar(neon.V(acc).As(neon.S2), e.scalar(acc))
	} else {
		fn.FADDPScalar(e.vec(acc), e.scalar(acc))
	}
	fn.FMOV(e.scalar(acc), fn.Param("ret"))
	fn.RET()
}
