// Package cpu reports which of simdkern's instruction-set paths this CPU and
// operating system can run. It is the only place that asks cpuid.
package cpu

import "github.com/klauspost/cpuid/v2"

// Features lists the instruction-set paths the running CPU supports.
// A path is reported only when every instruction it uses is present and the
// operating system saves the registers it needs (cpuid checks XGETBV).
type Features struct {
	// AVX2 is AVX2 together with FMA3: the avx2 path uses both.
	AVX2 bool
	// AVX512 is AVX-512 F, DQ, BW and VL (the Skylake-SP subset) with AVX2,
	// FMA, BMI2 and POPCNT: the avx512 path uses masked loads and stores (F,
	// BW), VANDPS on ZMM (DQ), masked YMM/XMM forms (VL), and BMI2 and POPCNT
	// to build the masks of its GEMM packing.
	AVX512 bool
	// AVX512BF16 is AVX512_BF16 with AVX512: the avx512 path then runs
	// kernels.GemmBF16 on VDPBF16PS.
	AVX512BF16 bool
	// NEON is the arm64 Advanced SIMD unit.
	NEON bool
}

// Detect asks cpuid for the running CPU's features.
func Detect() Features {
	c := cpuid.CPU
	f := Features{
		AVX2: c.Supports(cpuid.AVX, cpuid.AVX2, cpuid.FMA3),
		AVX512: c.Supports(cpuid.AVX, cpuid.AVX2, cpuid.FMA3, cpuid.BMI2, cpuid.POPCNT,
			cpuid.AVX512F, cpuid.AVX512DQ, cpuid.AVX512BW, cpuid.AVX512VL),
		NEON: c.Supports(cpuid.ASIMD),
	}
	f.AVX512BF16 = f.AVX512 && c.Supports(cpuid.AVX512BF16)
	return f
}
