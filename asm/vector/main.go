// Command vector generates the amd64 assembly of simdkern's vector kernels
// (Dot, Axpy, ColSum, ReLU and ReLUMask, and the optimizer steps
// SGDMomentum, Adagrad, RMSprop and Adam) for float32 and float64, on the
// AVX2+FMA and AVX-512 paths, and the prefetch of GatherRows, with the Go
// declarations of the functions.
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
	declareOnes()
	prefetchLines()
	for _, v := range []isa{avx512{avx.AVX512}, avx2{avx.AVX2}} {
		for _, e := range avx.Elems {
			dot(v, e)
			axpy(v, e)
			relu(v, e)
			reluMask(v, e)
			colSum(v, e)
			sgdMomentum(v, e)
			adagrad(v, e)
			rmsprop(v, e)
			adam(v, e)
		}
	}
	Generate()
}
