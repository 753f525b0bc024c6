package cpu

import "github.com/klauspost/cpuid/v2"

// Caches are the data-cache sizes, in bytes, that one core sees: what the
// blocking of Gemm is derived from. A size cpuid does not report is filled
// from a fallback (Known says which came from cpuid).
type Caches struct {
	// L1D and L2 are the level-1 data and level-2 caches of one core.
	L1D, L2 int
	// L3 is the share of the level-3 cache one core may count on: one
	// instance of it divided among the cores that share it (an AMD CCD, an
	// Intel package; in a virtual machine, as the guest's cpuid says).
	L3 int
	// Known reports whether L1D, L2 and L3 came from cpuid or sysfs.
	Known [3]bool
}

// Fallbacks for a cache neither cpuid nor sysfs reports (arm64 outside Linux
// and macOS): the smallest of their level on recent x86 and arm64
// server cores, so that blocks derived from them fit anywhere.
const (
	FallbackL1D = 32 << 10
	FallbackL2  = 256 << 10
	FallbackL3  = 1 << 20
)

// DetectCaches asks cpuid for this CPU's cache sizes, and Linux's sysfs for
// those cpuid does not report (all of them on arm64).
func DetectCaches() Caches {
	c := cpuid.CPU
	l1d, l2, l3, cores := c.Cache.L1D, c.Cache.L2, c.Cache.L3, l3Cores(c)
	if l1d <= 0 || l2 <= 0 || l3 <= 0 {
		sl1d, sl2, sl3, cpus := sysfsCaches("/sys/devices/system/cpu/cpu0/cache")
		if l1d <= 0 {
			l1d = sl1d
		}
		if l2 <= 0 {
			l2 = sl2
		}
		if l3 <= 0 {
			l3, cores = sl3, cpus/max(c.ThreadsPerCore, 1)
		}
	}
	return cachesOf(l1d, l2, l3, cores)
}

// l3Cores returns the number of cores that share one instance of the L3:
// its sharing threads from cpuid's topology over the threads a core runs,
// else the physical cores of the package; 0 when unknown.
func l3Cores(c cpuid.CPUInfo) int {
	for _, p := range c.Topology().Packages {
		for _, g := range p.Groups {
			for _, cache := range g.Caches {
				if cache.Level == 3 && cache.SharedThreads > 0 {
					return max(cache.SharedThreads/max(c.ThreadsPerCore, 1), 1)
				}
			}
		}
	}
	return c.PhysicalCores
}

// cachesOf builds Caches from cpuid's figures, which are -1 (or 0) when
// unknown; l3 is shared by cores cores (0 when unknown).
func cachesOf(l1d, l2, l3, cores int) Caches {
	var cs Caches
	pick := func(i, v, fallback int) int {
		if v <= 0 {
			return fallback
		}
		cs.Known[i] = true
		return v
	}
	cs.L1D = pick(0, l1d, FallbackL1D)
	cs.L2 = pick(1, l2, FallbackL2)
	cs.L3 = pick(2, l3/max(cores, 1), FallbackL3)
	return cs
}
