// Package probe measures the ceilings of the core it runs on: the peak
// floating-point throughput of fused multiply-add (and of the bfloat16 dot
// product VDPBF16PS where the CPU has it) and the read bandwidth from
// L1, L2 and DRAM. The benchmark harness prints them and draws them on its
// charts as the roofs that the kernels' throughput is compared with.
//
// The loops are generated assembly (asm/probe), since a Go loop reaches
// neither the FMA peak nor full-width loads. On architectures without them,
// Measure returns nothing.
package probe

import "fmt"

// Ceiling is one measured limit of one core.
type Ceiling struct {
	// Name says what was measured: "FMA f32", "FMA f64", "FMA bf16"
	// (VDPBF16PS: pairs of bfloat16 products added to float32, four flops
	// a float32 lane), "L1 read", "L2 read" or "DRAM read".
	Name string
	// ISA names the instructions the probe ran: "avx512" or "avx2".
	ISA string
	// Bytes is the working set of a read probe; 0 for FMA.
	Bytes int
	// Value is the best rate measured, in Unit.
	Value float64
	// Unit is "GFLOP/s" or "GB/s".
	Unit string
}

// String formats c as "FMA f32 (avx512): 176.2 GFLOP/s" or
// "L1 read (avx512, 16 KiB): 320.5 GB/s".
func (c Ceiling) String() string {
	s := fmt.Sprintf("%s (%s", c.Name, c.ISA)
	if c.Bytes > 0 {
		s += ", " + c.Size()
	}
	return s + fmt.Sprintf("): %.1f %s", c.Value, c.Unit)
}

// Size formats the working set of a read probe, "16 KiB"; "" for FMA.
func (c Ceiling) Size() string {
	n := c.Bytes
	switch {
	case n <= 0:
		return ""
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// Working sets of the read probes: inside any L1d of a CPU with AVX2
// (≥ 32 KiB); more than any L1d (≤ 48 KiB) and inside any L2 (≥ 256 KiB);
// larger than the L3 of most machines, so that it is read from DRAM.
const (
	L1Bytes   = 16 << 10
	L2Bytes   = 128 << 10
	DRAMBytes = 256 << 20
)

// Measure runs every probe this CPU supports and returns the ceilings, FMA
// first, then reads from L1, L2 and DRAM. It takes about two seconds.
func Measure() []Ceiling { return measure() }
