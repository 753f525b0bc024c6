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
)

// chains is the number of independent FMA dependency chains: enough to
// cover the FMA latency (4 cycles) on two FMA ports with room to spare.
const chains = 12

// readBlock is the number of bytes the read loop consumes per iteration.
const readBlock = 512

// readAccs is the number of accumulators of the read loop.
const readAccs = 8

// width is one vector register width.
type width struct {
	name  string             // AVX512 or AVX2, the suffix of the function names
	bytes int                // bytes in one register
	alloc func() VecVirtual  // a fresh register
	zero  func(r VecVirtual) // sets r to zero with an instruction of the width's ISA
}

var widths = []width{
	{"AVX512", 64, ZMM, func(r VecVirtual) { VPXORQ(r, r, r) }},
	{"AVX2", 32, YMM, func(r VecVirtual) { VPXOR(r, r, r) }},
}

// elem is one floating-point element type.
type elem struct {
	bits      int
	broadcast func(ops ...Op)
	fma       func(ops ...Op) // dst = src2·dst + src3 (the 213 form)
	add       func(ops ...Op)
}

var elems = []elem{
	{32, VBROADCASTSS, VFMADD213PS, VADDPS},
	{64, VBROADCASTSD, VFMADD213PD, VADDPD},
}

func main() {
	ConstraintExpr("!purego")
	for _, w := range widths {
		for _, e := range elems {
			fmaLoop(w, e)
		}
	}
	for _, w := range widths {
		readLoop(w)
	}
	Generate()
}

// fmaLoop generates fmaF<bits><ISA>(n, a, b, sum): chains independent vectors
// start at zero and each takes n steps acc = acc·a + b (one FMA per step);
// the chains' sum (added in chain order) is stored in sum[:lanes].
func fmaLoop(w width, e elem) {
	name := fmt.Sprintf("fmaF%d%s", e.bits, w.name)
	typ := fmt.Sprintf("float%d", e.bits)
	TEXT(name, NOSPLIT, fmt.Sprintf("func(n int, a, b %s, sum []%s)", typ, typ))
	Pragma("noescape")
	Doc(
		fmt.Sprintf("%s runs %d independent chains of n FMA steps acc = acc·a + b on %d-byte", name, chains, w.bytes),
		fmt.Sprintf("vectors of %s starting from zero, and stores the chains' sum in", typ),
		"sum, which must hold one vector.",
	)
	n := Load(Param("n"), GP64())
	va, vb := w.alloc(), w.alloc()
	e.broadcast(Load(Param("a"), XMM()), va)
	e.broadcast(Load(Param("b"), XMM()), vb)
	acc := make([]VecVirtual, chains)
	for i := range acc {
		acc[i] = w.alloc()
		w.zero(acc[i])
	}
	TESTQ(n, n)
	JZ(LabelRef("done"))
	Label("loop")
	for _, r := range acc {
		e.fma(vb, va, r)
	}
	DECQ(n)
	JNZ(LabelRef("loop"))
	Label("done")
	for _, r := range acc[1:] {
		e.add(r, acc[0], acc[0])
	}
	VMOVUPS(acc[0], Mem{Base: Load(Param("sum").Base(), GP64())})
	VZEROUPPER()
	RET()
}

// readLoop generates read<ISA>(p): the wrapping sum of the words of p, read
// with full-width loads, readBlock bytes per iteration.
func readLoop(w width) {
	name := "read" + w.name
	TEXT(name, NOSPLIT, "func(p []uint64) uint64")
	Pragma("noescape")
	Doc(
		fmt.Sprintf("%s returns the sum modulo 2⁶⁴ of the words of p, read with %d-byte loads.", name, w.bytes),
		fmt.Sprintf("len(p) must be a multiple of %d.", readBlock/8),
	)
	ptr := Load(Param("p").Base(), GP64())
	n := Load(Param("p").Len(), GP64())
	acc := make([]VecVirtual, readAccs)
	for i := range acc {
		acc[i] = w.alloc()
		w.zero(acc[i])
	}
	SHRQ(U8(6), n) // blocks of readBlock bytes = 64 words
	JZ(LabelRef("reduce"))
	Label("loop")
	for i := 0; i < readBlock/w.bytes; i++ {
		VPADDQ(Mem{Base: ptr}.Offset(i*w.bytes), acc[i%readAccs], acc[i%readAccs])
	}
	ADDQ(U32(readBlock), ptr)
	DECQ(n)
	JNZ(LabelRef("loop"))
	Label("reduce")
	for _, r := range acc[1:] {
		VPADDQ(r, acc[0], acc[0])
	}
	y := acc[0].AsY()
	if w.bytes == 64 {
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
