package cpu

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// sysfsCaches reads the data-cache sizes of the first CPU from a Linux
// sysfs cache directory (/sys/devices/system/cpu/cpu0/cache): the sizes of
// its level-1 data, level-2 and level-3 caches, and the number of CPUs that
// share the level-3 one; 0 for what the directory does not say. Linux fills
// it from the firmware's tables on every architecture, arm64 included, where
// cpuid reads no cache sizes.
func sysfsCaches(dir string) (l1d, l2, l3, l3CPUs int) {
	entries, _ := filepath.Glob(filepath.Join(dir, "index*"))
	for _, e := range entries {
		read := func(name string) string {
			b, _ := os.ReadFile(filepath.Join(e, name))
			return strings.TrimSpace(string(b))
		}
		typ, size := read("type"), parseSize(read("size"))
		if typ != "Data" && typ != "Unified" || size <= 0 {
			continue
		}
		switch read("level") {
		case "1":
			l1d = size
		case "2":
			l2 = size
		case "3":
			l3, l3CPUs = size, countCPUs(read("shared_cpu_list"))
		}
	}
	return l1d, l2, l3, l3CPUs
}

// parseSize parses a sysfs cache size, "48K" or "32M" or bytes; 0 if it
// cannot.
func parseSize(s string) int {
	mult := 1
	switch {
	case strings.HasSuffix(s, "K"):
		mult, s = 1<<10, s[:len(s)-1]
	case strings.HasSuffix(s, "M"):
		mult, s = 1<<20, s[:len(s)-1]
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0
	}
	return n * mult
}

// countCPUs counts the CPUs of a sysfs CPU list, "0-3,8-11" or "5"; 0 if it
// cannot parse it.
func countCPUs(list string) int {
	n := 0
	for part := range strings.SplitSeq(list, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		if !isRange {
			hi = lo
		}
		a, err1 := strconv.Atoi(lo)
		b, err2 := strconv.Atoi(hi)
		if err1 != nil || err2 != nil || b < a {
			return 0
		}
		n += b - a + 1
	}
	return n
}
