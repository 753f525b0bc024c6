//go:build !purego

package kernels

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/simdkern/simdkern/internal/cpu"
)

// TestPackBF16AVX512 compares the assembly packing of GemmBF16's panels
// with packBF16, bit for bit: both layouts of X, both panel widths, whole
// and partial panels, even and odd blocks of k up to several vectors of
// pairs, offsets into X, padded leading dimensions holding NaN, and a guard
// band after the panels.
func TestPackBF16AVX512(t *testing.T) {
	if !cpu.Detect().AVX512 {
		t.Skip("no AVX-512 on this CPU")
	}
	r := rand.New(rand.NewPCG(21, 22))
	const guard = 5
	for _, kRows := range []bool{false, true} {
		for _, w := range []int{bf16MR, bf16NR} {
			for _, ni := range []int{1, w - 1, w, w + 1, 2*w + 5} {
				for _, kb := range []int{1, 2, 3, 4, 5, 7, 8, 31, 32, 33, 34, 35, 63, 64, 65, 100, 129, 224} {
					for off := range 4 {
						i0, l0 := off, (off*3)%4
						rows, cols := i0+ni, l0+kb // of X as stored
						if !kRows {
							rows, cols = cols, rows
						}
						ld := cols + off%3
						x := make([]BFloat16, rows*ld)
						for i := range x {
							x[i] = BFloat16(0x7fc1) // NaN in the padding
							if i%ld < cols {
								x[i] = BFloat16(r.Uint32())
							}
						}
						x0 := slices.Clone(x)
						kp, panels := (kb+1)/2, (ni+w-1)/w
						got := slices.Repeat([]uint32{0xdeadbeef}, panels*w*kp+guard)
						want := slices.Clone(got)
						packBF16AVX512(got, x, ld, kRows, i0, l0, ni, kb, w)
						packBF16(want, x, ld, kRows, i0, l0, ni, kb, w)
						name := fmt.Sprintf("kRows=%v w=%d ni=%d kb=%d i0=%d l0=%d ld=%d", kRows, w, ni, kb, i0, l0, ld)
						if !slices.Equal(got, want) {
							for i := range got {
								if got[i] != want[i] {
									t.Fatalf("%s: panels[%d] = %#x, want %#x", name, i, got[i], want[i])
								}
							}
						}
						if !slices.Equal(x, x0) {
							t.Fatalf("%s: X changed", name)
						}
					}
				}
			}
		}
	}
}
