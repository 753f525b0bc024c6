// Command exp generates the arm64 NEON assembly of simdkern's exponential
// kernels (Exp, Sigmoid and Softmax) for float32 and float64, with the Go
// declarations of the functions. Every kernel performs the operations of
// internal/exp.Of, each rounded (no fused multiply-add), so Exp and Sigmoid
// give the generic path's bits.
//
// It is run by go generate in package asm:
//
//	go run ./neon/exp -out ../kernels/exp_arm64.s -stubs ../kernels/exp_stubs_arm64.go -pkg kernels
package main

import (
	"math"

	"github.com/simdkern/simdkern/asm/neon"
	"github.com/simdkern/simdkern/internal/exp"
)

func main() { neon.Main("exp", generate) }

// generate writes every exponential kernel into a new file of package pkg.
func generate(pkg string) *neon.File {
	f := neon.NewFile(pkg, "!purego")
	for _, e := range []neon.Type{neon.F32, neon.F64} {
		expKernel(f, e)
		sigmoid(f, e)
		softmax(f, e)
	}
	return f
}

// Registers: the constants from V0 (consts), the working vectors from
// work. The arguments dst, x and their length are in R0, R1 and R2; a pass
// walks copies of them (R3, R4, R5).
const work = 23

// The working vectors: x (the exponential's argument, then its result), k,
// u, p and q as in internal/exp.Of (u holding z, p and q pe and po), and
// three more for the kernels.
var (
	vx, vk, vu, vp, vq = work, work + 1, work + 2, work + 3, work + 7
	va, vb, vc         = work + 4, work + 5, work + 6
)

// consts are the registers of the constants.
type consts struct {
	lo, hi, log2e, shifter, c1, c2, half, one, bias, sign, negInf int
	even, odd                                                     []int
	shift                                                         int
}

// loadConsts broadcasts internal/exp's constants of e into V0, V1, ….
func loadConsts(fn *neon.Func, e neon.Type) *consts {
	c, bits := exp.F64.Float64(), math.Float64bits
	if e.Size == 4 {
		c = exp.F32.Float64()
		bits = func(x float64) uint64 { return uint64(math.Float32bits(float32(x))) }
	}
	n := 0
	load := func(x float64) int {
		fn.MOVDBits(bits(x), neon.R(9))
		fn.VDUPR(neon.R(9), e.Vec(n))
		n++
		return n - 1
	}
	k := &consts{shift: c.Shift}
	k.lo, k.hi, k.log2e, k.shifter = load(c.Lo), load(c.Hi), load(c.Log2e), load(c.Shifter)
	k.c1, k.c2, k.half, k.one, k.bias = load(c.C1), load(c.C2), load(c.Half), load(c.One), load(c.Bias)
	k.sign, k.negInf = load(math.Copysign(0, -1)), load(math.Inf(-1))
	for i := range c.Even {
		k.even = append(k.even, load(c.Even[i]))
		k.odd = append(k.odd, load(c.Odd[i]))
	}
	if n > work {
		panic("exp: the constants overlap the working registers")
	}
	return k
}

