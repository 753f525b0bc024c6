package kernels

import (
	"runtime"
	"sync"
)

// gemmPartMin is the least work, in multiply-adds, worth a goroutine of its
// own: about 100 µs of one core, against a few µs to hand a part over.
const gemmPartMin = 1 << 23

// gemmMaxParts bounds the number of goroutines one Gemm uses.
const gemmMaxParts = 64

// run computes the product, split into parts over the rows or the columns of
// C when it is large enough and GOMAXPROCS allows. Part boundaries fall on
// tile boundaries, so every element is computed exactly as serial would.
func (g *gemmArgs[T]) run() {
	work := g.m * g.n * g.k
	if work < 2*gemmPartMin {
		g.serial()
		return
	}
	byRows := g.m >= g.n
	tiles, step := (g.n+g.mk.nr-1)/g.mk.nr, g.mk.nr
	if byRows {
		tiles, step = (g.m+g.mk.mr-1)/g.mk.mr, g.mk.mr
	}
	parts := min(runtime.GOMAXPROCS(0), work/gemmPartMin, tiles, gemmMaxParts)
	if parts <= 1 {
		g.serial()
		return
	}
	s := getGemmSplit[T]()
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
			part.c = g.c[lo*g.ldc:]
		} else {
			hi = min(hi, g.n)
			part.n = hi - lo
			if g.transB {
				part.b = g.b[lo*g.ldb:]
			} else {
				part.b = g.b[lo:]
			}
			part.c = g.c[lo:]
		}
		lo = hi
		if p > 0 {
			gemmJobs <- part
		}
	}
	s.parts[0].serial()
	s.wg.Wait()
	clear(s.parts[:parts]) // drop references to the caller's matrices
	gemmSplitPool[T]().Put(s)
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

var gemmSplits32, gemmSplits64 sync.Pool

func gemmSplitPool[T Float]() *sync.Pool {
	var z T
	if _, ok := any(z).(float32); ok {
		return &gemmSplits32
	}
	return &gemmSplits64
}

func getGemmSplit[T Float]() *gemmSplit[T] {
	if s, ok := gemmSplitPool[T]().Get().(*gemmSplit[T]); ok {
		return s
	}
	return new(gemmSplit[T])
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
