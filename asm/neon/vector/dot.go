package main

import (
	"strconv"

	"github.com/simdkern/simdkern/asm/neon"
)

// dotAccs is the number of independent FMA chains of Dot: two 128-bit FMA
// pipes (four on Neoverse V1/V2 and Apple M) with a 4-cycle latency need 8
// (16) in flight, and Dot's two loads per FMA bound it below that anyway.
const dotAccs = 8

func dot(f *neon.File, e neon.Type) {
	name := "dot" + e.Name + "NEON"
	fn := f.Func(name, "func(x, y []"+e.GoType+") "+e.GoType,
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
					fn.FADD(e.Vec(acc+i+step), e.Vec(acc+i), e.Vec(acc+i))
				}
			}
		},
	}, func(count int, m moves) {
		m.load(fn, x, xs, count)
		m.load(fn, y, ys, count)
		for k := range count {
			fn.VFMLA(e.Vec(ys+k), e.Vec(xs+k), e.Vec(acc+k))
		}
	})
	fn.Comment("Add the lanes.")
	if e.Size == 4 {
		fn.FADDP(e.Vec(acc), e.Vec(acc), e.Vec(acc))
		fn.FADDPScalar(neon.V(acc).As(neon.S2), e.Scalar(acc))
	} else {
		fn.FADDPScalar(e.Vec(acc), e.Scalar(acc))
	}
	fn.FMOV(e.Scalar(acc), fn.Param("ret"))
	fn.RET()
}
