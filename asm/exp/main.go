// Command exp generates the amd64 assembly of simdkern's exponential
// kernels (Exp, Sigmoid and Softmax) for float32 and float64, on the
// AVX2+FMA and AVX-512 paths, with the Go declarations of the functions.
// Every path performs the operations of internal/exp.Of, each rounded (no
// fused multiply-add), so Exp and Sigmoid give the generic path's bits.
//
// It is run by go generate in package asm; the flags are Avo's (-out, -stubs,
// -pkg).
package main

import (
	. "github.com/mmcloughlin/avo/build"

	"github.com/simdkern/simdkern/asm/internal/avx"
)

func main() {
	Package("github.com/simdkern/simdkern/kernels")
	ConstraintExpr("!purego")
	declareTailMasks()
	for _, v := range []isa{avx512{avx.AVX512}, avx2{avx.AVX2}} {
		for _, e := range avx.Elems {
			c := declareConsts(v, e)
			expKernel(v, e, c)
			sigmoid(v, e, c)
			softmax(v, e, c)
		}
	}
	Generate()
}
