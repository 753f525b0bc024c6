package kernels

import "sync"

// gemmBuf holds the packing buffers of one goroutine: the packed A block,
// the packed B block and a scratch tile for the edges of C.
type gemmBuf[T Float] struct {
	a, b, t []T
}

// gemmBufs keeps packing buffers between calls, so that Gemm in steady
// state allocates nothing. Unlike a sync.Pool it is not emptied by the
// garbage collector: the buffers are megabytes, and reallocating them after
// every collection costs more than the product of a small matrix. It holds
// at most as many buffers as Gemm calls ever ran at once.
type gemmBufs[T Float] struct {
	mu   sync.Mutex
	free []*gemmBuf[T]
}

var (
	gemmBufs32 gemmBufs[float32]
	gemmBufs64 gemmBufs[float64]
)

func gemmBufsFor[T Float]() *gemmBufs[T] {
	if p, ok := any(&gemmBufs32).(*gemmBufs[T]); ok {
		return p
	}
	return any(&gemmBufs64).(*gemmBufs[T])
}

// getGemmBuf returns buffers large enough for micro-kernel mk.
func getGemmBuf[T Float](mk *gemmMicro[T]) *gemmBuf[T] {
	p := gemmBufsFor[T]()
	var buf *gemmBuf[T]
	p.mu.Lock()
	if n := len(p.free); n > 0 {
		buf = p.free[n-1]
		p.free = p.free[:n-1]
	}
	p.mu.Unlock()
	if buf == nil {
		buf = new(gemmBuf[T])
	}
	buf.a = grow(buf.a, mk.mc*mk.kc)
	buf.b = grow(buf.b, mk.kc*mk.nc)
	buf.t = grow(buf.t, mk.mr*mk.nr)
	return buf
}

// putGemmBuf returns buf to the free list.
func putGemmBuf[T Float](buf *gemmBuf[T]) {
	p := gemmBufsFor[T]()
	p.mu.Lock()
	p.free = append(p.free, buf)
	p.mu.Unlock()
}

// grow returns s with length n, reallocated if its capacity is smaller.
func grow[T Float](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
