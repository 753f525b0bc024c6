package avx

import (
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// KMask returns a K register holding the AVX-512 mask of the first n lanes,
// 1<<n − 1 (n < 32).
func KMask(n reg.GPVirtual) reg.Register {
	t := build.GP32()
	build.XORL(t, t)
	build.BTSL(n.As32(), t)
	build.DECL(t) // t = 1<<n − 1
	k := build.K()
	build.KMOVW(t, k)
	return k
}

// TailMasks is a read-only table of 32 bytes of ones then 32 of zeros: the
// 32 bytes at offset 32 − n·size are the AVX2 vector mask of the first n
// lanes of size bytes.
type TailMasks struct{ mem operand.Mem }

// DeclareTailMasks declares the table as the global symbol name (unique in
// its package).
func DeclareTailMasks(name string) TailMasks {
	m := build.GLOBL(name, build.RODATA|build.NOPTR)
	for i := 0; i < 64; i += 8 {
		v := uint64(0)
		if i < 32 {
			v = ^v
		}
		build.DATA(i, operand.U64(v))
	}
	return TailMasks{m}
}

// Mask returns a YMM register holding the mask of the first n lanes of e,
// n < lanes; n is negated.
func (t TailMasks) Mask(e Elem, n reg.GPVirtual) reg.Register {
	p := build.GP64()
	build.LEAQ(t.mem.Offset(32), p)
	build.NEGQ(n)
	m := build.YMM()
	build.VMOVDQU(operand.Mem{Base: p, Index: n, Scale: uint8(e.Size)}, m)
	return m
}
