// Command gemm generates the NEON GEMM micro-kernels of package kernels
// (kernels/gemm_arm64.s) for float32 and float64, with their Go
// declarations.
//
// A micro-kernel computes one rows×NR tile of C (rows = MR, or fewer for the
// bottom edge of C) from panels of k steps:
//
//	C[i][j] = alpha·Σₗ A(i, l)·B(l, j) + beta·C[i][j],  i < rows, j < NR, l < k,
//
// where step l holds A(i, l), i < rows, at a[l·as:] (the packed A panel, as =
// MR) and B(l, j), j < NR, at b[l·bs:] (the packed B panel, bs = NR, or B
// itself, bs = ldb). Each row of the tile lives in three vector accumulators
// (NR = 12 float32 or 6 float64); every step loads the row of B into three
// registers and the column of A into two (float32) or four (float64), and
// multiplies each vector of B by each element of A in place with the
// by-element FMLA, so A needs no broadcasts. The store multiplies by alpha
// and adds beta·C with separate roundings (no fused multiply-add), so a
// tile computed into a scratch buffer with beta = 0 and combined with C in
// Go gives the same bits; beta == 0 (either sign) never reads C.
//
// It is run by go generate in package asm:
//
//	go run ./neon/gemm -out ../kernels/gemm_arm64.s -stubs ../kernels/gemm_stubs_arm64.go -pkg kernels
package main

import (
	"fmt"
	"math/bits"

	"github.com/simdkern/simdkern/asm/neon"
)

// The tile: MR rows of three vectors, 24 accumulators (V0–V23); the row of
// B in V24–V26, the column of A from V28 (two registers for float32, four
// for float64). Edge kernels have 8, 4, 2 and 1 rows.
const (
	mr    = 8
	vecs  = 3
	regB  = 24
	regA  = 28
	lastA = 31
)

var edgeRows = []int{mr, 4, 2, 1}

func main() { neon.Main("gemm", generate) }

// generate writes every micro-kernel into a new file of package pkg.
func generate(pkg string) *neon.File {
	f := neon.NewFile(pkg, "!purego")
	for _, e := range []neon.Type{neon.F32, neon.F64} {
		for _, rows := range edgeRows {
			kernel(f, e, rows)
		}
	}
	return f
}

// kernel generates gemmKernel<type>NEONR<rows>.
func kernel(f *neon.File, e neon.Type, rows int) {
	nr := vecs * e.Lanes()
	name := fmt.Sprintf("gemmKernel%sNEONR%d", e.Name, rows)
	fn := f.Func(name, fmt.Sprintf("func(k int, a []%[1]s, as int, b []%[1]s, bs int, c []%[1]s, ldc int, alpha, beta %[1]s)", e.GoType),
		fmt.Sprintf("%s computes the %d×%d tile C = alpha·A·B + beta·C from k ≥ 1 steps of", name, rows, nr),
		fmt.Sprintf("packed panels: step l holds A(i, l), i < %d, at a[l·as:] and B(l, j), j < %d,", rows, nr),
		"at b[l·bs:]. C's rows are ldc elements apart. beta == 0 does not read C.")
	acc := func(i, v int) neon.Vec { return e.Vec(i*vecs + v) }
	accRow := func(i int) []neon.Vec { return e.Vecs(i*vecs, vecs) }
	shift := neon.Imm(bits.TrailingZeros(uint(e.Size)))
	k, pa, as, pb, bs, pc, ldc, bits := neon.R(0), neon.R(1), neon.R(2), neon.R(3), neon.R(4), neon.R(5), neon.R(6), neon.R(7)
	fn.MOVD(fn.Param("k"), k)
	fn.MOVD(fn.Base("a"), pa)
	fn.MOVD(fn.Param("as"), as)
	fn.LSL(shift, as) // bytes
	fn.MOVD(fn.Base("b"), pb)
	fn.MOVD(fn.Param("bs"), bs)
	fn.LSL(shift, bs)
	fn.MOVD(fn.Base("c"), pc)
	fn.MOVD(fn.Param("ldc"), ldc)
	fn.LSL(shift, ldc)

	fn.Comment("Zero the accumulators.")
	for r := range rows * vecs {
		fn.Zero(neon.V(r))
	}

	fn.Label("loop")
	// Exactly the rows elements of A: the edge kernels read the panel of
	// a full tile from an offset, so a wider load would run past its end.
	switch n := rows * e.Size; {
	case n >= 16:
		if regA+n/16-1 > lastA {
			panic("gemm: the column of A does not fit in its registers")
		}
		fn.VLD1(neon.PostBy(pa, as), e.Vecs(regA, n/16)...)
	case n == 8:
		fn.VLD1(neon.PostBy(pa, as), neon.V(regA).As(neon.D1))
	default:
		fn.VLD1Lane(neon.PostBy(pa, as), e.Lane(regA, 0))
	}
	fn.VLD1(neon.PostBy(pb, bs), e.Vecs(regB, vecs)...)
	for i := range rows {
		a := e.Lane(regA+i/e.Lanes(), i%e.Lanes())
		for v := range vecs {
			fn.FMLAElem(a, e.Vec(regB+v), acc(i, v))
		}
	}
	fn.SUBS(neon.Imm(1), k, k)
	fn.BNE("loop")

	fn.Comment("C = alpha·acc (+ beta·C).")
	alpha, beta, t := regB, regB+1, regB+2 // B's registers, then A's, are free
	fn.FMOV(fn.Param("alpha"), e.Scalar(alpha))
	fn.VDUP(e.Lane(alpha, 0), e.Vec(alpha))
	for r := range rows * vecs {
		fn.FMUL(e.Vec(alpha), e.Vec(r), e.Vec(r))
	}
	if e.Size == 4 {
		fn.MOVWU(fn.Param("beta"), bits)
	} else {
		fn.MOVD(fn.Param("beta"), bits)
	}
	fn.LSL(neon.Imm(1), bits) // drop the sign: ±0 both mean "do not read C"
	fn.CBZ(bits, "beta0")
	fn.FMOV(fn.Param("beta"), e.Scalar(beta))
	fn.VDUP(e.Lane(beta, 0), e.Vec(beta))
	for i := range rows {
		fn.VLD1(neon.Mem(pc), e.Vecs(t, vecs)...)
		for v := range vecs {
			fn.FMUL(e.Vec(beta), e.Vec(t+v), e.Vec(t+v))
			fn.FADD(e.Vec(t+v), acc(i, v), acc(i, v))
		}
		fn.VST1(accRow(i), neon.PostBy(pc, ldc))
	}
	fn.RET()

	fn.Label("beta0")
	for i := range rows {
		fn.VST1(accRow(i), neon.PostBy(pc, ldc))
	}
	fn.RET()
}
