// Command bf16 generates the amd64 assembly of simdkern's bfloat16
// conversion kernels on the AVX2 and AVX-512 paths, with the Go
// declarations of the functions.
//
// Narrowing rounds to nearest even with integer operations, as
// internal/bf16.FromFloat32 does, rather than with VCVTNEPS2BF16: that
// instruction treats subnormal inputs as zero and flushes subnormal
// results (Intel SDM, VCVTNEPS2BF16, "DAZ and FTZ always"), so it would
// not give the generic path's bits, and it is absent without AVX512_BF16.
//
// The functions convert whole vectors only (len(x) a multiple of the lanes);
// the Go wrappers convert the rest.
//
// It is run by go generate in package asm; the flags are Avo's (-out, -stubs,
// -pkg).
package main

import (
	"math/bits"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// isa is one path: its name in function names, float32 lanes per vector,
// and its vector registers.
type isa struct {
	name  string
	lanes int
	vec   func() reg.VecVirtual
	mov   func(mr, mr1 Op) // unaligned move of a whole vector
}

var paths = []isa{
	{"AVX512", 16, ZMM, func(a, b Op) { VMOVDQU32(a, b) }},
	{"AVX2", 8, YMM, func(a, b Op) { VMOVDQU(a, b) }},
}

func main() {
	Package("github.com/simdkern/simdkern/kernels")
	ConstraintExpr("!purego")
	for _, v := range paths {
		narrow(v)
		widen(v)
	}
	gemmKernel()
	for _, w := range []int{mr, nr} {
		packPairs(w)
		packRows(w)
		packRowsT(w)
	}
	Generate()
}

// broadcast returns a vector with c in every 32-bit lane.
func broadcast(v isa, c uint32) reg.VecVirtual {
	g, r := GP32(), v.vec()
	MOVL(U32(c), g)
	x := XMM()
	MOVD(g, x)
	VPBROADCASTD(x, r)
	return r
}

// loop emits the loop over the whole vectors of x (n elements): body
// converts the vector at x to dst; the pointers advance by xStep and
// dstStep bytes.
func loop(v isa, x, dst, n reg.Register, xStep, dstStep int, body func()) {
	SHRQ(U8(bits.TrailingZeros(uint(v.lanes))), n)
	JZ(LabelRef("done"))
	Label("loop")
	body()
	ADDQ(U32(xStep), x)
	ADDQ(U32(dstStep), dst)
	DECQ(n)
	JNZ(LabelRef("loop"))
	Label("done")
	VZEROUPPER()
	RET()
}

// narrow emits toBF16<ISA>: dst[i] = x[i] rounded to bfloat16, ties to
// even, NaN made quiet.
func narrow(v isa) {
	TEXT("toBF16"+v.name, NOSPLIT, "func(dst []uint16, x []float32)")
	Doc("toBF16"+v.name+" sets dst[i] to x[i] rounded to bfloat16 for the whole vectors of x.",
		"len(dst) ≥ len(x).")
	dst, x, n := Load(Param("dst").Base(), GP64()), Load(Param("x").Base(), GP64()), Load(Param("x").Len(), GP64())
	one, half, quiet := broadcast(v, 1), broadcast(v, 0x7fff), broadcast(v, 0x0040)
	abs, inf := broadcast(v, 0x7fff_ffff), broadcast(v, 0x7f80_0000)
	loop(v, x, dst, n, 4*v.lanes, 2*v.lanes, func() {
		f, r, q, a := v.vec(), v.vec(), v.vec(), v.vec()
		v.mov(Mem{Base: x}, f)
		// r = (f + 0x7fff + (f>>16 & 1)) >> 16
		VPSRLD(U8(16), f, r)
		VPSRLD(U8(16), f, q)
		if v.lanes == 16 {
			VPANDD(one, r, r)
			VPADDD(f, r, r)
			VPADDD(half, r, r)
			VPSRLD(U8(16), r, r)
			// NaN (|f| > +∞): q = f>>16 | 0x40.
			k := K()
			VPANDD(abs, f, a)
			VPCMPGTD(inf, a, k)
			VPORD(quiet, q, k, r)
			VPMOVDW(r, Mem{Base: dst})
			return
		}
		VPAND(one, r, r)
		VPADDD(f, r, r)
		VPADDD(half, r, r)
		VPSRLD(U8(16), r, r)
		VPAND(abs, f, a)
		VPCMPGTD(inf, a, a)
		VPOR(quiet, q, q)
		VPBLENDVB(a, q, r, r)
		// Pack the eight 32-bit lanes to 16 bits (each fits) and gather
		// the two 64-bit halves that hold them.
		VPACKUSDW(r, r, r)
		VPERMQ(U8(0x08), r, r)
		VMOVDQU(r.AsX(), Mem{Base: dst})
	})
}

// widen emits fromBF16<ISA>: dst[i] = x[i] as float32, exactly.
func widen(v isa) {
	TEXT("fromBF16"+v.name, NOSPLIT, "func(dst []float32, x []uint16)")
	Doc("fromBF16"+v.name+" sets dst[i] to x[i] as a float32 for the whole vectors of x.",
		"len(dst) ≥ len(x).")
	dst, x, n := Load(Param("dst").Base(), GP64()), Load(Param("x").Base(), GP64()), Load(Param("x").Len(), GP64())
	loop(v, x, dst, n, 2*v.lanes, 4*v.lanes, func() {
		f := v.vec()
		VPMOVZXWD(Mem{Base: x}, f)
		VPSLLD(U8(16), f, f)
		v.mov(f, Mem{Base: dst})
	})
}
