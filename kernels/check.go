package kernels

import (
	"fmt"
	"math"
)

// The checks below run before any implementation is called, so every path,
// assembly included, sees only arguments that keep it inside its slices.

func badArg(fn, format string, args ...any) {
	panic(fmt.Sprintf("kernels."+fn+": "+format, args...))
}

// checkSameLen panics unless the named lengths are all equal.
func checkSameLen(fn string, names []string, lens ...int) {
	for i := 1; i < len(lens); i++ {
		if lens[i] != lens[0] {
			badArg(fn, "len(%s) = %d, len(%s) = %d: lengths differ", names[0], lens[0], names[i], lens[i])
		}
	}
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
