package main

import (
	"math"
	"strings"

	"github.com/simdkern/simdkern/asm/neon"
)

// The optimizer steps are fused passes over a parameter vector w, its
// gradient g and the optimizer's state. Each operation is one instruction,
// rounded to the element type, in the order of the reference
// (internal/ref): no fused multiply-add, and FSQRT and FDIV are IEEE's,
// correctly rounded. So the results are the reference's bits.
//
// Registers: the scalars, broadcast, from V0; the streams' vectors in
// blocks of elementwiseUnroll from V8 (w, then g, then the state), a block
// of temporaries after them. Stream i is loaded through Ri and stored
// through R(4+i).

// step is an optimizer step being generated.
type step struct {
	fn      *neon.Func
	e       neon.Type
	streams int
	n       neon.Reg
	tmp     int // the first temporary register
}

const stepStreams = 8 // the first stream register

// beginStep starts the function <kernel><Type>NEON(scalars T, slices []T),
// whose doc comment is the function's name followed by doc, and broadcasts
// the scalars to V0, V1, … in order.
func beginStep(f *neon.File, e neon.Type, kernel string, scalars, slices []string, doc ...string) *step {
	name := kernel + e.Name + "NEON"
	doc[0] = name + " " + doc[0]
	fn := f.Func(name, "func("+strings.Join(scalars, ", ")+" "+e.GoType+", "+strings.Join(slices, ", ")+" []"+e.GoType+")",
		append(doc, "The other slices must be as long as w.")...)
	s := &step{fn: fn, e: e, streams: len(slices), n: neon.R(8)}
	s.tmp = stepStreams + len(slices)*elementwiseUnroll
	for i, sc := range scalars {
		fn.FMOV(fn.Param(sc), e.Scalar(i))
		fn.VDUP(e.Lane(i, 0), e.Vec(i))
	}
	for i, sl := range slices {
		fn.MOVD(fn.Base(sl), neon.R(i))
		fn.MOVD(neon.R(i), neon.R(4+i))
	}
	fn.MOVD(fn.Len("w"), s.n)
	return s
}

// oneMinus sets vector d to 1 − vector b, rounded.
func (s *step) oneMinus(b, d int) {
	t := neon.R(9)
	one := uint64(math.Float64bits(1))
	if s.e.Size == 4 {
		one = uint64(math.Float32bits(1))
	}
	s.fn.MOVD(neon.Imm(one), t)
	s.fn.FMOV(t, s.e.Scalar(d))
	s.fn.VDUP(s.e.Lane(d, 0), s.e.Vec(d))
	s.fn.FSUB(s.e.Vec(b), s.e.Vec(d), s.e.Vec(d))
}

// vec returns the register of vector k of stream i.
func (s *step) vec(i, k int) neon.Vec { return s.e.Vec(stepStreams + i*elementwiseUnroll + k) }

// temp returns temporary register k.
func (s *step) temp(k int) neon.Vec { return s.e.Vec(s.tmp + k) }

// run emits the loop over the slices: body(count, ld, st) works on count
// vectors of each stream, loading stream i with ld(i) and storing it with
// st(i).
func (s *step) run(body func(count int, ld, st func(i int))) {
	fn := s.fn
	stream(fn, s.e, s.n, elementwiseUnroll, streamHooks{}, func(count int, m moves) {
		body(count,
			func(i int) { m.load(fn, neon.R(i), stepStreams+i*elementwiseUnroll, count) },
			func(i int) { m.store(fn, neon.R(4+i), stepStreams+i*elementwiseUnroll, count) })
	})
	fn.RET()
}

// descend sets w = w − num/(√r + eps), r and num being count vectors from
// the registers of stream r and the temporaries, and stores w (stream 0).
func (s *step) descend(count, r int, eps neon.Vec, st func(int)) {
	for k := range count {
		rk, q := s.vec(r, k), s.temp(k)
		s.fn.FSQRT(rk, rk)
		s.fn.FADD(eps, rk, rk)                 // √r + eps
		s.fn.FDIV(rk, q, q)                    // num/(√r + eps)
		s.fn.FSUB(q, s.vec(0, k), s.vec(0, k)) // w − num/(√r + eps)
	}
	st(0)
}

