package main

import (
	"math"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/simdkern/simdkern/asm/internal/avx"
	"github.com/simdkern/simdkern/internal/exp"
)

// elemOps are the instructions of an element type that avx.Elem lacks.
type elemOps struct {
	sub, max, min, div, divs, shl func(...Op)
	broadcast                     func(...Op)
	blend                         func(mask, src2, src1, dst Op) // dst = src2 where mask, else src1
}

func ops(e avx.Elem) elemOps {
	if e.Size == 4 {
		return elemOps{VSUBPS, VMAXPS, VMINPS, VDIVPS, VDIVSS, VPSLLD, VBROADCASTSS,
			func(m, a, b, d Op) { VBLENDVPS(m, a, b, d) }}
	}
	return elemOps{VSUBPD, VMAXPD, VMINPD, VDIVPD, VDIVSD, VPSLLQ, VBROADCASTSD,
		func(m, a, b, d Op) { VBLENDVPD(m, a, b, d) }}
}

// consts is the table of the exponential's constants for one path and
// element type, each repeated across a vector of the widest path (64
// bytes), so that any of them is a vector operand in memory.
type consts struct {
	e                                         avx.Elem
	c                                         exp.Consts[float64]
	lo, hi, log2e, shifter, c1, c2, half, one Mem
	bias, negInf, sign                        Mem
	even, odd                                 []Mem
}

// declareConsts declares the table of e's constants, once per element type.
func declareConsts(v isa, e avx.Elem) *consts {
	if c, ok := tables[e.Name]; ok {
		return c
	}
	c := exp.F64.Float64()
	if e.Size == 4 {
		c = exp.F32.Float64()
	}
	t := &consts{e: e, c: c}
	g := GLOBL("exp"+e.Name, RODATA|NOPTR)
	off := 0
	add := func(x float64) Mem {
		m := g.Offset(off)
		for i := 0; i < 64; i += e.Size {
			if e.Size == 4 {
				DATA(off+i, U32(math.Float32bits(float32(x))))
			} else {
				DATA(off+i, U64(math.Float64bits(x)))
			}
		}
		off += 64
		return m
	}
	t.lo, t.hi, t.log2e, t.shifter = add(c.Lo), add(c.Hi), add(c.Log2e), add(c.Shifter)
	t.c1, t.c2, t.half, t.one, t.bias = add(c.C1), add(c.C2), add(c.Half), add(c.One), add(c.Bias)
	t.negInf, t.sign = add(math.Inf(-1)), add(math.Copysign(0, -1))
	for i := range c.Even {
		t.even = append(t.even, add(c.Even[i]))
		t.odd = append(t.odd, add(c.Odd[i]))
	}
	tables[e.Name] = t
	return t
}

var tables = map[string]*consts{}

// expState holds the constants a kernel keeps in registers: the clamp
// bounds, whose NaN-keeping comparisons need them there.
type expState struct {
	v      isa
	t      *consts
	lo, hi reg.VecVirtual
}

func newExp(v isa, t *consts) *expState {
	s := &expState{v: v, t: t, lo: v.Vec(), hi: v.Vec()}
	t.e.Movu(t.lo, s.lo)
	t.e.Movu(t.hi, s.hi)
	return s
}

// exp sets each xs[i] to e^xs[i], the vectors interleaved, by the
// operations of internal/exp.Of.
func (s *expState) exp(xs []reg.VecVirtual) {
	e, o, t := s.t.e, ops(s.t.e), s.t
	each := func(f func(i int, x reg.VecVirtual)) {
		for i, x := range xs {
			f(i, x)
		}
	}
	n := len(xs)
	k, u, p, q := make([]reg.VecVirtual, n), make([]reg.VecVirtual, n), make([]reg.VecVirtual, n), make([]reg.VecVirtual, n)
	each(func(i int, x reg.VecVirtual) {
		k[i], u[i], p[i], q[i] = s.v.Vec(), s.v.Vec(), s.v.Vec(), s.v.Vec()
		o.max(x, s.lo, x) // x if NaN
		o.min(x, s.hi, x) // x if NaN
	})
	Comment("k = round(x·log2e), r = x − k·ln2")
	each(func(i int, x reg.VecVirtual) {
		e.Mul(t.log2e, x, k[i])
		e.Add(t.shifter, k[i], k[i])
		o.sub(t.shifter, k[i], k[i])
	})
	each(func(i int, x reg.VecVirtual) {
		e.Mul(t.c1, k[i], u[i])
		o.sub(u[i], x, x)
		e.Mul(t.c2, k[i], u[i])
		o.sub(u[i], x, x) // r
	})
	Comment("e^r = (((po·r + pe)·z) + r) + 1, z = r², pe and po P's even and odd terms in z")
	each(func(i int, r reg.VecVirtual) {
		e.Mul(r, r, u[i]) // z
		e.Movu(t.even[0], p[i])
		e.Movu(t.odd[0], q[i])
	})
	for j := 1; j < len(t.even); j++ {
		each(func(i int, _ reg.VecVirtual) {
			e.Mul(u[i], p[i], p[i])
			e.Add(t.even[j], p[i], p[i])
			e.Mul(u[i], q[i], q[i])
			e.Add(t.odd[j], q[i], q[i])
		})
	}
	each(func(i int, r reg.VecVirtual) {
		e.Mul(r, q[i], q[i])
		e.Add(q[i], p[i], p[i])
		e.Mul(u[i], p[i], p[i])
		e.Add(r, p[i], p[i])
		e.Add(t.one, p[i], p[i])
	})
	Comment("·2^k1·2^k2, k1 + k2 = k, from the bits of k1 + bias and k2 + bias")
	each(func(i int, x reg.VecVirtual) {
		e.Mul(t.half, k[i], x)
		e.Add(t.bias, x, x) // h: k1 + bias
		o.sub(t.bias, x, u[i])
		o.sub(u[i], k[i], k[i])
		e.Add(t.bias, k[i], k[i]) // g: k2 + bias
		o.shl(U8(t.c.Shift), x, x)
		o.shl(U8(t.c.Shift), k[i], k[i])
		e.Mul(x, p[i], p[i])
		e.Mul(k[i], p[i], x)
	})
}
