package main

import "github.com/simdkern/simdkern/asm/neon"

// prefetchLines emits prefetchLines(p, n int), which issues PRFM PLDL1KEEP
// for each 64-byte line of the n bytes at address p.
func prefetchLines(f *neon.File) {
	fn := f.Func("prefetchLines", "func(p, n int)",
		"prefetchLines asks for the cache lines of the n bytes at address p (PRFM PLDL1KEEP on each",
		"64-byte line from p on); it reads nothing and cannot fault. p must be the address of a live object.")
	p, n := neon.R(0), neon.R(1)
	fn.MOVD(fn.Param("p"), p)
	fn.MOVD(fn.Param("n"), n)
	fn.Label("loop")
	fn.CMP(neon.Imm(0), n)
	fn.BLE("done")
	fn.PRFM(p)
	fn.ADD(neon.Imm(64), p)
	fn.SUB(neon.Imm(64), n)
	fn.B("loop")
	fn.Label("done")
	fn.RET()
}
