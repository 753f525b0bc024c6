package kernels

import (
	"fmt"
	"math"
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
