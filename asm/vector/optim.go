package main

import (
	"math"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/simdkern/simdkern/asm/internal/avx"
)

// The optimizer steps are fused passes over a parameter vector w, its
// gradient g and the optimizer's state. Each operation is one instruction,
// rounded to the element type, in the order of the reference
// (internal/ref): no fused multiply-add, and the square root and division
// are IEEE's, correctly rounded. So the results are the reference's bits.

// ones holds 1 in each element type, by the type's name: the minuend of
// 1 − beta.
var ones = map[string]Mem{}

func declareOnes() {
	// The bits of 1, as Avo writes F32(1) as the integer $(1).
	ones[avx.F32.Name] = GLOBL("onef32", RODATA|NOPTR)
	DATA(0, U32(math.Float32bits(1)))
	ones[avx.F64.Name] = GLOBL("onef64", RODATA|NOPTR)
	DATA(0, U64(math.Float64bits(1)))
}

// step is an optimizer step being generated: its path, element type, the
// pointers of its slices (w first) and their length.
type step struct {
	v    isa
	e    avx.Elem
	ptrs []reg.GPVirtual
	n    reg.GPVirtual
	// The element type's subtraction, division and square root.
	vsub, vdiv, vsqrt func(...Op)
}

// beginStep starts the function <kernel><Type><ISA>(scalars T, slices []T)
// whose doc comment is the function's name followed by doc.
func beginStep(v isa, e avx.Elem, kernel, scalars string, slices []string, doc ...string) *step {
	name := kernel + e.Name + v.Name()
	sig := "func(" + scalars + " " + e.GoType + ", "
	for i, s := range slices {
		if i > 0 {
			sig += ", "
		}
		sig += s
	}
	TEXT(name, NOSPLIT, sig+" []"+e.GoType+")")
	Pragma("noescape")
	doc[0] = name + " " + doc[0]
	Doc(append(doc, "The other slices must be as long as w.")...)
	s := &step{v: v, e: e, vsub: VSUBPD, vdiv: VDIVPD, vsqrt: VSQRTPD}
	if e.Size == 4 {
		s.vsub, s.vdiv, s.vsqrt = VSUBPS, VDIVPS, VSQRTPS
	}
	for _, sl := range slices {
		s.ptrs = append(s.ptrs, loadGP(Param(sl).Base()))
	}
	s.n = loadGP(Param("w").Len())
	return s
}

// scalar returns the argument name in every lane.
func (s *step) scalar(name string) reg.VecVirtual {
	r := s.v.Vec()
	s.e.Broadcast(avx.Addr(Param(name)), r)
	return r
}

// oneMinus returns 1 − b, rounded.
func (s *step) oneMinus(b reg.VecVirtual) reg.VecVirtual {
	one := s.v.Vec()
	s.e.Broadcast(ones[s.e.Name], one)
	s.vsub(b, one, one)
	return one
}

// mul returns x·b, add x + b, div x/b, each rounded.
func (s *step) mul(x Op, b reg.VecVirtual) reg.VecVirtual { return s.op(s.e.Mul, x, b) }
func (s *step) add(x Op, b reg.VecVirtual) reg.VecVirtual { return s.op(s.e.Add, x, b) }
func (s *step) div(x reg.VecVirtual, b Op) reg.VecVirtual {
	r := s.v.Vec()
	s.vdiv(b, x, r)
	return r
}

func (s *step) op(inst func(...Op), x Op, b reg.VecVirtual) reg.VecVirtual {
	r := s.v.Vec()
	inst(x, b, r)
	return r
}

// descend stores w − num/(√r + eps) to stream w of l: the last line of
// Adagrad, RMSprop and Adam.
func (s *step) descend(l lane, num, r, eps reg.VecVirtual) {
	const w = 0
	s.vsqrt(r, r)
	s.e.Add(eps, r, r) // √r + eps
	q := s.div(num, r)
	x := l.reg(s.e, s.v, w)
	s.vsub(q, x, x) // w − num/(√r + eps)
	l.st(w, x)
}

