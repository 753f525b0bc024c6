package kernels

import "github.com/simdkern/simdkern/internal/dispatch"

// stepPartMin is the least elements worth a goroutine of their own in an
// optimizer step: about 3 µs of a Zen 5 core in Adam, ten times the
// hand-over to a worker that is polling (docs/tuning.md).
const stepPartMin = 1 << 14

// The optimizer steps a stepSplit runs.
const (
	stepSGDMomentum = iota
	stepAdagrad
	stepRMSprop
	stepAdam
)

// stepSplit is the pooled state of one optimizer step split between
// goroutines: which step, its scalar arguments in the order of its
// function, and w, g and the state slices (the last nil for the steps with
// one). Every element is computed by the same kernel with the same
// arguments however the vector is cut, so the bits do not depend on the
// split.
type stepSplit[T Float] struct {
	forkJoin
	kern  *dispatch.Kernels[T]
	step  int
	s     [6]T
	x     [4][]T
	parts int
}

// stepPools hold the stepSplits of float32 and float64.
var stepPools floatPools

// runStep runs the optimizer step on the active path, split into parts of
// at least stepPartMin elements between as many goroutines as
// SetParallelism allows and workers are free to take them.
func runStep[T Float](step int, s [6]T, w, g, u, v []T) {
	parts := max(1, min(gemmParallelism(), len(w)/stepPartMin, gemmMaxParts))
	if parts == 1 {
		stepRange(use[T](), step, &s, [4][]T{w, g, u, v}, 0, len(w))
		return
	}
	p, _ := poolOf[T](&stepPools).Get().(*stepSplit[T])
	if p == nil {
		p = new(stepSplit[T])
		p.init(p.part)
	}
	p.kern, p.step, p.s, p.x, p.parts = use[T](), step, s, [4][]T{w, g, u, v}, parts
	p.run(parts, parts)
	p.kern, p.x = nil, [4][]T{}
	poolOf[T](&stepPools).Put(p)
}

// part runs part i of p.parts: elements cut at multiples of 64, the last
// part to the end.
func (p *stepSplit[T]) part(i int) {
	n := len(p.x[0])
	lo, hi := i*n/p.parts&^63, (i+1)*n/p.parts&^63
	if i == p.parts-1 {
		hi = n
	}
	stepRange(p.kern, p.step, &p.s, p.x, lo, hi)
}

// stepRange runs the step on elements lo to hi of x with kernels k.
func stepRange[T Float](k *dispatch.Kernels[T], step int, s *[6]T, x [4][]T, lo, hi int) {
	w, g, u := x[0][lo:hi], x[1][lo:hi], x[2][lo:hi]
	switch step {
	case stepSGDMomentum:
		k.SGDMomentum(s[0], s[1], w, g, u)
	case stepAdagrad:
		k.Adagrad(s[0], s[1], w, g, u)
	case stepRMSprop:
		k.RMSprop(s[0], s[1], s[2], w, g, u)
	case stepAdam:
		k.Adam(s[0], s[1], s[2], s[3], s[4], s[5], w, g, u, x[3][lo:hi])
	}
}
