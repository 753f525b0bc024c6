package kernels

import "sync"

// gemmBuf holds the packing buffers of one goroutine: the packed A block,
// the packed B block and a scratch tile for the edges of C.
type gemmBuf[T Float] struct {
	a, b, t []T
}

// getGemmBuf returns packing buffers sized for micro-kernel mk from its
// pool. The pool keeps buffers between calls, so that Gemm in steady state
// allocates nothing, and, being a sync.Pool, lets the garbage collector free
// the ones no call has used for two collections: the megabytes a burst of
// concurrent products packed into are given back once the work is over.
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
	bufs, splits sync.Pool
}
