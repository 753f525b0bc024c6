// Command vector generates the arm64 NEON assembly of simdkern's vector
// kernels (Dot, Axpy, ColSum, ReLU and ReLUMask, and the optimizer steps
// SGDMomentum, Adagrad, RMSprop and Adam) for float32 and float64, and the
// prefetch of GatherRows, with the Go declarations of the functions.
//
// It is run by go generate in package asm:
//
//	go run ./neon/vector -out ../kernels/vector_arm64.s -stubs ../kernels/vector_stubs_arm64.go -pkg kernels
package main

import "github.com/simdkern/simdkern/asm/neon"

func main() { neon.Main("vector", generate) }

// generate writes every vector kernel into a new file of package pkg.
func generate(pkg string) *neon.File {
	f := neon.NewFile(pkg, "!purego")
	prefetchLines(f)
	for _, e := range []neon.Type{neon.F32, neon.F64} {
		dot(f, e)
		axpy(f, e)
		relu(f, e)
		reluMask(f, e)
		colSum(f, e)
		sgdMomentum(f, e)
		adagrad(f, e)
		rmsprop(f, e)
		adam(f, e)
	}
	return f
}
