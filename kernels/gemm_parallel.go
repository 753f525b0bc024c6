package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// gemmPartMin is the least work, in multiply-adds, worth a goroutine of its
// own: about 100 µs of one core, against a few µs to hand a part over.
const gemmPartMin = 1 << 23

// gemmMaxParts bounds the number of goroutines one Gemm uses.
const gemmMaxParts = 64

// gemmProcs is the setting of SetParallelism: 0 for GOMAXPROCS.
var gemmProcs atomic.Int64

// SetParallelism sets the most goroutines one Gemm call computes on, the
// caller's included, and returns the previous setting. n < 1 restores the
// default, GOMAXPROCS at the time of each call; n = 1 keeps every Gemm on
// the calling goroutine. Gemm splits a product only when it has more than
// about 2²⁴ multiply-adds, over rows or columns of C, so the result has the
// same bits whatever the setting. The goroutines Gemm hands parts to are
// started on first need and park between calls. Safe for concurrent use; a
// call in flight keeps the setting it started with.
func SetParallelism(n int) (previous int) {
	return int(gemmProcs.Swap(int64(max(n, 0))))
}

// gemmParallelism returns the most goroutines a Gemm call may use now.
func gemmParallelism() int {
	if n := int(gemmProcs.Load()); n > 0 {
		return n
	}
	return runtime.GOMAXPROCS(0)
}

// run computes the product, split into parts over the rows or the columns of
// C when it is large enough and GOMAXPROCS allows. Part boundaries fall on
// tile boundaries, so every element is computed exactly as serial would.
func (g *gemmArgs[T]) run() {
	byRows, tiles, step, parts := g.split()
	if parts <= 1 {
		g.serial()
		return
	}
	s, _ := g.mk.splits.Get().(*gemmSplit[T])
	if s == nil {
		s = new(gemmSplit[T])
	}
	s.wg.Add(parts - 1)
	startGemmWorkers(parts - 1)
	lo := 0
	for p := range parts {
		hi := (p + 1) * tiles / parts * step
		part := &s.parts[p]
		*part = gemmPart[T]{gemmArgs: *g, wg: &s.wg}
		if byRows {
			hi = min(hi, g.m)
			part.m = hi - lo
			if g.transA {
				part.a = g.a[lo:]
			} else {
				part.a = g.a[lo*g.lda:]
			}
			part.c = g.c[g.at(lo, 0):]
			part.ep = g.epAt(lo, 0)
		} else {
			hi = min(hi, g.n)
			part.n = hi - lo
			if g.transB {
				part.b = g.b[lo*g.ldb:]
			} else {
				part.b = g.b[lo:]
			}
			part.c = g.c[g.at(0, lo):]
			part.ep = g.epAt(0, lo)
		}
		lo = hi
		if p > 0 {
			gemmJobs <- part
		}
	}
	s.parts[0].serial()
	s.wg.Wait()
	clear(s.parts[:parts]) // drop references to the caller's matrices
	g.mk.splits.Put(s)
}

// split returns how run divides the product: over rows (or columns) of C,
// in tiles of step rows (columns), into parts.
func (g *gemmArgs[T]) split() (byRows bool, tiles, step, parts int) {
	byRows = g.m >= g.n
	tiles, step = (g.n+g.mk.nr-1)/g.mk.nr, g.mk.nr
	if byRows {
		tiles, step = (g.m+g.mk.mr-1)/g.mk.mr, g.mk.mr
	}
	work := g.m * g.n * g.k
	if work < 2*gemmPartMin {
		return byRows, tiles, step, 1
	}
	return byRows, tiles, step, min(gemmParallelism(), work/gemmPartMin, tiles, gemmMaxParts)
}

// gemmPart is the part of a Gemm one worker computes.
type gemmPart[T Float] struct {
	gemmArgs[T]
	wg *sync.WaitGroup
}

func (p *gemmPart[T]) work() {
	p.serial()
	p.wg.Done()
}

// gemmSplit is the pooled state of one parallel Gemm.
type gemmSplit[T Float] struct {
	parts [gemmMaxParts]gemmPart[T]
	wg    sync.WaitGroup
}

// gemmJob is a part of a Gemm handed to a worker.
type gemmJob interface{ work() }

// gemmJobs feeds the workers: long-lived goroutines, started on demand up
// to the largest number of parts any Gemm has used, that park on the channel
// between calls.
var (
	gemmJobs    = make(chan gemmJob)
	gemmWorkers struct {
		sync.Mutex
		n int
	}
)

func startGemmWorkers(n int) {
	gemmWorkers.Lock()
	defer gemmWorkers.Unlock()
	for ; gemmWorkers.n < n; gemmWorkers.n++ {
		go gemmWorker()
	}
}

func gemmWorker() {
	for j := range gemmJobs {
		j.work()
	}
}
