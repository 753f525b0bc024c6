package main

import (
	"strconv"

	. "github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/gotypes"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/simdkern/simdkern/asm/internal/avx"
)

// lane is one vector of each stream: ld(s) is vector s of the streams as an
// operand (memory, or a register in the masked remainder), st(s, r) stores r
// there.
type lane struct {
	ld func(s int) Op
	st func(s int, r reg.VecVirtual)
}

// reg returns ld(s) in a register, loading it if it is in memory.
func (l lane) reg(e avx.Elem, v isa, s int) reg.VecVirtual {
	op := l.ld(s)
	if r, ok := op.(reg.VecVirtual); ok {
		return r
	}
	r := v.Vec()
	e.Movu(op, r)
	return r
}

// streamHooks are emitted around the unrolled loop, only when it runs.
type streamHooks struct {
	enter, leave func()
}

// stream emits a loop over the n elements of the slices at ptrs: unroll
// vectors a pass, then one vector a pass, then the remainder with a mask.
// body(k, l) emits the work on the k-th vector of a pass (k is 0 outside the
// unrolled loop). stream advances ptrs and consumes n; it ends at label done.
func stream(v isa, e avx.Elem, n reg.GPVirtual, ptrs []reg.GPVirtual, unroll int, h streamHooks, body func(k int, l lane)) {
	lanes := v.Lanes(e)
	full := func(k int) lane {
		return lane{
			ld: func(s int) Op { return Mem{Base: ptrs[s]}.Offset(k * v.Bytes()) },
			st: func(s int, r reg.VecVirtual) { e.Movu(r, Mem{Base: ptrs[s]}.Offset(k*v.Bytes())) },
		}
	}
	advance := func(vecs int) {
		for _, p := range ptrs {
			ADDQ(U32(vecs*v.Bytes()), p)
		}
		SUBQ(U32(vecs*lanes), n)
	}

	Comment("Passes of " + strconv.Itoa(unroll) + " vectors.")
	CMPQ(n, U32(unroll*lanes))
	JB(LabelRef("single"))
	if h.enter != nil {
		h.enter()
	}
	Label("unrolled")
	for k := 0; k < unroll; k++ {
		body(k, full(k))
	}
	advance(unroll)
	CMPQ(n, U32(unroll*lanes))
	JAE(LabelRef("unrolled"))
	if h.leave != nil {
		h.leave()
	}

	Label("single")
	Comment("Passes of one vector.")
	CMPQ(n, U32(lanes))
	JB(LabelRef("tail"))
	Label("singleloop")
	body(0, full(0))
	advance(1)
	CMPQ(n, U32(lanes))
	JAE(LabelRef("singleloop"))

	Label("tail")
	Comment("The remaining 0 to lanes−1 elements, masked.")
	TESTQ(n, n)
	JZ(LabelRef("done"))
	mask := v.tailMask(e, n)
	body(0, lane{
		ld: func(s int) Op {
			r := v.Vec()
			v.loadMasked(e, Mem{Base: ptrs[s]}, mask, r)
			return r
		},
		st: func(s int, r reg.VecVirtual) { v.storeMasked(e, r, mask, Mem{Base: ptrs[s]}) },
	})
	Label("done")
}

// loadGP loads the argument c into a new general-purpose register.
func loadGP(c gotypes.Component) reg.GPVirtual {
	r := GP64()
	Load(c, r)
	return r
}
