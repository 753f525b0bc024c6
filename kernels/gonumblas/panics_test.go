package gonumblas

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdkern/simdkern/internal/kerneltest"
	"github.com/simdkern/simdkern/kernels"
	"gonum.org/v1/gonum/blas"
)

// Calls gonum rejects must panic with gonum's value; calls gonum accepts and
// package kernels would refuse (empty matrices with short slices, shared
// memory) must not panic and must give gonum's result.

func TestPanicsMatchGonum(t *testing.T) {
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		t.Run("float32", testPanics[float32])
		t.Run("float64", testPanics[float64])
	})
}

func testPanics[T kernels.Float](t *testing.T) {
	s := make([]T, 64)
	const N, X = blas.NoTrans, blas.Trans
	calls := []struct {
		name string
		call func(r routines[T])
	}{
		{"gemm bad tA", func(r routines[T]) { r.gemm('X', N, 2, 2, 2, 1, s, 2, s, 2, 0, s[32:], 2) }},
		{"gemm bad tB before m < 0", func(r routines[T]) { r.gemm(N, 'X', -1, 2, 2, 1, s, 2, s, 2, 0, s[32:], 2) }},
		{"gemm m < 0 before n < 0", func(r routines[T]) { r.gemm(N, N, -1, -1, 2, 1, s, 2, s, 2, 0, s[32:], 2) }},
		{"gemm n < 0", func(r routines[T]) { r.gemm(N, N, 2, -1, 2, 1, s, 2, s, 2, 0, s[32:], 2) }},
		{"gemm k < 0", func(r routines[T]) { r.gemm(N, N, 2, 2, -1, 1, s, 2, s, 2, 0, s[32:], 2) }},
		{"gemm lda < k", func(r routines[T]) { r.gemm(N, N, 2, 2, 3, 1, s, 2, s, 2, 0, s[32:], 2) }},
		{"gemm lda < m transposed", func(r routines[T]) { r.gemm(X, N, 3, 2, 2, 1, s, 2, s, 2, 0, s[32:], 2) }},
		{"gemm lda 0 with k = 0", func(r routines[T]) { r.gemm(N, N, 2, 2, 0, 1, s, 0, s, 2, 0, s[32:], 2) }},
		{"gemm lda 0 with m = 0", func(r routines[T]) { r.gemm(X, N, 0, 2, 2, 1, s, 0, s, 2, 0, s[32:], 2) }},
		{"gemm ldb < n", func(r routines[T]) { r.gemm(N, N, 2, 3, 2, 1, s, 2, s, 2, 0, s[32:], 3) }},
		{"gemm ldb < k transposed", func(r routines[T]) { r.gemm(N, X, 2, 2, 3, 1, s, 3, s, 2, 0, s[32:], 2) }},
		{"gemm ldc < n", func(r routines[T]) { r.gemm(N, N, 2, 3, 2, 1, s, 2, s, 3, 0, s[32:], 2) }},
		{"gemm ldc before short a", func(r routines[T]) { r.gemm(N, N, 2, 3, 2, 1, s[:1], 2, s, 3, 0, s[32:], 2) }},
		{"gemm short a", func(r routines[T]) { r.gemm(N, N, 2, 2, 2, 1, s[:3], 2, s, 2, 0, s[32:], 2) }},
		{"gemm short a transposed", func(r routines[T]) { r.gemm(X, N, 3, 2, 2, 1, s[:5], 3, s, 2, 0, s[32:], 2) }},
		{"gemm short a, k = 0", func(r routines[T]) { r.gemm(N, N, 3, 2, 0, 1, s[:3], 2, s, 2, 0, s[32:], 2) }},
		{"gemm short b", func(r routines[T]) { r.gemm(N, N, 2, 2, 2, 1, s, 2, s[:3], 2, 0, s[32:], 2) }},
		{"gemm short b transposed", func(r routines[T]) { r.gemm(N, X, 2, 3, 2, 1, s, 2, s[:5], 2, 0, s[32:], 3) }},
		{"gemm short c", func(r routines[T]) { r.gemm(N, N, 2, 2, 2, 1, s, 2, s, 2, 0, s[32:35], 2) }},
		{"gemm short a before short c", func(r routines[T]) { r.gemm(N, N, 2, 2, 2, 1, s[:1], 2, s, 2, 0, s[:1], 2) }},
		{"gemm length bound overflows", func(r routines[T]) { r.gemm(N, N, 3, 2, 2, 1, s, math.MaxInt/2+1, s, 2, 0, s[32:], 2) }},
		{"gemm m = 0, short slices", func(r routines[T]) { r.gemm(N, N, 0, 2, 2, 1, nil, 2, nil, 2, 0, nil, 2) }},
		{"gemm n = 0, short slices", func(r routines[T]) { r.gemm(N, N, 2, 0, 2, 1, nil, 2, nil, 1, 0, nil, 1) }},
		{"gemm k = 0 scales c", func(r routines[T]) { r.gemm(N, N, 2, 2, 0, 1, s, 1, nil, 2, 0.5, s[32:], 2) }},
		{"gemm c is a", func(r routines[T]) { r.gemm(N, N, 3, 3, 3, 1, s, 3, s[20:], 3, 0.5, s, 3) }},
		{"gemm c overlaps b", func(r routines[T]) { r.gemm(N, X, 3, 3, 3, 1, s, 3, s[20:], 3, 1, s[22:], 3) }},
		{"gemv bad tA", func(r routines[T]) { r.gemv('X', 2, 2, 1, s, 2, s, 1, 0, s[32:], 1) }},
		{"gemv m < 0", func(r routines[T]) { r.gemv(N, -1, -1, 1, s, 2, s, 1, 0, s[32:], 1) }},
		{"gemv n < 0", func(r routines[T]) { r.gemv(N, 2, -1, 1, s, 2, s, 1, 0, s[32:], 1) }},
		{"gemv lda < n", func(r routines[T]) { r.gemv(N, 2, 3, 1, s, 2, s, 0, 0, s[32:], 1) }},
		{"gemv incX = 0", func(r routines[T]) { r.gemv(N, 2, 2, 1, s, 2, s, 0, 0, s[32:], 0) }},
		{"gemv incY = 0", func(r routines[T]) { r.gemv(N, 2, 2, 1, s, 2, s, 1, 0, s[32:], 0) }},
		{"gemv short x", func(r routines[T]) { r.gemv(N, 2, 300, 1, s, 300, s[:299], 1, 0, s[:1], 1) }},
		{"gemv short x transposed", func(r routines[T]) { r.gemv(X, 3, 300, 1, s, 300, s[:2], 1, 0, s, 1) }},
		{"gemv short y", func(r routines[T]) { r.gemv(N, 3, 300, 1, s, 300, make([]T, 300), 1, 0, s[:2], 1) }},
		{"gemv short a", func(r routines[T]) { r.gemv(N, 2, 300, 1, s, 300, make([]T, 300), 1, 0, s[:2], 1) }},
		{"gemv m = 0, short slices", func(r routines[T]) { r.gemv(N, 0, 300, 1, nil, 300, nil, 1, 0, nil, 1) }},
		{"gemv y overlaps x", func(r routines[T]) { r.gemv(N, 2, 300, 1, make([]T, 600), 300, s, 1, 0.5, s[1:], 1) }},
		{"dot incX = 0", func(r routines[T]) { r.dot(2, s, 0, s, 0) }},
		{"dot incY = 0", func(r routines[T]) { r.dot(2, s, 1, s, 0) }},
		{"dot n < 0", func(r routines[T]) { r.dot(-1, s, 1, s, 1) }},
		{"dot short x", func(r routines[T]) { r.dot(3, s[:2], 1, s[:1], 1) }},
		{"dot short y", func(r routines[T]) { r.dot(3, s, 1, s[:2], 1) }},
		{"axpy incX = 0", func(r routines[T]) { r.axpy(2, 1, s, 0, s[8:], 0) }},
		{"axpy incY = 0", func(r routines[T]) { r.axpy(2, 1, s, 1, s[8:], 0) }},
		{"axpy n < 0", func(r routines[T]) { r.axpy(-1, 1, s, 1, s[8:], 1) }},
		{"axpy short x", func(r routines[T]) { r.axpy(3, 1, s[:2], 1, s[8:9], 1) }},
		{"axpy short y", func(r routines[T]) { r.axpy(3, 1, s, 1, s[8:10], 1) }},
		{"axpy short y, alpha = 0", func(r routines[T]) { r.axpy(3, 0, s, 1, s[8:10], 1) }},
		{"axpy y overlaps x", func(r routines[T]) { r.axpy(8, 1, s, 1, s[3:], 1) }},
	}
	for _, c := range calls {
		for i := range s {
			s[i] = T(i%7 - 3)
		}
		s0 := append([]T(nil), s...)
		pg := recovered(func() { c.call(routinesOf[T](Implementation{})) })
		sg := append([]T(nil), s...)
		copy(s, s0)
		pw := recovered(func() { c.call(routinesOf[T](want)) })
		if pg != pw {
			t.Errorf("%s: panic %v, gonum %v", c.name, pg, pw)
		}
		if !sameBits(sg, s) {
			t.Errorf("%s: result differs from gonum's", c.name)
		}
	}
}

