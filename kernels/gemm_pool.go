package kernels

import "sync"

// gemmBuf holds the packing buffers of one goroutine: the packed A block,
// the packed B block and a scratch tile for the edges of C.
type gemmBuf[T Float] struct {
	a, b, t []T
}

// gemmBufs pools packing buffers, one pool per element type, so that a
// Gemm in steady state allocates nothing.
var gemmBufs32, gemmBufs64 sync.Pool

func gemmBufPool[T Float]() *sync.Pool {
	var z T
	if _, ok := any(z).(float32); ok {
		return &gemmBufs32
	}
	return &gemmBufs64
}

// getGemmBuf returns buffers large enough for micro-kernel mk.
func getGemmBuf[T Float](mk *gemmMicro[T]) *gemmBuf[T] {
	buf, _ := gemmBufPool[T]().Get().(*gemmBuf[T])
	if buf == nil {
		buf = new(gemmBuf[T])
	}
	buf.a = grow(buf.a, mk.mc*mk.kc)
	buf.b = grow(buf.b, mk.kc*mk.nc)
	buf.t = grow(buf.t, mk.mr*mk.nr)
	return buf
}

func putGemmBuf[T Float](buf *gemmBuf[T]) { gemmBufPool[T]().Put(buf) }

// grow returns s with length n, reallocated if its capacity is smaller.
func grow[T Float](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
