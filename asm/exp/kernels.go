package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/simdkern/simdkern/asm/internal/avx"
)

// unroll returns the vectors a pass of the unrolled loops: what the
// registers hold, interleaved so that the exponential's long chain of
// dependent operations overlaps.
func unroll(v isa) int {
	if v.Bytes() == 64 {
		return 4
	}
	return 2
}

// block is count vectors at the pointers of a pass: load(s, i, dst) loads
// vector i of stream s into dst (in the remainder, with fill in the lanes
// past the end), store(s, i, src) stores it, and keep zeroes src's lanes
// past the end.
type block struct {
	count int
	load  func(s, i int, fill, dst reg.VecVirtual)
	store func(s, i int, src reg.VecVirtual)
	keep  func(src reg.VecVirtual)
}

// pass emits a loop over the n elements at ptrs, which it copies, so that
// a function can make several passes: unroll vectors a pass, then one
// vector, then the remaining 0 to lanes−1 elements under a mask. Its
// labels start with name.
func pass(v isa, e avx.Elem, name string, ptrs []reg.GPVirtual, n0 reg.GPVirtual, body func(b block)) {
	lanes, u := v.Lanes(e), unroll(v)
	n := GP64()
	MOVQ(n0, n)
	p := make([]reg.GPVirtual, len(ptrs))
	for i, q := range ptrs {
		p[i] = GP64()
		MOVQ(q, p[i])
	}
	at := func(s, i int) Mem { return Mem{Base: p[s]}.Offset(i * v.Bytes()) }
	full := func(count int) block {
		return block{
			count: count,
			load:  func(s, i int, _, dst reg.VecVirtual) { e.Movu(at(s, i), dst) },
			store: func(s, i int, src reg.VecVirtual) { e.Movu(src, at(s, i)) },
			keep:  func(reg.VecVirtual) {},
		}
	}
	loop := func(label string, vecs int) {
		Label(name + label)
		CMPQ(n, U32(vecs*lanes))
		JB(LabelRef(name + label + "end"))
		body(full(vecs))
		for _, q := range p {
			ADDQ(U32(vecs*v.Bytes()), q)
		}
		SUBQ(U32(vecs*lanes), n)
		JMP(LabelRef(name + label))
		Label(name + label + "end")
	}
	loop("unrolled", u)
	loop("single", 1)
	Comment("The remaining 0 to lanes−1 elements, masked.")
	TESTQ(n, n)
	JZ(LabelRef(name + "done"))
	mask := v.tailMask(e, n)
	body(block{
		count: 1,
		load:  func(s, _ int, fill, dst reg.VecVirtual) { v.loadMasked(e, at(s, 0), mask, fill, dst) },
		store: func(s, _ int, src reg.VecVirtual) { v.storeMasked(e, src, mask, at(s, 0)) },
		keep:  func(src reg.VecVirtual) { v.keep(e, mask, src) },
	})
	Label(name + "done")
}

// vecs returns count new vector registers.
func vecs(v isa, count int) []reg.VecVirtual {
	r := make([]reg.VecVirtual, count)
	for i := range r {
		r[i] = v.Vec()
	}
	return r
}

// unary starts the function <kernel><Type><ISA>(dst, x []T) and returns
// the pointers of dst and x and the length.
func unary(v isa, e avx.Elem, kernel string, doc ...string) (d, x, n reg.GPVirtual) {
	name := kernel + e.Name + v.Name()
	TEXT(name, NOSPLIT, "func(dst, x []"+e.GoType+")")
	Pragma("noescape")
	doc[0] = name + " " + doc[0]
	Doc(append(doc, "dst must be as long as x.")...)
	d, x, n = GP64(), GP64(), GP64()
	Load(Param("dst").Base(), d)
	Load(Param("x").Base(), x)
	Load(Param("x").Len(), n)
	return d, x, n
}

const dst, src = 0, 1 // the streams of a unary kernel