// TestRandomCallsMatchGonum makes random calls, valid and not, with small
// integer values whose every sum is exact: each must panic as gonum's does,
// or leave the same values as gonum's (a zero may differ in sign).
func TestRandomCallsMatchGonum(t *testing.T) {
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		t.Run("float32", testRandomCalls[float32])
		t.Run("float64", testRandomCalls[float64])
	})
}

func testRandomCalls[T kernels.Float](t *testing.T) {
	// Rows of 3 elements and more take Gemv's kernel path.
	defer func(n int) { gemvMinRow = n }(gemvMinRow)
	gemvMinRow = 3
	rnd := rand.New(rand.NewPCG(9, 10))
	size := func() int { return rnd.IntN(6) - 1 }
	inc := func() int { return []int{-2, -1, 0, 1, 1, 1, 2}[rnd.IntN(7)] }
	trans := func() blas.Transpose {
		return []blas.Transpose{blas.NoTrans, blas.Trans, blas.ConjTrans, 'X'}[rnd.IntN(4)]
	}
	scalar := func() T { return T(rnd.IntN(4) - 1) }
	got, exp := routinesOf[T](Implementation{}), routinesOf[T](want)
	buf := make([]T, 96)
	// operand returns a slice of buf, at a random offset: operands may share
	// memory.
	operand := func() []T {
		off := rnd.IntN(48)
		return buf[off : off+rnd.IntN(36)]
	}
	for i := range 20000 {
		var call func(r routines[T])
		var desc string
		switch i % 4 {
		case 0:
			tA, tB, m, n, k, alpha, beta := trans(), trans(), size(), size(), size(), scalar(), scalar()
			a, b, c, lda, ldb, ldc := operand(), operand(), operand(), size(), size(), size()
			desc = fmt.Sprintf("gemm(%c, %c, %d, %d, %d, %v, len %d, %d, len %d, %d, %v, len %d, %d)", tA, tB, m, n, k, alpha, len(a), lda, len(b), ldb, beta, len(c), ldc)
			call = func(r routines[T]) { r.gemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) }
		case 1:
			tA, m, n, alpha, beta := trans(), size(), size(), scalar(), scalar()
			a, x, y, lda, incX, incY := operand(), operand(), operand(), size(), inc(), inc()
			if tA != blas.NoTrans && beta == 0 && incY == 1 && n >= 0 {
				// gonum's float32 GemvT zeroes all of y here, not only its
				// first n elements; the kernel path does not.
				y = y[:min(len(y), n)]
			}
			desc = fmt.Sprintf("gemv(%c, %d, %d, %v, len %d, %d, len %d, %d, %v, len %d, %d)", tA, m, n, alpha, len(a), lda, len(x), incX, beta, len(y), incY)
			call = func(r routines[T]) { r.gemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY) }
		case 2:
			n, x, y, incX, incY := size(), operand(), operand(), inc(), inc()
			desc = fmt.Sprintf("dot(%d, len %d, %d, len %d, %d)", n, len(x), incX, len(y), incY)
			call = func(r routines[T]) { buf[95] = r.dot(n, x, incX, y, incY) }
		case 3:
			n, alpha, x, y, incX, incY := size(), scalar(), operand(), operand(), inc(), inc()
			desc = fmt.Sprintf("axpy(%d, %v, len %d, %d, len %d, %d)", n, alpha, len(x), incX, len(y), incY)
			call = func(r routines[T]) { r.axpy(n, alpha, x, incX, y, incY) }
		}
		for j := range buf {
			buf[j] = T(rnd.IntN(7) - 3)
		}
		b0 := append([]T(nil), buf...)
		pg := recovered(func() { call(got) })
		bg := append([]T(nil), buf...)
		copy(buf, b0)
		pw := recovered(func() { call(exp) })
		if pg != pw {
			t.Fatalf("%s: panic %v, gonum %v", desc, pg, pw)
		}
		if !equal(bg, buf) {
			t.Fatalf("%s: result differs from gonum's:\n got %v\nwant %v", desc, bg, buf)
		}
	}
}

// equal reports whether x and y hold equal values, element by element.
func equal[T kernels.Float](x, y []T) bool {
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return len(x) == len(y)
}
