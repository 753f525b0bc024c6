package kernels

import (
	"fmt"
	"runtime/debug"
	"testing"

	"github.com/simdkern/simdkern/internal/kerneltest"
)

// TestNoAllocs checks on every path that no kernel allocates: the vector
// kernels, and the Gemm, GemmEpilogue and GemmBatch on each of their routes
// (the small loops, few rows, few columns, the packed blocks), on one
// goroutine.
func TestNoAllocs(t *testing.T) {
	defer SetParallelism(SetParallelism(1))
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		testNoAllocs[float32](t)
		testNoAllocs[float64](t)
	})
}

// TestNoAllocsParallel checks that a Gemm split between goroutines and a
// GemmBatch run side by side allocate nothing either, once the workers run.
// A collection in which no call took a buffer empties the pools of packing
// buffers (gemmPool), by design, and the next call allocates new ones; the
// collector is off, but one that ended before the test may still empty a
// pool (cleanups run late), so the average is taken over 50 calls, where
// such a one-off refill rounds to 0.
func TestNoAllocsParallel(t *testing.T) {
	defer SetParallelism(SetParallelism(2))
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		if ISA() == "generic" {
			t.Skip("the generic path computes every product on the calling goroutine")
		}
		testNoAllocsParallel[float32](t)
		testNoAllocsParallel[float64](t)
	})
}

func testNoAllocsParallel[T Float](t *testing.T) {
	const m, n, k = 300, 260, 240 // split in two
	a, b := make([]T, m*k), make([]T, k*n)
	c, d, e := make([]T, m*n), make([]T, m*n), make([]T, m*k)
	x, z := make([]T, 1024*256), make([]T, 1024*256)
	ops := []GemmOp[T]{
		{M: m, N: n, K: k, Alpha: 1, A: a, LDA: k, B: b, LDB: n, C: c, LDC: n},
		{TransB: true, M: m, N: k, K: n, Alpha: 1, A: d, LDA: n, B: b, LDB: n, C: e, LDC: k},
	}
	calls := map[string]func(){
		"Gemm":           func() { Gemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n) },
		"GemmBatch":      func() { GemmBatch(ops) },
		"GemmBatch/one":  func() { GemmBatch(ops[:1]) },
		"ColSum":         func() { ColSum(c[:256], x, 1024, 256, 256) },    // split by blocks of rows
		"ReLUMaskColSum": func() { ReLUMaskColSum(x, c[:256], x, z, 256) }, // likewise
	}
	for name, f := range calls {
		if a := testing.AllocsPerRun(50, f); a != 0 {
			t.Errorf("%T %s allocates %v times per call, want 0", T(0), name, a)
		}
	}
}

func testNoAllocs[T Float](t *testing.T) {
	const n = 200
	x, y, z, s := make([]T, n*n), make([]T, n*n), make([]T, n*n), make([]T, n)
	for i := range x {
		x[i], y[i], z[i] = T(i%7)-3, T(i%5)-2, T(i%3)-1
	}
	calls := map[string]func(){
		"Dot":            func() { Dot(x, y) },
		"Axpy":           func() { Axpy(2, x, y) },
		"ColSum":         func() { ColSum(s, x, n, n, n) },
		"ReLU":           func() { ReLU(y, x) },
		"ReLUMask":       func() { ReLUMask(y, x, z) },
		"ReLUMaskColSum": func() { ReLUMaskColSum(y, s, x, z, n) },
		"Exp":            func() { Exp(y, x) },
		"Sigmoid":        func() { Sigmoid(y, x) },
		"Softmax":        func() { Softmax(y, x) },
		"SGDMomentum":    func() { SGDMomentum(0.1, 0.9, x, y, z) },
		"Adagrad":        func() { Adagrad(0.1, 1e-7, x, y, z) },
		"RMSprop":        func() { RMSprop(0.1, 0.9, 1e-7, x, y, z) },
		"Adam":           func() { Adam(0.1, 0.9, 0.999, 1e-7, 0.1, 0.001, x[:n], y[:n], z[:n], s) },
	}
	for _, sz := range [][3]int{{4, 5, 6}, {1, 150, 100}, {150, 3, 100}, {2, 100, 3}, {130, 120, 110}} {
		m, nn, k := sz[0], sz[1], sz[2]
		for layout := range 4 {
			ta, tb := layout&2 != 0, layout&1 != 0
			lda, ldb := k, nn
			if ta {
				lda = m
			}
			if tb {
				ldb = k
			}
			name := fmt.Sprintf("%dx%dx%d/transA=%v/transB=%v", m, nn, k, ta, tb)
			calls["Gemm/"+name] = func() { Gemm(ta, tb, m, nn, k, 1, x, lda, y, ldb, 1, z, nn) }
			calls["GemmEpilogue/"+name] = func() {
				GemmEpilogue(ta, tb, m, nn, k, 1, x, lda, y, ldb, 0, z, nn, Epilogue[T]{Bias: s[:nn], ReLU: z, LDReLU: nn})
			}
		}
	}
	w := make([]T, 150*3)
	batch := []GemmOp[T]{
		{M: 130, N: 120, K: 110, Alpha: 1, A: x, LDA: 110, B: y, LDB: 120, C: z, LDC: 120},
		{M: 150, N: 3, K: 100, Alpha: 1, A: y, LDA: 100, B: x, LDB: 3, C: w, LDC: 3}, // few columns
	}
	calls["GemmBatch"] = func() { GemmBatch(batch) }
	for name, f := range calls {
		if a := testing.AllocsPerRun(5, f); a != 0 {
			t.Errorf("%T %s allocates %v times per call, want 0", T(0), name, a)
		}
	}
}
