// Package gonumblas runs gonum's BLAS interface on simdkern's kernels.
//
// Implementation satisfies gonum's blas.Float32 and blas.Float64, so one line
// at the start of a program makes every gonum routine built on BLAS, such as
// mat.Dense.Mul, use it:
//
//	blas64.Use(gonumblas.Implementation{})
//	blas32.Use(gonumblas.Implementation{})
//
// Sdot, Ddot, Saxpy, Daxpy, Sgemm, Dgemm, Sgemv and Dgemv run on package
// kernels in the cases their documentation gives (unit increments, among
// others); every other call, and every other routine, is gonum's own pure-Go
// implementation (package gonum.org/v1/gonum/blas/gonum), which
// Implementation embeds. Arguments gonum rejects are handed to gonum, so the
// panics, their messages and the order of the checks are gonum's.
//
// Results agree with gonum's within rounding, not bit for bit: the kernels
// sum in another order, with fused multiply-adds, and a zero result may
// differ in sign. Beyond rounding, Sgemm and Dgemm differ from gonum in one
// documented way: gonum skips the products with a zero element of A in some
// layouts, so 0·∞ and 0·NaN there add nothing, whereas Implementation
// computes every product, as reference BLAS does.
package gonumblas
