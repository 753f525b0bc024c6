package kernels_test

import (
	"math"
	"slices"
	"testing"

	"github.com/simdkern/simdkern/kernels"
)

// FuzzGatherRows gathers rows of a src made of the input's bytes (any bits,
// NaN payloads included) with indices, sizes and offsets from the input, and
// compares dst, its guard bands and src with the reference bit for bit.
func FuzzGatherRows(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, []byte{0, 1, 1, 0}, uint8(2), uint8(1), uint8(0), uint8(1))
	f.Add(make([]byte, 4096), []byte{3, 7, 2, 9, 9, 0}, uint8(67), uint8(3), uint8(2), uint8(3))
	f.Fuzz(func(t *testing.T, data, rowIdx []byte, cols8, padS, padD, off8 uint8) {
		cols, off := int(cols8), int(off8%4)
		lds, ldd := max(cols, 1)+int(padS%5), max(cols, 1)+int(padD%5)
		all := make([]float32, len(data)/4)
		for i := range all {
			all[i] = math.Float32frombits(uint32(data[4*i]) | uint32(data[4*i+1])<<8 | uint32(data[4*i+2])<<16 | uint32(data[4*i+3])<<24)
		}
		if len(all) < off {
			return
		}
		src := all[off:]
		srcRows := 0
		if len(src) >= cols {
			srcRows = (len(src)-cols)/lds + 1
		}
		if srcRows == 0 && len(rowIdx) > 0 {
			return
		}
		idx := make([]int, len(rowIdx))
		for i, b := range rowIdx {
			idx[i] = int(b) % srcRows
		}
		guard := math.Float32frombits(0x7fc0dead)
		buf := make([]float32, off+len(idx)*ldd+3)
		for i := range buf {
			buf[i] = guard
		}
		want := slices.Clone(buf)
		srcCopy := slices.Clone(src)
		gatherRef(want[off:], ldd, src, lds, cols, idx)
		kernels.GatherRows(buf[off:], ldd, src, lds, cols, idx)
		if !sameBits(buf, want) {
			t.Fatalf("rows=%d cols=%d ldd=%d lds=%d: dst differs from the reference", len(idx), cols, ldd, lds)
		}
		if !sameBits(src, srcCopy) {
			t.Fatal("src changed")
		}
	})
}
