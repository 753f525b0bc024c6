package kernels

import "github.com/simdkern/simdkern/internal/dispatch"

// An Epilogue is work GemmEpilogue does on each block of C as soon as the
// block is finished, while it is still in cache, instead of a separate pass
// over C: a dense layer's bias and the ReLU that follows it.
//
// Bias, if not nil, holds n values, one a column of C: Bias[j] is added to
// every element of column j. ReLU, if not nil, receives max(C, 0) elementwise
// (as the ReLU kernel: NaN kept, +0 for −0) as an m×n matrix with leading
// dimension LDReLU; it may be C itself (with LDReLU == ldc), to apply the
// ReLU in place, but must not overlap C otherwise, nor A, B or Bias.
type Epilogue[T Float] struct {
	Bias   []T
	ReLU   []T
	LDReLU int
}

// GemmEpilogue computes C = alpha·op(A)·op(B) + beta·C as Gemm does, then,
// for each element, C(i,j) = C(i,j) + Bias[j] if ep.Bias is not nil (one
// rounding), then ReLU(i,j) = max(C(i,j), 0) if ep.ReLU is not nil, all in
// one pass over each block of C. The results have the bits of Gemm followed
// by Axpy(1, Bias, row) on every row of C and ReLU(rowᵣ, row): the same
// error bound, and NaN and ±∞ propagate as there. With m == 0 or n == 0 it
// does nothing; with k == 0 or alpha == 0 it scales C by beta, then applies
// the epilogue.
//
// It panics as Gemm does, and if Bias is neither nil nor of length n, if
// ReLU is too short for an m×n matrix with leading dimension LDReLU (or
// LDReLU < n), or if ReLU or C overlap another argument (other than ReLU
// being C).
func GemmEpilogue[T Float](transA, transB bool, m, n, k int, alpha T, a []T, lda int,
	b []T, ldb int, beta T, c []T, ldc int, ep Epilogue[T]) {
	am, bm, cm := checkGemm("GemmEpilogue", transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	if ep.Bias != nil {
		if len(ep.Bias) != n {
			badArg("GemmEpilogue", "len(Bias) = %d, want n = %d", len(ep.Bias), n)
		}
		checkOverlap("GemmEpilogue", "c", "Bias", cm, matrix[T]{ep.Bias, 1, n, n})
	}
	if ep.ReLU != nil {
		checkMatrix("GemmEpilogue", "ReLU", "LDReLU", len(ep.ReLU), m, n, ep.LDReLU)
		rm := matrix[T]{ep.ReLU, m, n, ep.LDReLU}
		if !(addr(ep.ReLU) == addr(c) && ep.LDReLU == ldc) {
			checkOverlap("GemmEpilogue", "ReLU", "c", rm, cm)
		}
		checkOverlap("GemmEpilogue", "ReLU", "a", rm, am)
		checkOverlap("GemmEpilogue", "ReLU", "b", rm, bm)
		if ep.Bias != nil {
			checkOverlap("GemmEpilogue", "ReLU", "Bias", rm, matrix[T]{ep.Bias, 1, n, n})
		}
	}
	if m == 0 || n == 0 {
		return
	}
	kern := use[T]()
	if k == 0 || alpha == 0 {
		scaleMatrix(beta, c, m, n, ldc)
		e := newEpilogue(kern, ep.Bias, ep.ReLU, ep.LDReLU)
		e.apply(c, ldc, 0, 0, m, n)
		return
	}
	kern.GemmEpilogue(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, ep.Bias, ep.ReLU, ep.LDReLU)
}

// epilogue is an Epilogue as the Gemm loops apply it, with the Axpy and
// ReLU kernels of the path that runs them; bias and relu start at the
// element of C at which the c the loops see starts.
type epilogue[T Float] struct {
	axpy       func(alpha T, x, y []T)
	max0       func(dst, x []T)
	bias, relu []T
	ldr        int
}

// newEpilogue returns the epilogue of bias and relu (leading dimension ldr)
// on the path of kernels kern.
func newEpilogue[T Float](kern *dispatch.Kernels[T], bias, relu []T, ldr int) epilogue[T] {
	return epilogue[T]{kern.Axpy, kern.ReLU, bias, relu, ldr}
}

// none reports whether the epilogue has no work.
func (ep *epilogue[T]) none() bool { return ep.bias == nil && ep.relu == nil }

// at returns the epilogue of the part of C that starts at row i, column j.
func (ep epilogue[T]) at(i, j int) epilogue[T] {
	if ep.bias != nil {
		ep.bias = ep.bias[j:]
	}
	if ep.relu != nil {
		ep.relu = ep.relu[i*ep.ldr+j:]
	}
	return ep
}

// apply does the epilogue's work on the rows×cols block of C at row i0,
// column j0 of c (leading dimension ldc), row by row.
func (ep *epilogue[T]) apply(c []T, ldc, i0, j0, rows, cols int) {
	if ep.none() {
		return
	}
	var bias []T
	if ep.bias != nil {
		bias = ep.bias[j0 : j0+cols]
	}
	for i := i0; i < i0+rows; i++ {
		row := c[i*ldc+j0 : i*ldc+j0+cols]
		if bias != nil {
			ep.axpy(1, bias, row)
		}
		if ep.relu != nil {
			ep.max0(ep.relu[i*ep.ldr+j0:i*ep.ldr+j0+cols], row)
		}
	}
}
