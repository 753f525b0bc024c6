package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
)

// prefetchLines emits prefetchLines(p, n int), which issues PREFETCHT0 for
// each 64-byte line of the n bytes at address p (baseline x86-64, on every
// path).
func prefetchLines() {
	TEXT("prefetchLines", NOSPLIT, "func(p, n int)")
	Doc("prefetchLines asks for the cache lines of the n bytes at address p (PREFETCHT0 on each",
		"64-byte line from p on); it reads nothing and cannot fault. p must be the address of a live object.")
	p, n := GP64(), GP64()
	Load(Param("p"), p)
	Load(Param("n"), n)
	Label("loop")
	CMPQ(n, Imm(0))
	JLE(LabelRef("done"))
	PREFETCHT0(Mem{Base: p})
	ADDQ(Imm(64), p)
	SUBQ(Imm(64), n)
	JMP(LabelRef("loop"))
	Label("done")
	RET()
}