// expCore sets V(vx) to e^V(vx), clobbering vk, vu and vp.
func expCore(fn *neon.Func, e neon.Type, c *consts) {
	v := e.Vec
	x, k, u, p, q := v(vx), v(vk), v(vu), v(vp), v(vq)
	fn.FMAX(v(c.lo), x, x)
	fn.FMIN(v(c.hi), x, x)
	fn.Comment("k = round(x·log2e), r = x − k·ln2")
	fn.FMUL(v(c.log2e), x, k)
	fn.FADD(v(c.shifter), k, k)
	fn.FSUB(v(c.shifter), k, k)
	fn.FMUL(v(c.c1), k, u)
	fn.FSUB(u, x, x)
	fn.FMUL(v(c.c2), k, u)
	fn.FSUB(u, x, x) // r
	fn.Comment("e^r = (((po·r + pe)·z) + r) + 1, z = r², pe and po P's even and odd terms in z")
	fn.FMUL(x, x, u) // z
	copyVec(fn, c.even[0], vp)
	copyVec(fn, c.odd[0], vq)
	for j := 1; j < len(c.even); j++ {
		fn.FMUL(u, p, p)
		fn.FADD(v(c.even[j]), p, p)
		fn.FMUL(u, q, q)
		fn.FADD(v(c.odd[j]), q, q)
	}
	fn.FMUL(x, q, q)
	fn.FADD(q, p, p)
	fn.FMUL(u, p, p)
	fn.FADD(x, p, p)
	fn.FADD(v(c.one), p, p)
	fn.Comment("·2^k1·2^k2, k1 + k2 = k, from the bits of k1 + bias and k2 + bias")
	fn.FMUL(v(c.half), k, x)
	fn.FADD(v(c.bias), x, x) // h: k1 + bias
	fn.FSUB(v(c.bias), x, u)
	fn.FSUB(u, k, k)
	fn.FADD(v(c.bias), k, k) // g: k2 + bias
	fn.VSHL(c.shift, x, x)
	fn.VSHL(c.shift, k, k)
	fn.FMUL(x, p, p)
	fn.FMUL(k, p, x)
}

// copyVec sets register d to register s.
func copyVec(fn *neon.Func, s, d int) { fn.VORR(neon.V(s).B16(), neon.V(s).B16(), neon.V(d).B16()) }

// io loads and stores one vector, or in the remainder one element in lane
// 0 (a load zeroes the other lanes, a store writes only lane 0), through
// the pass's pointers.
type io struct {
	fn     *neon.Func
	e      neon.Type
	ptrs   []neon.Reg
	scalar bool
}

func (m io) load(s, r int) {
	if m.scalar {
		m.fn.FMOV(neon.Post(m.ptrs[s]), m.e.Scalar(r))
		return
	}
	m.fn.VLD1(neon.Post(m.ptrs[s]), m.e.Vec(r))
}

func (m io) store(s, r int) {
	if m.scalar {
		m.fn.FMOV(m.e.Scalar(r), neon.Post(m.ptrs[s]))
		return
	}
	m.fn.VST1([]neon.Vec{m.e.Vec(r)}, neon.Post(m.ptrs[s]))
}

// pass emits a loop over the len(x) elements at the pointers ptrs (copied):
// one vector a pass, then the remaining 0 to lanes−1 elements one at a
// time. Its labels start with name.
func pass(fn *neon.Func, e neon.Type, name string, ptrs []neon.Reg, body func(m io)) {
	n := neon.R(5)
	fn.MOVD(neon.R(2), n)
	m := io{fn: fn, e: e}
	for i, p := range ptrs {
		m.ptrs = append(m.ptrs, neon.R(3+i))
		fn.MOVD(p, m.ptrs[i])
	}
	lanes := e.Lanes()
	fn.Label(name + "vec")
	fn.CMP(neon.Imm(lanes), n)
	fn.BLO(name + "tail")
	body(m)
	fn.SUB(neon.Imm(lanes), n)
	fn.B(name + "vec")
	fn.Label(name + "tail")
	fn.Comment("The remaining 0 to lanes−1 elements, one at a time in lane 0.")
	fn.CBZ(n, name+"done")
	m.scalar = true
	body(m)
	fn.SUBS(neon.Imm(1), n, n)
	fn.B(name + "tail")
	fn.Label(name + "done")
}