// run emits the loop over the slices, body working on one vector of each,
// and the return.
func (s *step) run(body func(l lane)) {
	stream(s.v, s.e, s.n, s.ptrs, elementwiseUnroll, streamHooks{}, func(_ int, l lane) { body(l) })
	VZEROUPPER()
	RET()
}

func sgdMomentum(v isa, e avx.Elem) {
	const G, U = 1, 2
	s := beginStep(v, e, "sgdMomentum", "rate, momentum", []string{"w", "g", "u"},
		"sets u[i] = momentum·u[i] − rate·g[i], then w[i] += u[i], over len(w) elements.")
	rate, momentum := s.scalar("rate"), s.scalar("momentum")
	s.run(func(l lane) {
		u := s.mul(l.ld(U), momentum)
		s.vsub(s.mul(l.ld(G), rate), u, u) // momentum·u − rate·g
		l.st(U, u)
		w := l.reg(e, v, 0)
		e.Add(u, w, w)
		l.st(0, w)
	})
}

func adagrad(v isa, e avx.Elem) {
	s := beginStep(v, e, "adagrad", "rate, epsilon", []string{"w", "g", "c"},
		"sets c[i] += g[i]·g[i], then w[i] −= rate·g[i] / (√c[i] + epsilon), over len(w) elements.")
	rate, eps := s.scalar("rate"), s.scalar("epsilon")
	s.cacheStep(rate, eps, func(g reg.VecVirtual, c Op) reg.VecVirtual {
		return s.add(c, s.mul(g, g))
	})
}

func rmsprop(v isa, e avx.Elem) {
	s := beginStep(v, e, "rmsprop", "rate, rho, epsilon", []string{"w", "g", "c"},
		"sets c[i] = rho·c[i] + ((1−rho)·g[i])·g[i], then w[i] −= rate·g[i] / (√c[i] + epsilon),",
		"over len(w) elements.")
	rate, rho, eps := s.scalar("rate"), s.scalar("rho"), s.scalar("epsilon")
	a := s.oneMinus(rho)
	s.cacheStep(rate, eps, func(g reg.VecVirtual, c Op) reg.VecVirtual {
		return s.add(s.mul(c, rho), s.mul(g, s.mul(g, a)))
	})
}

// cacheStep emits the loop of Adagrad and RMSprop over the streams w, g
// and c: update returns the new c from g and c, then w −= rate·g / (√c +
// eps).
func (s *step) cacheStep(rate, eps reg.VecVirtual, update func(g reg.VecVirtual, c Op) reg.VecVirtual) {
	const G, C = 1, 2
	s.run(func(l lane) {
		g := l.reg(s.e, s.v, G)
		c := update(g, l.ld(C))
		l.st(C, c)
		s.descend(l, s.mul(g, rate), c, eps)
	})
}

func adam(v isa, e avx.Elem) {
	const G, M, V = 1, 2, 3
	s := beginStep(v, e, "adam", "rate, beta1, beta2, epsilon, c1, c2", []string{"w", "g", "m", "v"},
		"sets m[i] = beta1·m[i] + (1−beta1)·g[i] and v[i] = beta2·v[i] + ((1−beta2)·g[i])·g[i],",
		"then w[i] −= rate·(m[i]/c1) / (√(v[i]/c2) + epsilon), over len(w) elements.")
	rate, b1, b2 := s.scalar("rate"), s.scalar("beta1"), s.scalar("beta2")
	eps, c1, c2 := s.scalar("epsilon"), s.scalar("c1"), s.scalar("c2")
	a1, a2 := s.oneMinus(b1), s.oneMinus(b2)
	s.run(func(l lane) {
		g := l.reg(e, v, G)
		m := s.add(s.mul(l.ld(M), b1), s.mul(g, a1))
		l.st(M, m)
		sq := s.add(s.mul(l.ld(V), b2), s.mul(g, s.mul(g, a2)))
		l.st(V, sq)
		s.descend(l, s.mul(s.div(m, c1), rate), s.div(sq, c2), eps)
	})
}
