// Command probe generates the assembly of package internal/probe: the loops
// that measure this machine's ceilings, an FMA-throughput loop and a
// streaming-read loop, in AVX-512 (ZMM) and AVX2 (YMM) forms.
//
// Run it through `go generate ./asm` from the module root.
package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/simdkern/simdkern/asm/internal/avx"
)

// chains is the number of independent FMA dependency chains: enough to
// cover the FMA latency (4 cycles) on two FMA ports with room to spare.
const chains = 12

// dotChains is the number of VDPBF16PS chains: twelve fall short of its
// peak on Zen 5 (a 12×32 Gemm micro-kernel on 24 accumulators outran
// them by 10%).
const dotChains = 24

// readBlock is the number of bytes the read loop consumes per iteration.
const readBlock = 512

// readAccs is the number of accumulators of the read loop.
const readAccs = 8

// width is a vector width: its instruction set and how it zeroes a register.
type width struct {
	avx.ISA
	zero func(r VecVirtual)
}

var widths = []width{
	{avx.AVX512, func(r VecVirtual) { VPXORQ(r, r, r) }},
	{avx.AVX2, func(r VecVirtual) { VPXOR(r, r, r) }},
}

func main() {
	ConstraintExpr("!purego")
	for _, w := range widths {
		for _, e := range avx.Elems {
			fmaLoop(w, e)
		}
	}
	dotLoop()
	for _, w := range widths {
		readLoop(w)
	}
	Generate()
}

// fmaLoop generates fma<Type><ISA>(n, a, b, sum): chains independent vectors
// start at zero and each takes n steps acc = acc·a + b (one FMA per step);
// the chains' sum (added in chain order) is stored in sum[:lanes].
func fmaLoop(w width, e avx.Elem) {
	name, typ := "fma"+e.Name+w.Name(), e.GoType
	TEXT(name, NOSPLIT, fmt.Sprintf("func(n int, a, b %s, sum []%s)", typ, typ))
	Pragma("noescape")
	Doc(
		fmt.Sprintf("%s runs %d independent chains of n FMA steps acc = acc·a + b on %d-byte", name, chains, w.Bytes()),
		fmt.Sprintf("vectors of %s starting from zero, and stores the chains' sum in", typ),
		"sum, which must hold one vector.",
	)
	n := Load(Param("n"), GP64())
	va, vb := w.Vec(), w.Vec()
	e.Broadcast(Load(Param("a"), XMM()), va)
	e.Broadcast(Load(Param("b"), XMM()), vb)
	acc := make([]Register, chains)
	for i := range acc {
		v := w.Vec()
		w.zero(v)
		acc[i] = v
	}
	chainLoop(n, acc, func(r Register) { e.FMA213(vb, va, r) }, func(r Register) { e.Add(r, acc[0], acc[0]) })
	VMOVUPS(acc[0], Mem{Base: Load(Param("sum").Base(), GP64())})
	VZEROUPPER()
	RET()
}

// dotLoop generates dotBF16AVX512(n, a, b, sum), fmaLoop's twin on the
// bfloat16 dot product VDPBF16PS (AVX512_BF16): dotChains independent ZMM
// start at zero and each takes n steps acc += a·b, where a and b are pairs
// of bfloat16 broadcast to every lane (two products a step); the chains'
// sum (added in chain order) is stored in sum[:16].
func dotLoop() {
	const name = "dotBF16AVX512"
	TEXT(name, NOSPLIT, "func(n int, a, b uint32, sum []float32)")
	Pragma("noescape")
	Doc(
		fmt.Sprintf("%s runs %d independent chains of n VDPBF16PS steps acc += a·b on", name, dotChains),
		"ZMM vectors of float32 starting from zero, a and b each a pair of bfloat16 in",
		"every 32-bit lane, and stores the chains' sum in sum, which must hold 16 values.",
		"It needs AVX512_BF16.",
	)
	n := Load(Param("n"), GP64())
	va, vb := Z30, Z31
	VPBROADCASTD(Load(Param("a"), GP32()), va)
	VPBROADCASTD(Load(Param("b"), GP32()), vb)
	acc := make([]Register, dotChains)
	for i, r := range avx.AVX512.Regs()[:dotChains] {
		VPXORQ(r, r, r)
		acc[i] = r
	}
	chainLoop(n, acc, func(r Register) { avx.VDPBF16PS(r.(VecPhysical), va, vb) }, func(r Register) { VADDPS(r, acc[0], acc[0]) })
	VMOVUPS(acc[0], Mem{Base: Load(Param("sum").Base(), GP64())})
	VZEROUPPER()
	RET()
}

// chainLoop emits the loop of n steps of step on each register of acc,
// then add of each but the first into the first, in order.
func chainLoop(n Register, acc []Register, step, add func(Register)) {
	TESTQ(n, n)
	JZ(LabelRef("done"))
	Label("loop")
	for _, r := range acc {
		step(r)
	}
	DECQ(n)
	JNZ(LabelRef("loop"))
	Label("done")
	for _, r := range acc[1:] {
		add(r)
	}
}

// readLoop generates read<ISA>(p): the wrapping sum of the words of p, read
// with full-width loads, readBlock bytes per iteration.
func readLoop(w width) {
	name := "read" + w.Name()
	TEXT(name, NOSPLIT, "func(p []uint64) uint64")
	Pragma("noescape")
	Doc(
		fmt.Sprintf("%s returns the sum modulo 2⁶⁴ of the words of p, read with %d-byte loads.", name, w.Bytes()),
		fmt.Sprintf("len(p) must be a multiple of %d.", readBlock/8),
	)
	ptr := Load(Param("p").Base(), GP64())
	n := Load(Param("p").Len(), GP64())
	acc := make([]VecVirtual, readAccs)
	for i := range acc {
		acc[i] = w.Vec()
		w.zero(acc[i])
	}
	SHRQ(U8(6), n) // blocks of readBlock bytes = 64 words
	JZ(LabelRef("reduce"))
	Label("loop")
	for i := 0; i < readBlock/w.Bytes(); i++ {
		VPADDQ(Mem{Base: ptr}.Offset(i*w.Bytes()), acc[i%readAccs], acc[i%readAccs])
	}
	ADDQ(U32(readBlock), ptr)
	DECQ(n)
	JNZ(LabelRef("loop"))
	Label("reduce")
	for _, r := range acc[1:] {
		VPADDQ(r, acc[0], acc[0])
	}
	y := acc[0].AsY()
	if w.Bytes() == 64 {
		hi := YMM()
		VEXTRACTI64X4(U8(1), acc[0], hi)
		VPADDQ(hi, y, y)
	}
	x, hi := acc[0].AsX(), XMM()
	VEXTRACTI128(U8(1), y, hi)
	VPADDQ(hi, x, x)
	VPSHUFD(U8(0x4e), x, hi)
	VPADDQ(hi, x, x)
	sum := GP64()
	VMOVQ(x, sum)
	Store(sum, ReturnIndex(0))
	VZEROUPPER()
	RET()
}
