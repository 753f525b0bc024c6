// Command bf16 generates the arm64 NEON assembly of simdkern's bfloat16
// kernels, with the Go declarations of the functions: the conversions
// (ToBFloat16 and FromBFloat16) on blocks of 8 elements, and the vector ×
// matrix kernel of GemmBF16B (gemv.go). The rounding is done in integer
// operations, as internal/bf16.FromFloat32 does it, so subnormals are
// rounded, not flushed, and every path gives the same bits (BFCVTN, from
// FEAT_BF16, is not in the base architecture).
//
// It is run by go generate in package asm:
//
//	go run ./neon/bf16 -out ../kernels/bf16_arm64.s -stubs ../kernels/bf16_stubs_arm64.go -pkg kernels
package main

import "github.com/simdkern/simdkern/asm/neon"

func main() { neon.Main("bf16", generate) }

// generate writes the conversions into a new file of package pkg.
func generate(pkg string) *neon.File {
	f := neon.NewFile(pkg, "!purego")
	toBF16(f)
	fromBF16(f)
	gemv(f)
	return f
}

// block is the elements a pass converts: one vector of bfloat16, two of
// float32.
const block = 8

var s4, h8 = neon.S4, neon.H8

// blocks emits a loop over the whole blocks of len(x), the pointers of dst
// and x in R0 and R1, around body. Its labels start with name.
func blocks(fn *neon.Func, name string, body func()) {
	n := neon.R(2)
	fn.MOVD(fn.Base("dst"), neon.R(0))
	fn.MOVD(fn.Base("x"), neon.R(1))
	fn.MOVD(fn.Len("x"), n)
	fn.Label(name + "loop")
	fn.CMP(neon.Imm(block), n)
	fn.BLO(name + "done")
	body()
	fn.SUB(neon.Imm(block), n)
	fn.B(name + "loop")
	fn.Label(name + "done")
	fn.RET()
}

// dup broadcasts the 32-bit constant c into every lane of register v.
func dup(fn *neon.Func, c uint32, v int) {
	fn.MOVDBits(uint64(c), neon.R(3))
	fn.VDUPR(neon.R(3), neon.V(v).As(s4))
}

func toBF16(f *neon.File) {
	fn := f.Func("toBF16NEON", "func(dst []uint16, x []float32)",
		"toBF16NEON sets dst[i] to x[i] rounded to bfloat16 as internal/bf16.FromFloat32 rounds it,",
		"for the whole blocks of 8 elements of x. len(dst) ≥ len(x).")
	const one, bias, quiet = 16, 17, 18
	dup(fn, 1, one)
	dup(fn, 0x7fff, bias)
	dup(fn, 0x0040_0000, quiet)
	v, b := func(r int) neon.Vec { return neon.V(r).As(s4) }, func(r int) neon.Vec { return neon.V(r).B16() }
	blocks(fn, "to", func() {
		fn.VLD1(neon.Post(neon.R(1)), v(0), v(1))
		fn.Comment("Each x to x + 0x7fff + (x>>16 & 1), or where x ≠ x (NaN) to x | 0x00400000.")
		for i := range 2 {
			x, r, q, m := i, 2+i, 4+i, 6+i
			fn.VUSHR(16, v(x), v(r))
			fn.VAND(b(one), b(r), b(r))
			fn.VADD(v(bias), v(r), v(r))
			fn.VADD(v(x), v(r), v(r))
			fn.VORR(b(quiet), b(x), b(q))
			fn.FCMEQ(v(x), v(x), v(m))
			fn.VBSL(b(q), b(r), b(m))
		}
		fn.Comment("The upper halves of the 8 lanes.")
		fn.VUZP2(neon.V(7).As(h8), neon.V(6).As(h8), neon.V(8).As(h8))
		fn.VST1([]neon.Vec{neon.V(8).As(h8)}, neon.Post(neon.R(0)))
	})
}

func fromBF16(f *neon.File) {
	fn := f.Func("fromBF16NEON", "func(dst []float32, x []uint16)",
		"fromBF16NEON sets dst[i] to x[i] as a float32 for the whole blocks of 8 elements of x.",
		"len(dst) ≥ len(x).")
	h := func(r int) neon.Vec { return neon.V(r).As(h8) }
	const zero = 16
	fn.Zero(neon.V(zero))
	blocks(fn, "from", func() {
		fn.VLD1(neon.Post(neon.R(1)), h(0))
		fn.Comment("Each bfloat16 the upper half of a float32 whose lower half is zero.")
		fn.VZIP1(h(0), h(zero), h(1))
		fn.VZIP2(h(0), h(zero), h(2))
		fn.VST1([]neon.Vec{neon.V(1).As(s4), neon.V(2).As(s4)}, neon.Post(neon.R(0)))
	})
}
