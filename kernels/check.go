package kernels

import (
	"fmt"
	"math"
	"unsafe"
)

// The checks below run before any implementation is called, so every path,
// assembly included, sees only arguments that keep it inside its slices.

// Panic values are errors whose messages name the function and the sizes.

func badArg(fn, format string, args ...any) {
	panic(fmt.Errorf("kernels."+fn+": "+format, args...))
}

// lengthError is the panic value for slices whose lengths must agree. It is
// built in place, without a call, so that the checks keep the small kernels
// cheap enough for the compiler to inline.
type lengthError struct {
	fn           string
	name1, name2 string
	len1, len2   int
}

func (e lengthError) Error() string {
	return fmt.Sprintf("kernels.%s: len(%s) = %d, len(%s) = %d: lengths differ", e.fn, e.name1, e.len1, e.name2, e.len2)
}

// checkMatrix panics unless a slice of length n holds a rows×cols matrix with
// leading dimension ld (named ldName): sizes non-negative, ld ≥ cols, and
// n ≥ (rows−1)·ld + cols when the matrix is not empty.
func checkMatrix(fn, name, ldName string, n, rows, cols, ld int) {
	if rows < 0 || cols < 0 {
		badArg(fn, "%s is %d×%d: negative size", name, rows, cols)
	}
	if ld < cols {
		badArg(fn, "%s is %d×%d with %s = %d: %s < %d", name, rows, cols, ldName, ld, ldName, cols)
	}
	if rows == 0 || cols == 0 {
		return
	}
	if rows-1 > (math.MaxInt-cols)/ld {
		badArg(fn, "%s is %d×%d with %s = %d: too large", name, rows, cols, ldName, ld)
	}
	if need := (rows-1)*ld + cols; n < need {
		badArg(fn, "%s is %d×%d with %s = %d: len(%s) = %d, want ≥ %d", name, rows, cols, ldName, ld, name, n, need)
	}
}

// overlapError is the panic value for an output that shares memory with an
// input in a way the kernel does not allow. Like lengthError it is built in
// place, keeping the vector kernels inlinable.
type overlapError struct {
	fn, out, in string
}

func (e overlapError) Error() string {
	return "kernels." + e.fn + ": " + e.out + " and " + e.in + " overlap"
}

// addr returns the address of s's first element.
func addr[T Float](s []T) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(s))) }

// partialOverlap reports whether the slices x and y, of equal lengths, share
// memory without being the same slice.
func partialOverlap[T Float](x, y []T) bool {
	if len(x) == 0 {
		return false
	}
	px, py, n := addr(x), addr(y), uintptr(len(x))*unsafe.Sizeof(x[0])
	return px != py && px < py+n && py < px+n
}

// matrix is a rows×cols matrix with leading dimension ld at the start of s,
// as the checks of overlap see it.
type matrix[T Float] struct {
	s              []T
	rows, cols, ld int
}

// overlaps reports whether matrices x and y share an element, in O(1). When
// their leading dimensions agree (or one has a single row), matrices that
// interleave in one buffer, such as two blocks of columns of a larger
// matrix, do not overlap; otherwise any shared address range counts.
func overlaps[T Float](x, y matrix[T]) bool {
	if x.rows == 0 || x.cols == 0 || y.rows == 0 || y.cols == 0 {
		return false
	}
	size := int(unsafe.Sizeof(x.s[0]))
	d := int(addr(y.s) - addr(x.s)) // y's start, in bytes from x's
	xEnd := ((x.rows-1)*x.ld + x.cols) * size
	yEnd := d + ((y.rows-1)*y.ld+y.cols)*size
	if d >= xEnd || yEnd <= 0 {
		return false // disjoint address ranges
	}
	ld := x.ld
	switch {
	case x.rows == 1:
		ld = y.ld
	case y.rows != 1 && y.ld != x.ld:
		return true
	}
	if d%size != 0 || x.cols > ld || y.cols > ld {
		return true // misaligned, or a single row longer than the grid
	}
	// In a grid of rows ld elements wide with x at (0, 0), y starts at row
	// q, column s, and each of its rows covers columns s to s+y.cols of its
	// grid row, spilling into the next grid row when that passes ld.
	q, s := floorDiv(d/size, ld)
	rowsMeet := func(first int) bool { return first < x.rows && first+y.rows > 0 }
	return s < x.cols && rowsMeet(q) || s+y.cols > ld && rowsMeet(q+1)
}

// floorDiv returns a = q·b + r with 0 ≤ r < b, for b > 0.
func floorDiv(a, b int) (q, r int) {
	q, r = a/b, a%b
	if r < 0 {
		q, r = q-1, r+b
	}
	return q, r
}

// checkOverlap panics if output out and input in, named outName and inName,
// share an element.
func checkOverlap[T Float](fn, outName, inName string, out, in matrix[T]) {
	if overlaps(out, in) {
		panic(overlapError{fn, outName, inName})
	}
}