func expKernel(v isa, e avx.Elem, t *consts) {
	d, x, n := unary(v, e, "exp", "sets dst[i] = e^x[i] over len(x) elements, as internal/exp.Of computes it.")
	s := newExp(v, t)
	pass(v, e, "exp", []reg.GPVirtual{d, x}, n, func(b block) {
		r := vecs(v, b.count)
		for i := range r {
			b.load(src, i, nil, r[i])
		}
		s.exp(r)
		for i := range r {
			b.store(dst, i, r[i])
		}
	})
	VZEROUPPER()
	RET()
}

func sigmoid(v isa, e avx.Elem, t *consts) {
	d, x, n := unary(v, e, "sigmoid", "sets dst[i] = 1/(1 + e^−x[i]) over len(x) elements, as internal/exp.Sigmoid computes it.")
	s := newExp(v, t)
	one := v.Vec()
	e.Movu(t.one, one)
	pass(v, e, "sigmoid", []reg.GPVirtual{d, x}, n, func(b block) {
		xs, r := vecs(v, b.count), vecs(v, b.count)
		for i := range r {
			b.load(src, i, nil, xs[i])
			VORPS(t.sign, xs[i], r[i]) // −|x|
		}
		s.exp(r)
		for i := range r {
			num := v.numerator(e, xs[i], r[i], one) // e where x's sign bit is set, else 1
			e.Add(one, r[i], r[i])
			ops(e).div(r[i], num, r[i]) // num/(1 + e)
			b.store(dst, i, r[i])
		}
	})
	VZEROUPPER()
	RET()
}

func softmax(v isa, e avx.Elem, t *consts) {
	d, x, n := unary(v, e, "softmax", "sets dst to the softmax of x: e^(x[i]−m) / Σⱼ e^(x[j]−m), m the largest x[i].",
		"The sum is scaled by its reciprocal.")
	o := ops(e)
	s := newExp(v, t)
	u := unroll(v)

	Comment("m = the largest x[i] (a NaN may be passed over: it makes the sum NaN).")
	negInf := v.Vec()
	e.Movu(t.negInf, negInf)
	acc := vecs(v, u)
	for _, a := range acc {
		e.Movu(negInf, a)
	}
	pass(v, e, "max", []reg.GPVirtual{x}, n, func(b block) {
		for i := range b.count {
			r := v.Vec()
			b.load(0, i, negInf, r)
			o.max(r, acc[i], acc[i])
		}
	})
	m := reduce(v, e, o.max, acc)

	Comment("dst[i] = e^(x[i]−m), summed.")
	for _, a := range acc {
		e.Xor(a, a, a)
	}
	pass(v, e, "exp", []reg.GPVirtual{d, x}, n, func(b block) {
		r := vecs(v, b.count)
		for i := range r {
			b.load(src, i, nil, r[i])
			o.sub(m, r[i], r[i])
		}
		s.exp(r)
		for i := range r {
			b.store(dst, i, r[i])
			b.keep(r[i])
			e.Add(r[i], acc[i], acc[i])
		}
	})
	sum := reduce(v, e, e.Add, acc)

	Comment("dst[i] ·= 1/sum.")
	rcp := XMM()
	e.Movs(t.one, rcp)
	o.divs(sum.AsX(), rcp, rcp)
	o.broadcast(rcp, sum)
	pass(v, e, "scale", []reg.GPVirtual{d}, n, func(b block) {
		for i := range b.count {
			r := v.Vec()
			b.load(0, i, nil, r)
			e.Mul(sum, r, r)
			b.store(0, i, r)
		}
	})
	VZEROUPPER()
	RET()
}

// reduce combines the accumulators with op, lane by lane then across the
// lanes, and returns the result in every lane of a vector.
func reduce(v isa, e avx.Elem, op func(...Op), acc []reg.VecVirtual) reg.VecVirtual {
	a := acc[0]
	for _, b := range acc[1:] {
		op(b, a, a)
	}
	v.halve(op, a)
	x, t := a.AsX(), XMM()
	if e.Size == 4 {
		VMOVHLPS(x, x, t) // t[0:2] = x[2:4]
		op(t, x, x)
		VMOVSHDUP(x, t) // t[0] = x[1]
		op(t, x, x)
	} else {
		VPERMILPD(U8(1), x, t) // t[0] = x[1]
		op(t, x, x)
	}
	r := v.Vec()
	ops(e).broadcast(x, r)
	return r
}
