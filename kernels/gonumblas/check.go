package gonumblas

import (
	"math"
	"unsafe"

	"github.com/simdkern/simdkern/kernels"
	"gonum.org/v1/gonum/blas"
)

// A call runs on package kernels only if gonum accepts it and so do the
// kernels: the tests below are gonum's argument checks, and the kernels'
// ones, which gonum's imply except for an overflowing length bound and
// shared memory. The order of the tests does not matter: a call that fails
// any of them goes to gonum, which panics, if it does, with its own message
// after its own checks in its own order.

// isTrans reports whether t transposes and ok whether it is a valid
// blas.Transpose. Real routines treat ConjTrans as Trans.
func isTrans(t blas.Transpose) (trans, ok bool) {
	switch t {
	case blas.NoTrans:
		return false, true
	case blas.Trans, blas.ConjTrans:
		return true, true
	}
	return false, false
}

// fits reports whether a slice of length l holds a rows×cols matrix with
// leading dimension ld by gonum's rules, ld ≥ max(1, cols) and
// l ≥ (rows−1)·ld + cols, and that bound does not overflow.
func fits(l, rows, cols, ld int) bool {
	if ld < max(1, cols) {
		return false
	}
	if rows > 1 && rows-1 > (math.MaxInt-cols)/ld {
		return false
	}
	return l >= (rows-1)*ld+cols
}

// span is the address range [lo, hi) of the elements of a matrix in memory.
type span struct{ lo, hi uintptr }

// spanOf returns the range the rows×cols matrix with leading dimension ld at
// the start of s occupies, padding between rows included; empty if the
// matrix is. The matrix must fit in s.
func spanOf[T kernels.Float](s []T, rows, cols, ld int) span {
	if rows == 0 || cols == 0 {
		return span{}
	}
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	return span{lo, lo + uintptr((rows-1)*ld+cols)*unsafe.Sizeof(s[0])}
}

// overlap reports whether x and y share an address. It is a superset of the
// overlap that package kernels refuses, which forgives matrices interleaved
// with the same leading dimension; gonum handles those calls.
func (x span) overlap(y span) bool {
	return x.lo < x.hi && y.lo < y.hi && x.lo < y.hi && y.lo < x.hi
}
