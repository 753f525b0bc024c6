package kernels

import (
	"fmt"
	"testing"

	"github.com/simdkern/simdkern/internal/kerneltest"
)

// TestNoAllocs checks on every path that no kernel allocates: the vector
// kernels, and the Gemm and GemmEpilogue on each of their routes (the small
// loops, few rows, few columns, the packed blocks), on one goroutine.
func TestNoAllocs(t *testing.T) {
	defer SetParallelism(SetParallelism(1))
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		testNoAllocs[float32](t)
		testNoAllocs[float64](t)
	})
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
	for name, f := range calls {
		if a := testing.AllocsPerRun(5, f); a != 0 {
			t.Errorf("%T %s allocates %v times per call, want 0", T(0), name, a)
		}
	}
}