// unary starts the function <kernel><Type>NEON(dst, x []T): dst in R0, x in
// R1, len(x) in R2, the constants loaded.
func unary(f *neon.File, e neon.Type, kernel string, doc ...string) (*neon.Func, *consts) {
	name := kernel + e.Name + "NEON"
	doc[0] = name + " " + doc[0]
	fn := f.Func(name, "func(dst, x []"+e.GoType+")", append(doc, "dst must be as long as x.")...)
	fn.MOVD(fn.Base("dst"), neon.R(0))
	fn.MOVD(fn.Base("x"), neon.R(1))
	fn.MOVD(fn.Len("x"), neon.R(2))
	return fn, loadConsts(fn, e)
}

const dst, src = 0, 1 // the pointers of a unary kernel's pass

var dstX = []neon.Reg{neon.R(0), neon.R(1)}

func expKernel(f *neon.File, e neon.Type) {
	fn, c := unary(f, e, "exp", "sets dst[i] = e^x[i] over len(x) elements, as internal/exp.Of computes it.")
	pass(fn, e, "exp", dstX, func(m io) {
		m.load(src, vx)
		expCore(fn, e, c)
		m.store(dst, vx)
	})
	fn.RET()
}

func sigmoid(f *neon.File, e neon.Type) {
	fn, c := unary(f, e, "sigmoid", "sets dst[i] = 1/(1 + e^−x[i]) over len(x) elements, as internal/exp.Sigmoid computes it.")
	v := e.Vec
	pass(fn, e, "sigmoid", dstX, func(m io) {
		m.load(src, va)
		fn.VORR(neon.V(c.sign).B16(), neon.V(va).B16(), neon.V(vx).B16()) // −|x|
		expCore(fn, e, c)
		fn.FCMLTZero(v(va), v(vb)) // x < 0 (the numerator is 1 for −0 either way)
		copyVec(fn, c.one, vc)
		fn.VBIT(neon.V(vb).B16(), neon.V(vx).B16(), neon.V(vc).B16()) // e where x < 0, else 1
		fn.FADD(v(c.one), v(vx), v(vx))
		fn.FDIV(v(vx), v(vc), v(vx)) // numerator/(1 + e)
		m.store(dst, vx)
	})
	fn.RET()
}

func softmax(f *neon.File, e neon.Type) {
	fn, c := unary(f, e, "softmax", "sets dst to the softmax of x: e^(x[i]−m) / Σⱼ e^(x[j]−m), m the largest x[i].",
		"The sum is scaled by its reciprocal.")
	v := e.Vec
	acc, sum := va, vb
	fn.Comment("m = the largest x[i], in every lane of acc.")
	copyVec(fn, c.negInf, acc)
	pass(fn, e, "max", []neon.Reg{neon.R(1)}, func(m io) {
		m.load(0, vx)
		if m.scalar {
			fn.VDUP(e.Lane(vx, 0), v(vx))
		}
		fn.FMAX(v(vx), v(acc), v(acc))
	})
	for l := e.Lanes(); l > 1; l /= 2 {
		fn.FMAXP(v(acc), v(acc), v(acc))
	}

	fn.Comment("dst[i] = e^(x[i]−m), summed.")
	fn.Zero(neon.V(sum))
	pass(fn, e, "exp", dstX, func(m io) {
		m.load(src, vx)
		fn.FSUB(v(acc), v(vx), v(vx))
		expCore(fn, e, c)
		m.store(dst, vx)
		t := vx
		if m.scalar {
			t = vc
			fn.FMOV(e.Scalar(vx), e.Scalar(t)) // lane 0, the others zeroed
		}
		fn.FADD(v(t), v(sum), v(sum))
	})
	for l := e.Lanes(); l > 1; l /= 2 {
		fn.FADDP(v(sum), v(sum), v(sum))
	}

	fn.Comment("dst[i] ·= 1/sum.")
	fn.FDIV(v(sum), v(c.one), v(sum))
	pass(fn, e, "scale", []neon.Reg{neon.R(0), neon.R(0)}, func(m io) {
		m.load(0, vx)
		fn.FMUL(v(sum), v(vx), v(vx))
		m.store(1, vx)
	})
	fn.RET()
}
