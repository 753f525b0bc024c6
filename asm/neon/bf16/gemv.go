package main

import (
	"fmt"

	"github.com/simdkern/simdkern/asm/neon"
)

// The registers of gemv: a panel's accumulators from V0, the row of B as
// loaded from V16 and widened from V20, x[l] in lane 0 of V28, zero, alpha
// and beta broadcast.
const (
	regB, regWide, regX, regZero, regAlpha, regBeta = 16, 20, 28, 29, 30, 31
)

// panels are the widths of gemv's panels in vectors of 4 float32 columns,
// widest first.
var panels = []int{8, 4, 2, 1}

// gemv generates gemvBF16NEON: a row of C, float32 x times bfloat16 B,
// in panels of up to 32 columns whose sums stay in registers across k;
// each step loads a row of the panel of B, widens it with ZIP1/ZIP2
// against zero and multiplies it by x[l] with the by-element FMLA.
func gemv(f *neon.File) {
	fn := f.Func("gemvBF16NEON", "func(k int, x []float32, incx int, b []uint16, ldb int, c []float32, alpha, beta float32)",
		"gemvBF16NEON sets c[j] = alpha·Σₗ x[l·incx]·b[l·ldb+j] + beta·c[j] for k ≥ 1 and every j < len(c),",
		"a multiple of 4, in panels of up to 32 columns, each sum in the order of l with fused multiply-adds;",
		"beta == 0 does not read c.")
	k, px, incx, pb, ldb, pc, n := neon.R(0), neon.R(1), neon.R(2), neon.R(3), neon.R(4), neon.R(5), neon.R(6)
	betaBits, x, b, l := neon.R(7), neon.R(8), neon.R(9), neon.R(10)
	fn.MOVD(fn.Param("k"), k)
	fn.MOVD(fn.Base("x"), px)
	fn.MOVD(fn.Param("incx"), incx)
	fn.LSL(neon.Imm(2), incx) // bytes
	fn.MOVD(fn.Base("b"), pb)
	fn.MOVD(fn.Param("ldb"), ldb)
	fn.LSL(neon.Imm(1), ldb)
	fn.MOVD(fn.Base("c"), pc)
	fn.MOVD(fn.Len("c"), n)
	fn.FMOV(fn.Param("alpha"), neon.V(regAlpha).Scalar(4))
	fn.VDUP(neon.V(regAlpha).Lane(4, 0), neon.V(regAlpha).As(s4))
	fn.FMOV(fn.Param("beta"), neon.V(regBeta).Scalar(4))
	fn.VDUP(neon.V(regBeta).Lane(4, 0), neon.V(regBeta).As(s4))
	fn.MOVWU(fn.Param("beta"), betaBits)
	fn.LSL(neon.Imm(1), betaBits) // drop the sign: ±0 both mean "do not read c"
	fn.Zero(neon.V(regZero))

	for _, vecs := range panels {
		cols := 4 * vecs
		p := fmt.Sprintf("p%d", cols)
		acc := func(i int) neon.Vec { return neon.V(i).As(s4) }
		wide := func(i int) neon.Vec { return neon.V(regWide + i).As(s4) }
		fn.Label(p)
		fn.Comment("Panels of %d columns.", cols)
		fn.CMP(neon.Imm(cols), n)
		fn.BLO(p + "end")
		for i := range vecs {
			fn.Zero(neon.V(i))
		}
		fn.MOVD(px, x)
		fn.MOVD(pb, b)
		fn.MOVD(k, l)
		fn.Label(p + "loop")
		fn.FMOV(neon.Mem(x), neon.V(regX).Scalar(4))
		fn.ADD(incx, x)
		zero, h := neon.V(regZero).As(h8), func(r int) neon.Vec { return neon.V(r).As(h8) }
		if vecs == 1 {
			fn.VLD1(neon.PostBy(b, ldb), neon.V(regB).As(neon.D1))
			fn.VZIP1(h(regB), zero, h(regWide))
		} else {
			var row []neon.Vec
			for i := range vecs / 2 {
				row = append(row, h(regB+i))
			}
			fn.VLD1(neon.PostBy(b, ldb), row...)
			for i := range vecs / 2 {
				fn.VZIP1(h(regB+i), zero, h(regWide+2*i))
				fn.VZIP2(h(regB+i), zero, h(regWide+2*i+1))
			}
		}
		for i := range vecs {
			fn.FMLAElem(neon.V(regX).Lane(4, 0), wide(i), acc(i))
		}
		fn.SUBS(neon.Imm(1), l, l)
		fn.BNE(p + "loop")

		fn.Comment("c = alpha·sum (+ beta·c).")
		for i := range vecs {
			fn.FMUL(neon.V(regAlpha).As(s4), acc(i), acc(i))
		}
		fn.CBZ(betaBits, p+"store")
		for i := 0; i < vecs; i += 4 {
			fn.VLD1(neon.Post(pc), regs(wide, i, min(4, vecs-i))...)
		}
		fn.SUB(neon.Imm(4*cols), pc)
		for i := range vecs {
			fn.FMUL(neon.V(regBeta).As(s4), wide(i), wide(i))
			fn.FADD(wide(i), acc(i), acc(i))
		}
		fn.Label(p + "store")
		for i := 0; i < vecs; i += 4 {
			fn.VST1(regs(acc, i, min(4, vecs-i)), neon.Post(pc))
		}
		fn.ADD(neon.Imm(2*cols), pb)
		fn.SUB(neon.Imm(cols), n)
		fn.B(p)
		fn.Label(p + "end")
	}
	fn.RET()
}

// regs returns count registers of reg from first.
func regs(reg func(int) neon.Vec, first, count int) []neon.Vec {
	r := make([]neon.Vec, count)
	for i := range r {
		r[i] = reg(first + i)
	}
	return r
}
