//go:build !purego

package kernels

import "github.com/simdkern/simdkern/internal/dispatch"

// packAVX2 is the packing of the AVX2 paths, MR = mr and NR = nr: whole
// micro-panels (all but the last of a block) are packed by the assembly
// routines, runs by runsA and runsB (gemmPackRuns<type>AVX2W<w>), columns
// by colsA and colsB (gemmPackCols<type>AVX2W<w>, in blocks of a vector's
// lanes of steps); the rest by the pure-Go packing.
func packAVX2[T Float](mr, nr int, runsA, runsB, colsA, colsB func(panel, src []T, ld, kb int)) gemmPack[T] {
	lanes := 4 // of a YMM register
	if dispatch.Is32[T]() {
		lanes = 8
	}
	// whole reports whether a panel of width w, n values wide, is whole.
	whole := func(n, w int) bool { return n == w && (w == mr || w == nr) }
	return gemmPack[T]{
		runs: func(panel, src []T, ld, kb, n, w int) {
			if !whole(n, w) || kb == 0 {
				packRunsGo(panel, src, ld, kb, n, w)
				return
			}
			_, _ = panel[kb*w-1], src[(kb-1)*ld+w-1] // the bounds the assembly relies on
			if w == mr {
				runsA(panel, src, ld, kb)
			} else {
				runsB(panel, src, ld, kb)
			}
		},
		cols: func(panel, src []T, ld, kb, n, w int) {
			if !whole(n, w) {
				packColsGo(panel, src, ld, kb, n, w)
				return
			}
			kv := kb &^ (lanes - 1) // steps in whole vectors
			if kv > 0 {
				_, _ = panel[kv*w-1], src[(w-1)*ld+kv-1]
				if w == mr {
					colsA(panel, src, ld, kv)
				} else {
					colsB(panel, src, ld, kv)
				}
			}
			if kv < kb {
				packColsGo(panel[kv*w:], src[kv:], ld, kb-kv, n, w)
			}
		},
	}
}
