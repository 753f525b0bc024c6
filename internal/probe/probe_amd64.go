//go:build !purego

package probe

import (
	"runtime"
	"time"

	"github.com/simdkern/simdkern/internal/cpu"
)

// chains, dotChains and readMultiple mirror the generator's constants
// (asm/probe): the FMA and VDPBF16PS chains per loop step and the word
// count a read slice is a multiple of.
const (
	chains       = 12
	dotChains    = 24
	readMultiple = 64
)

// trials is how many times each probe is timed; the best time counts.
const trials = 10

func measure() []Ceiling {
	f := cpu.Detect()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()

	var cs []Ceiling
	if f.AVX512 {
		cs = append(cs,
			fmaCeiling("f32", "avx512", 16, func(n int) { fmaF32AVX512(n, 1, 0, make([]float32, 16)) }),
			fmaCeiling("f64", "avx512", 8, func(n int) { fmaF64AVX512(n, 1, 0, make([]float64, 8)) }))
	}
	if f.AVX512BF16 {
		// 1.0 and 1.0 in bfloat16, twice: two products a lane and step.
		cs = append(cs, peakCeiling("FMA bf16", "avx512", 4*16*dotChains, func(n int) { dotBF16AVX512(n, 0x3f80_3f80, 0x3f80_3f80, make([]float32, 16)) }))
	}
	if f.AVX2 {
		cs = append(cs,
			fmaCeiling("f32", "avx2", 8, func(n int) { fmaF32AVX2(n, 1, 0, make([]float32, 8)) }),
			fmaCeiling("f64", "avx2", 4, func(n int) { fmaF64AVX2(n, 1, 0, make([]float64, 4)) }))
	}
	read, isa := readAVX2, "avx2"
	switch {
	case f.AVX512:
		read, isa = readAVX512, "avx512"
	case !f.AVX2:
		return cs
	}
	for _, l := range []struct {
		name  string
		bytes int
	}{{"L1 read", L1Bytes}, {"L2 read", L2Bytes}, {"DRAM read", DRAMBytes}} {
		cs = append(cs, readCeiling(l.name, isa, l.bytes, read))
	}
	return cs
}

// fmaCeiling times loop(n), which runs n steps of the FMA chains on vectors
// of lanes elements, and returns the best rate.
func fmaCeiling(typ, isa string, lanes int, loop func(n int)) Ceiling {
	return peakCeiling("FMA "+typ, isa, 2*lanes*chains, loop)
}

// peakCeiling times loop(n), which runs n steps of flops floating-point
// operations each, and returns the best rate.
func peakCeiling(name, isa string, flops int, loop func(n int)) Ceiling {
	n := 1 << 12
	for best(loop, n, 1) < 5*time.Millisecond {
		n *= 2
	}
	total := float64(flops * n)
	return Ceiling{Name: name, ISA: isa, Value: total / best(loop, n, trials).Seconds() / 1e9, Unit: "GFLOP/s"}
}

// readCeiling times read over a slice of bytes bytes, repeated to at least
// 32 MiB per timing, and returns the best rate.
func readCeiling(name, isa string, bytes int, read func([]uint64) uint64) Ceiling {
	p := make([]uint64, bytes/8/readMultiple*readMultiple)
	for i := range p {
		p[i] = uint64(i)
	}
	reps := max(1, (32<<20)/bytes)
	loop := func(reps int) {
		for range reps {
			read(p)
		}
	}
	loop(1) // bring p into the cache level it fits
	moved := float64(8 * len(p) * reps)
	return Ceiling{Name: name, ISA: isa, Bytes: bytes, Value: moved / best(loop, reps, trials).Seconds() / 1e9, Unit: "GB/s"}
}

// best returns the shortest of trials timings of f(n).
func best(f func(n int), n, trials int) time.Duration {
	d := time.Duration(1<<63 - 1)
	for range trials {
		t := time.Now()
		f(n)
		d = min(d, time.Since(t))
	}
	return d
}
