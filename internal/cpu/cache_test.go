package cpu

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestCachesOf(t *testing.T) {
	for _, tc := range []struct {
		l1d, l2, l3, cores int
		want               Caches
	}{
		// This development machine's guest: Zen 3, two vCPUs.
		{32 << 10, 512 << 10, 32 << 20, 2, Caches{32 << 10, 512 << 10, 16 << 20, [3]bool{true, true, true}}},
		// Nothing known (cpuid's -1 and no sysfs).
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

func TestSysfsCaches(t *testing.T) {
	dir := t.TempDir()
	for i, c := range []struct{ level, typ, size, shared string }{
		{"1", "Data", "64K", "0"},
		{"1", "Instruction", "64K", "0"},
		{"2", "Unified", "1024K", "0"},
		{"3", "Unified", "32M", "0-7,16-23"},
	} {
		d := filepath.Join(dir, fmt.Sprintf("index%d", i))
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, v := range map[string]string{"level": c.level, "type": c.typ, "size": c.size + "\n", "shared_cpu_list": c.shared} {
			if err := os.WriteFile(filepath.Join(d, name), []byte(v), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	l1d, l2, l3, cpus := sysfsCaches(dir)
	if l1d != 64<<10 || l2 != 1<<20 || l3 != 32<<20 || cpus != 16 {
		t.Errorf("sysfsCaches = %d, %d, %d, %d CPUs; want 64 KiB, 1 MiB, 32 MiB, 16", l1d, l2, l3, cpus)
	}
	if l1d, l2, l3, cpus := sysfsCaches(filepath.Join(dir, "missing")); l1d|l2|l3|cpus != 0 {
		t.Errorf("sysfsCaches of a missing directory = %d, %d, %d, %d; want zeros", l1d, l2, l3, cpus)
	}
	for in, want := range map[string]int{"48K": 48 << 10, "2M": 2 << 20, "512": 512, "": 0, "x": 0, "-1K": 0} {
		if got := parseSize(in); got != want {
			t.Errorf("parseSize(%q) = %d, want %d", in, got, want)
		}
	}
	for in, want := range map[string]int{"0": 1, "0-1": 2, "0-3,8-11": 8, "": 0, "3-1": 0, "a": 0} {
		if got := countCPUs(in); got != want {
			t.Errorf("countCPUs(%q) = %d, want %d", in, got, want)
		}
	}
}
