package kerneltest

import (
	"math"
	"math/rand/v2"

	"github.com/simdkern/simdkern/internal/dispatch"
)

// guard is the width, in elements, of the sentinel bands around outputs.
const guard = 24

// sentinel fills guard bands and row padding: a NaN with a payload no kernel
// produces, so a stray write shows as a changed band and a stray read of
// padding shows as a NaN in the result.
func sentinel[T dispatch.Float]() T {
	if dispatch.Is32[T]() {
		return T(math.Float32frombits(0x7fc5a5a5))
	}
	return T(math.Float64frombits(0x7ff8_5a5a_5a5a_5a5a))
}

// banded is an output slice with guard bands of sentinels around it, starting
// off elements into its backing array.
type banded[T dispatch.Float] struct {
	buf []T
	off int
	n   int
}

func newBanded[T dispatch.Float](n, off int) banded[T] {
	buf := make([]T, guard+off+n+guard)
	s := sentinel[T]()
	for i := range buf {
		buf[i] = s
	}
	return banded[T]{buf: buf, off: guard + off, n: n}
}

// s returns the slice under test, with its capacity cut at its length so an
// append-style overrun cannot hide in the capacity.
func (b banded[T]) s() []T { return b.buf[b.off : b.off+b.n : b.off+b.n] }

// intact reports whether the guard bands still hold only sentinels.
func (b banded[T]) intact() bool {
	s := bits(sentinel[T]())
	for i, v := range b.buf {
		if (i < b.off || i >= b.off+b.n) && bits(v) != s {
			return false
		}
	}
	return true
}

// values returns n values in [−2, 2) with exact zeros and −0 mixed in.
func values[T dispatch.Float](r *rand.Rand, n int) []T {
	v := make([]T, n)
	for i := range v {
		switch r.IntN(16) {
		case 0:
			v[i] = 0
		case 1:
			v[i] = T(math.Copysign(0, -1))
		default:
			v[i] = T(4*r.Float64() - 2)
		}
	}
	return v
}

// specials returns values with NaN, ±∞, ±0 and signalling-NaN payloads mixed
// into ordinary ones, at positions that reach the vector tails.
func specials[T dispatch.Float](r *rand.Rand, n int) []T {
	v := values[T](r, n)
	var sp []T
	if dispatch.Is32[T]() {
		sp = []T{T(math.Float32frombits(0x7fc00001)), T(math.Float32frombits(0xff800123)), T(math.Inf(1)), T(math.Inf(-1)), T(math.Copysign(0, -1)), 0, 1e-40}
	} else {
		sp = []T{T(math.Float64frombits(0x7ff8000000000001)), T(math.Float64frombits(0xfff0000000000123)), T(math.Inf(1)), T(math.Inf(-1)), T(math.Copysign(0, -1)), 0, 1e-310}
	}
	for i := range v {
		if r.IntN(5) == 0 {
			v[i] = sp[r.IntN(len(sp))]
		}
	}
	return v
}

// matrix returns a rows×cols matrix with leading dimension ld, its padding
// filled with sentinels.
func matrix[T dispatch.Float](r *rand.Rand, rows, cols, ld int, gen func(*rand.Rand, int) []T) []T {
	n := 0
	if rows > 0 {
		n = (rows-1)*ld + cols
	}
	a := make([]T, n)
	s := sentinel[T]()
	for i := range rows {
		row := gen(r, cols)
		for j := range ld {
			if k := i*ld + j; k < n {
				if j < cols {
					a[k] = row[j]
				} else {
					a[k] = s
				}
			}
		}
	}
	return a
}
