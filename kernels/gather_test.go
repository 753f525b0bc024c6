package kernels_test

import (
	"math"
	"math/rand/v2"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/kernels"
)

// gatherRef is the reference of GatherRows: a plain loop.
func gatherRef[T dispatch.Float](dst []T, ldd int, src []T, lds, cols int, idx []int) {
	for i, r := range idx {
		for j := range cols {
			dst[i*ldd+j] = src[r*lds+j]
		}
	}
}

// gatherSentinel fills guard bands: a NaN with a payload no source holds.
func gatherSentinel[T dispatch.Float]() T {
	if dispatch.Is32[T]() {
		return T(math.Float32frombits(0x7fc0dead))
	}
	return T(math.Float64frombits(0x7ff8_0000_dead_beef))
}

// sameBits reports whether x and y hold the same bits.
func sameBits[T dispatch.Float](x, y []T) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if dispatch.Is32[T]() {
			if math.Float32bits(float32(x[i])) != math.Float32bits(float32(y[i])) {
				return false
			}
		} else if math.Float64bits(float64(x[i])) != math.Float64bits(float64(y[i])) {
			return false
		}
	}
	return true
}

// gatherSource returns a src of rows rows of lds elements at offset off
// into a larger slice, with NaN payloads and signed zeros among its values.
func gatherSource[T dispatch.Float](rng *rand.Rand, rows, lds, off int) []T {
	buf := make([]T, off+rows*lds+3)
	for i := range buf {
		switch rng.IntN(8) {
		case 0:
			if dispatch.Is32[T]() {
				buf[i] = T(math.Float32frombits(0x7f800001 + uint32(rng.IntN(1000))))
			} else {
				buf[i] = T(math.Float64frombits(0xfff0000000000001 + uint64(rng.IntN(1000))))
			}
		case 1:
			buf[i] = T(math.Copysign(0, -1))
		default:
			buf[i] = T(rng.NormFloat64())
		}
	}
	return buf[off : off+rows*lds]
}

// checkGather runs GatherRows on dst at offset off into a guarded buffer
// and compares with the reference, the guards and src.
func checkGather[T dispatch.Float](t *testing.T, rng *rand.Rand, rows, cols, ldd, lds, srcRows, off int) {
	t.Helper()
	src := gatherSource[T](rng, srcRows, lds, off)
	srcCopy := slices.Clone(src)
	idx := make([]int, rows)
	for i := range idx {
		idx[i] = rng.IntN(srcRows)
	}
	if rows > 2 {
		idx[rows-1] = idx[0] // a repeated row
	}
	guard := gatherSentinel[T]()
	n := off + rows*ldd + 4
	buf := make([]T, n)
	for i := range buf {
		buf[i] = guard
	}
	want := slices.Clone(buf)
	gatherRef(want[off:], ldd, src, lds, cols, idx)
	kernels.GatherRows(buf[off:], ldd, src, lds, cols, idx)
	if !sameBits(buf, want) {
		t.Fatalf("rows=%d cols=%d ldd=%d lds=%d off=%d: dst (with its guards) differs from the reference", rows, cols, ldd, lds, off)
	}
	if !sameBits(src, srcCopy) {
		t.Fatalf("rows=%d cols=%d: src changed", rows, cols)
	}
}

func TestGatherRows(t *testing.T) {
	testGatherRows[float32](t)
	testGatherRows[float64](t)
}

func testGatherRows[T dispatch.Float](t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for rows := 0; rows <= 20; rows++ {
		for cols := 0; cols <= 67; cols++ {
			off := (rows + cols) % 4
			checkGather[T](t, rng, rows, cols, max(cols, 1), cols+1, 23, off)
			checkGather[T](t, rng, rows, cols, cols+3, max(cols, 1), 5, 3-off)
		}
	}
	checkGather[T](t, rng, 7, 5000, 5003, 5001, 40, 1) // a long row
}

// TestGatherRowsSplit gathers enough rows to split in 3 parts and checks
// that parallelism 1, 2 and 3 give the reference.
func TestGatherRowsSplit(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, p := range []int{1, 2, 3} {
		func() {
			defer kernels.SetParallelism(kernels.SetParallelism(p))
			checkGather[float32](t, rng, 3*(1<<14)/100+17, 100, 101, 103, 500, 2)
			checkGather[float64](t, rng, 3*(1<<14)/100+17, 100, 100, 100, 500, 1)
		}()
	}
}

func TestGatherRowsPanics(t *testing.T) {
	src := make([]float32, 10*4) // 10 rows of 4
	dst := make([]float32, 3*4)
	cases := []struct {
		name string
		f    func()
		want string
	}{
		{"negative cols", func() { kernels.GatherRows(dst, 4, src, 4, -1, []int{0}) }, "negative"},
		{"ldd < cols", func() { kernels.GatherRows(dst, 3, src, 4, 4, []int{0}) }, "ldd = 3"},
		{"ldd 0", func() { kernels.GatherRows(dst, 0, src, 4, 0, []int{0}) }, "ldd = 0"},
		{"lds < cols", func() { kernels.GatherRows(dst, 4, src, 3, 4, []int{0}) }, "lds = 3"},
		{"dst short", func() { kernels.GatherRows(dst, 4, src, 4, 4, []int{0, 1, 2, 3}) }, "len(dst) = 12"},
		{"negative index", func() { kernels.GatherRows(dst, 4, src, 4, 4, []int{0, -1}) }, "idx[1] = -1"},
		{"index past src", func() { kernels.GatherRows(dst, 4, src, 4, 4, []int{0, 1, 10}) }, "idx[2] = 10: src holds 10 rows"},
		{"src short", func() { kernels.GatherRows(dst, 4, src[:3], 4, 4, []int{0}) }, "src holds 0 rows"},
		{"overlap", func() { kernels.GatherRows(src[4:], 4, src, 4, 4, []int{0}) }, "dst and src overlap"},
	}
	for _, c := range cases {
		func() {
			defer func() {
				r := recover()
				err, ok := r.(error)
				if !ok {
					t.Errorf("%s: panic %v, want an error", c.name, r)
					return
				}
				if msg := err.Error(); !strings.Contains(msg, "kernels.GatherRows") || !strings.Contains(msg, c.want) {
					t.Errorf("%s: panic %q, want one naming kernels.GatherRows and %q", c.name, msg, c.want)
				}
			}()
			c.f()
		}()
	}
	// Blocks of columns of one matrix do not overlap; no rows is no error.
	m := make([]float32, 8*8)
	kernels.GatherRows(m[4:], 8, m, 8, 4, []int{0, 7, 3})
	kernels.GatherRows[float32](nil, 0, nil, 0, 5, nil)
}

func TestGatherRowsNoAllocs(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	src := make([]float32, 1000*100)
	dst := make([]float32, 400*100)
	idx := make([]int, 400)
	for i := range idx {
		idx[i] = (i * 37) % 1000
	}
	for _, p := range []int{1, 2} {
		func() {
			defer kernels.SetParallelism(kernels.SetParallelism(p))
			kernels.GatherRows(dst, 100, src, 100, 100, idx)
			if a := testing.AllocsPerRun(50, func() { kernels.GatherRows(dst, 100, src, 100, 100, idx) }); a != 0 {
				t.Errorf("parallelism %d: %v allocations a call, want 0", p, a)
			}
		}()
	}
}
