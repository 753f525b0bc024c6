//go:build !purego

package kernels

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/simdkern/simdkern/internal/kerneltest"
)

// TestPackAVX2 compares the AVX2 packing with the pure-Go packing on whole
// and partial panels of A's and B's widths, every number of steps up to
// three blocks of vectors and more, padded leading dimensions and offsets,
// with a guard band after each panel and NaN in the source's padding.
func TestPackAVX2(t *testing.T) {
	onMicros(t, []string{"avx2"}, func(t *testing.T, p microPath) {
		testPackAVX2(t, p.f32)
		testPackAVX2(t, p.f64)
	})
}

func testPackAVX2[T Float](t *testing.T, mk *gemmMicro[T]) {
	r := rand.New(rand.NewPCG(15, 16))
	ref := packGo[T]()
	for _, w := range []int{mk.mr, mk.nr} {
		for _, n := range []int{w, w - 1, 1} {
			for kb := 1; kb < 3*8+4; kb++ {
				for off := range 3 {
					for _, cols := range []bool{false, true} {
						// src: runs are kb rows of n values, cols n rows of kb values.
						rows, width := kb, n
						if cols {
							rows, width = n, kb
						}
						ld := width + off + 1
						src := make([]T, off+max(rows*ld, 1))
						for i := range src {
							src[i] = T(math.NaN())
							if i >= off && (i-off)%ld < width {
								src[i] = T(r.Float64()*2 - 1)
							}
						}
						got := slices.Repeat([]T{-7}, kb*w+3)
						want := slices.Clone(got)
						move, refMove := mk.pack.runs, ref.runs
						if cols {
							move, refMove = mk.pack.cols, ref.cols
						}
						move(got[:kb*w], src[off:], ld, kb, n, w)
						refMove(want[:kb*w], src[off:], ld, kb, n, w)
						if err := kerneltest.Diff("panel", got, want); err != nil {
							t.Fatalf("%T cols=%v w=%d n=%d kb=%d off=%d: %v", got[0], cols, w, n, kb, off, err)
						}
					}
				}
			}
		}
	}
}
