package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/simdkern/simdkern/internal/dispatch"
)

// gemmBuf holds the packing buffers of one goroutine: the packed A block,
// the packed B block and a scratch tile for the edges of C.
type gemmBuf[T Float] struct {
	a, b, t []T
}

// getGemmBuf returns packing buffers sized for micro-kernel mk from its
// pool.
func getGemmBuf[T Float](mk *gemmMicro[T]) *gemmBuf[T] {
	buf, _ := mk.bufs.Get().(*gemmBuf[T])
	if buf == nil {
		buf = &gemmBuf[T]{
			a: make([]T, mk.mc*mk.kc),
			b: make([]T, mk.kc*mk.nc),
			t: make([]T, mk.mr*mk.nr),
		}
	}
	return buf
}

// putGemmBuf returns buf to mk's pool.
func putGemmBuf[T Float](mk *gemmMicro[T], buf *gemmBuf[T]) { mk.bufs.Put(buf) }

// gemmPools are the pools of one micro-kernel: packing buffers and the state
// of parallel calls.
type gemmPools struct {
	bufs, splits gemmPool
}

// floatPools are a gemmPool for each element type: float32, then float64.
type floatPools [2]gemmPool

// poolOf returns the pool of T in p.
func poolOf[T Float](p *floatPools) *gemmPool {
	if dispatch.Is32[T]() {
		return &p[0]
	}
	return &p[1]
}

// gemmPool keeps the buffers of finished calls for the next ones, as a
// sync.Pool does, but as one last-in first-out list rather than one per P:
// a steady stream of calls, serial or parallel, takes back the very buffers
// it returned, whichever P its goroutines run on, and allocates nothing.
// Memory is still given back: after each garbage collection in which no
// call took a buffer, the list is emptied, so the megabytes a burst of
// concurrent products packed into are freed a collection or two after the
// burst.
type gemmPool struct {
	mu    sync.Mutex
	free  []any
	taken bool // a call took a buffer since the last collection
	once  sync.Once
}

// Get returns the buffer Put last, or nil.
func (p *gemmPool) Get() any {
	p.once.Do(func() { watchGC(p) })
	p.mu.Lock()
	defer p.mu.Unlock()
	p.taken = true
	n := len(p.free)
	if n == 0 {
		return nil
	}
	x := p.free[n-1]
	p.free[n-1] = nil
	p.free = p.free[:n-1]
	return x
}

// Put adds x to the list.
func (p *gemmPool) Put(x any) {
	p.mu.Lock()
	p.free = append(p.free, x)
	p.mu.Unlock()
}

// collected is called after each garbage collection.
func (p *gemmPool) collected() {
	p.mu.Lock()
	if !p.taken {
		clear(p.free)
		p.free = p.free[:0]
	}
	p.taken = false
	p.mu.Unlock()
}

// gcWatch holds the pools told of every garbage collection, and counts the
// collections they were told of (a test waits on the count: the cleanups
// run on a goroutine of their own, at no set time after the collection).
var gcWatch struct {
	sync.Mutex
	pools []*gemmPool
	told  atomic.Uint64
}

// watchGC has p told of every garbage collection from now on.
func watchGC(p *gemmPool) {
	gcWatch.Lock()
	defer gcWatch.Unlock()
	gcWatch.pools = append(gcWatch.pools, p)
	if len(gcWatch.pools) == 1 {
		armGC()
	}
}

// gcSentinel is an object made only to be collected; it holds a pointer so
// that it is not one of the tiny allocations the collector frees in batches.
type gcSentinel struct{ _ *gcSentinel }

// armGC makes an object that nothing references, whose cleanup, run after
// the collection that frees it, tells every pool and arms the next one.
func armGC() {
	runtime.AddCleanup(new(gcSentinel), func(struct{}) {
		gcWatch.Lock()
		pools := gcWatch.pools
		gcWatch.Unlock()
		for _, p := range pools {
			p.collected()
		}
		armGC()
		gcWatch.told.Add(1)
	}, struct{}{})
}