func sgdMomentum(f *neon.File, e neon.Type) {
	const W, G, U = 0, 1, 2
	s := beginStep(f, e, "sgdMomentum", []string{"rate", "momentum"}, []string{"w", "g", "u"},
		"sets u[i] = momentum·u[i] − rate·g[i], then w[i] += u[i], over len(w) elements.")
	rate, momentum := e.Vec(0), e.Vec(1)
	s.run(func(count int, ld, st func(int)) {
		ld(W)
		ld(G)
		ld(U)
		for k := range count {
			u, t := s.vec(U, k), s.temp(k)
			s.fn.FMUL(momentum, u, u)       // momentum·u
			s.fn.FMUL(rate, s.vec(G, k), t) // rate·g
			s.fn.FSUB(t, u, u)              // momentum·u − rate·g
			s.fn.FADD(u, s.vec(W, k), s.vec(W, k))
		}
		st(U)
		st(W)
	})
}

func adagrad(f *neon.File, e neon.Type) {
	s := beginStep(f, e, "adagrad", []string{"rate", "epsilon"}, []string{"w", "g", "c"},
		"sets c[i] += g[i]·g[i], then w[i] −= rate·g[i] / (√c[i] + epsilon), over len(w) elements.")
	s.cacheStep(e.Vec(0), e.Vec(1), func(g, c, t neon.Vec) {
		s.fn.FMUL(g, g, t) // g·g
		s.fn.FADD(t, c, c) // c + g·g
	})
}

func rmsprop(f *neon.File, e neon.Type) {
	s := beginStep(f, e, "rmsprop", []string{"rate", "rho", "epsilon"}, []string{"w", "g", "c"},
		"sets c[i] = rho·c[i] + ((1−rho)·g[i])·g[i], then w[i] −= rate·g[i] / (√c[i] + epsilon),",
		"over len(w) elements.")
	rho, a := e.Vec(1), e.Vec(3)
	s.oneMinus(1, 3)
	s.cacheStep(e.Vec(0), e.Vec(2), func(g, c, t neon.Vec) {
		s.fn.FMUL(rho, c, c) // rho·c
		s.fn.FMUL(a, g, t)   // (1−rho)·g
		s.fn.FMUL(g, t, t)   // ((1−rho)·g)·g
		s.fn.FADD(t, c, c)
	})
}

// cacheStep emits the loop of Adagrad and RMSprop over the streams w, g
// and c: update sets a vector of c from g (t a temporary), then
// w −= rate·g / (√c + eps).
func (s *step) cacheStep(rate, eps neon.Vec, update func(g, c, t neon.Vec)) {
	const W, G, C = 0, 1, 2
	s.run(func(count int, ld, st func(int)) {
		ld(W)
		ld(G)
		ld(C)
		for k := range count {
			g, t := s.vec(G, k), s.temp(k)
			update(g, s.vec(C, k), t)
			s.fn.FMUL(rate, g, t)
		}
		st(C)
		s.descend(count, C, eps, st)
	})
}

func adam(f *neon.File, e neon.Type) {
	const W, G, M, V = 0, 1, 2, 3
	s := beginStep(f, e, "adam", []string{"rate", "beta1", "beta2", "epsilon", "c1", "c2"}, []string{"w", "g", "m", "v"},
		"sets m[i] = beta1·m[i] + (1−beta1)·g[i] and v[i] = beta2·v[i] + ((1−beta2)·g[i])·g[i],",
		"then w[i] −= rate·(m[i]/c1) / (√(v[i]/c2) + epsilon), over len(w) elements.")
	rate, b1, b2, eps, c1, c2, a1, a2 := e.Vec(0), e.Vec(1), e.Vec(2), e.Vec(3), e.Vec(4), e.Vec(5), e.Vec(6), e.Vec(7)
	s.oneMinus(1, 6)
	s.oneMinus(2, 7)
	s.run(func(count int, ld, st func(int)) {
		ld(W)
		ld(G)
		ld(M)
		ld(V)
		for k := range count {
			g, m, t := s.vec(G, k), s.vec(M, k), s.temp(k)
			s.fn.FMUL(b1, m, m) // beta1·m
			s.fn.FMUL(a1, g, t) // (1−beta1)·g
			s.fn.FADD(t, m, m)
		}
		st(M)
		for k := range count {
			g, v, t := s.vec(G, k), s.vec(V, k), s.temp(k)
			s.fn.FMUL(b2, v, v) // beta2·v
			s.fn.FMUL(a2, g, t) // (1−beta2)·g
			s.fn.FMUL(g, t, t)  // ((1−beta2)·g)·g
			s.fn.FADD(t, v, v)
		}
		st(V)
		for k := range count {
			m, v, t := s.vec(M, k), s.vec(V, k), s.temp(k)
			s.fn.FDIV(c1, m, t)   // m/c1
			s.fn.FMUL(rate, t, t) // rate·(m/c1)
			s.fn.FDIV(c2, v, v)   // v/c2
		}
		s.descend(count, V, eps, st)
	})
}
