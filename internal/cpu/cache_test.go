package cpu

import "testing"

func TestCachesOf(t *testing.T) {
	for _, tc := range []struct {
		l1d, l2, l3, cores int
		want               Caches
	}{
		// This development machine's guest: Zen 3, two vCPUs.
		{32 << 10, 512 << 10, 32 << 20, 2, Caches{32 << 10, 512 << 10, 16 << 20, [3]bool{true, true, true}}},
		// Nothing known (cpuid's -1), as on arm64.
		{-1, -1, -1, 0, Caches{FallbackL1D, FallbackL2, FallbackL3, [3]bool{}}},
		// L3 known, core count not: the whole L3 is the share.
		{48 << 10, 2 << 20, 60 << 20, 0, Caches{48 << 10, 2 << 20, 60 << 20, [3]bool{true, true, true}}},
		// No L3 (many arm64 and older parts).
		{64 << 10, 1 << 20, 0, 4, Caches{64 << 10, 1 << 20, FallbackL3, [3]bool{true, true, false}}},
	} {
		if got := cachesOf(tc.l1d, tc.l2, tc.l3, tc.cores); got != tc.want {
			t.Errorf("cachesOf(%d, %d, %d, %d) = %+v, want %+v", tc.l1d, tc.l2, tc.l3, tc.cores, got, tc.want)
		}
	}
}

func TestDetectCaches(t *testing.T) {
	cs := DetectCaches()
	t.Logf("%+v", cs)
	if cs.L1D <= 0 || cs.L2 <= 0 || cs.L3 <= 0 {
		t.Errorf("DetectCaches() = %+v: want every size positive", cs)
	}
}
