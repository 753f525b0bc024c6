package main

import "github.com/simdkern/simdkern/asm/neon"

// moves loads and stores consecutive vectors of a stream, advancing its
// pointer: whole vectors, or, in the remainder, one element in lane 0 (a
// load zeroes the other lanes, a store writes only lane 0).
type moves struct {
	e      neon.Type
	scalar bool
}

// load loads count vectors of e at p into the registers from first.
func (m moves) load(fn *neon.Func, p neon.Reg, first, count int) {
	if m.scalar {
		fn.FMOV(neon.Post(p), m.e.Scalar(first))
		return
	}
	for i := 0; i < count; i += 4 {
		fn.VLD1(neon.Post(p), m.e.Vecs(first+i, min(4, count-i))...)
	}
}

// store stores count vectors from the registers from first to p.
func (m moves) store(fn *neon.Func, p neon.Reg, first, count int) {
	if m.scalar {
		fn.FMOV(m.e.Scalar(first), neon.Post(p))
		return
	}
	for i := 0; i < count; i += 4 {
		fn.VST1(m.e.Vecs(first+i, min(4, count-i)), neon.Post(p))
	}
}

// streamHooks are emitted around the unrolled loop, only when it runs.
type streamHooks struct {
	enter, leave func()
}

// stream emits a loop over n elements of streams whose pointers body
// advances through its moves: unroll vectors a pass, then one vector a
// pass, then the remaining elements one at a time, in lane 0. body(count,
// m) emits the work on count vectors (1 outside the unrolled loop). stream
// consumes n and ends at label done.
func stream(fn *neon.Func, e neon.Type, n neon.Reg, unroll int, h streamHooks, body func(count int, m moves)) {
	lanes := e.Lanes()
	fn.Comment("Passes of %d vectors.", unroll)
	fn.CMP(neon.Imm(unroll*lanes), n)
	fn.BLO("single")
	if h.enter != nil {
		h.enter()
	}
	fn.Label("unrolled")
	body(unroll, moves{e: e})
	fn.SUB(neon.Imm(unroll*lanes), n)
	fn.CMP(neon.Imm(unroll*lanes), n)
	fn.BHS("unrolled")
	if h.leave != nil {
		h.leave()
	}

	fn.Label("single")
	fn.Comment("Passes of one vector.")
	fn.CMP(neon.Imm(lanes), n)
	fn.BLO("tail")
	fn.Label("singleloop")
	body(1, moves{e: e})
	fn.SUB(neon.Imm(lanes), n)
	fn.CMP(neon.Imm(lanes), n)
	fn.BHS("singleloop")

	fn.Label("tail")
	fn.Comment("The remaining 0 to lanes−1 elements, one at a time in lane 0.")
	fn.CBZ(n, "done")
	fn.Label("tailloop")
	body(1, moves{e: e, scalar: true})
	fn.SUBS(neon.Imm(1), n, n)
	fn.BNE("tailloop")
	fn.Label("done")
}
