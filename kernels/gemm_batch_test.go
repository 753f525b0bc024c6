package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
)

// batchShapes are the products of the batches TestGemmBatch runs: large
// ones that split over rows and over columns, a skinny one, small ones, and
// ones that only scale C (k = 0, alpha = 0) or do nothing (m = 0).
var batchShapes = []struct {
	m, n, k int
	alpha   float64
}{
	{260, 190, 300, 0.75}, // split over rows
	{40, 700, 320, -1},    // over columns
	{600, 3, 400, 1},      // skinny: C computed as Cᵀ
	{5, 6, 7, 2},          // small: the unpacked loops
	{9, 8, 0, 1},          // k = 0: C = beta·C
	{7, 9, 5, 0},          // alpha = 0: C = beta·C, A and B unread
	{0, 5, 4, 1},          // nothing
}

// TestGemmBatch checks on every path that GemmBatch gives each product the
// bits of Gemm on one goroutine, whatever the parallelism and the mix of
// products, writes nothing outside the C matrices and changes no input.
func TestGemmBatch(t *testing.T) {
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		testGemmBatch[float32](t)
		testGemmBatch[float64](t)
	})
}

func testGemmBatch[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	defer SetParallelism(SetParallelism(0))
	// Batches: every product alone, pairs, and all of them, each op in its
	// own layout, with padded leading dimensions.
	batches := [][]int{{0, 1}, {1, 0, 2}, {0, 3}, {2, 4, 5, 6, 3}, {0, 1, 2, 3, 4, 5, 6}}
	for i := range batchShapes {
		batches = append(batches, []int{i})
	}
	for bi, batch := range batches {
		ops := make([]GemmOp[T], len(batch))
		var inputs [][]T
		for i, s := range batch {
			sh := batchShapes[s]
			ta, tb := (bi+i)&2 != 0, (bi+i)&1 != 0
			ar, ac, br, bc := dispatch.Stored(ta, tb, sh.m, sh.n, sh.k)
			lda, ldb, ldc := ac+1, bc+3, sh.n+2
			c := randMatrix[T](r, sh.m, ldc)
			for j := range c { // NaN in the padding: it must stay there
				if j%ldc >= sh.n {
					c[j] = T(math.NaN())
				}
			}
			ops[i] = GemmOp[T]{TransA: ta, TransB: tb, M: sh.m, N: sh.n, K: sh.k, Alpha: T(sh.alpha),
				A: randMatrix[T](r, ar, lda), LDA: lda, B: randMatrix[T](r, br, ldb), LDB: ldb,
				Beta: T(0.5 * float64(i%3)), C: append(c, T(math.Inf(1))), LDC: ldc} // +Inf: a guard past C
			if sh.alpha == 0 && len(ops[i].A) > 0 {
				ops[i].A[0] = T(math.NaN()) // must not be read
			}
			inputs = append(inputs, slices.Clone(ops[i].A), slices.Clone(ops[i].B))
		}
		// Each product alone, on one goroutine.
		SetParallelism(1)
		want := make([][]T, len(ops))
		for i, op := range ops {
			want[i] = slices.Clone(op.C)
			Gemm(op.TransA, op.TransB, op.M, op.N, op.K, op.Alpha, op.A, op.LDA, op.B, op.LDB, op.Beta, want[i], op.LDC)
		}
		c0 := make([][]T, len(ops))
		for i := range ops {
			c0[i] = slices.Clone(ops[i].C)
		}
		for _, procs := range []int{1, 2, 3, 8} {
			SetParallelism(procs)
			for i := range ops {
				copy(ops[i].C, c0[i])
			}
			GemmBatch(ops)
			for i, op := range ops {
				what := fmt.Sprintf("batch %v, parallelism %d: ops[%d] (%d×%d×%d)", batch, procs, i, op.M, op.N, op.K)
				if err := kerneltest.Diff(what+" C", op.C, want[i]); err != nil {
					t.Fatal(err)
				}
				if err := kerneltest.Diff(what+" A", op.A, inputs[2*i]); err != nil {
					t.Fatal(err)
				}
				if err := kerneltest.Diff(what+" B", op.B, inputs[2*i+1]); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// TestGemmBatchEmpty checks on every path and parallelism that products
// without rows or columns, whose C may then be empty whatever its leading
// dimension, are accepted beside others, as Gemm accepts them.
func TestGemmBatchEmpty(t *testing.T) {
	defer SetParallelism(SetParallelism(0))
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		a, b := make([]float32, 16), make([]float32, 16)
		for i := range a {
			a[i], b[i] = float32(i), float32(2*i+1)
		}
		for _, procs := range []int{1, 2, 3} {
			SetParallelism(procs)
			for _, empty := range []GemmOp[float32]{
				{M: 4, N: 0, K: 4, Alpha: 1, A: a, LDA: 4, LDC: 1},            // M×0, C empty
				{M: 4, N: 0, K: 0, Alpha: 1, LDA: 1, LDC: 3},                  // M×0, k = 0
				{M: 0, N: 4, K: 4, Alpha: 1, LDA: 4, B: b, LDB: 4, LDC: 4},    // 0×N
				{M: 4, N: 0, K: 4, Alpha: 0, Beta: 2, A: a, LDA: 4, LDC: 100}, // alpha = 0
			} {
				c := make([]float32, 16)
				want := make([]float32, 16)
				Gemm(false, false, 4, 4, 4, 1, a, 4, b, 4, 0, want, 4)
				GemmBatch([]GemmOp[float32]{empty, {M: 4, N: 4, K: 4, Alpha: 1, A: a, LDA: 4, B: b, LDB: 4, C: c, LDC: 4}})
				if err := kerneltest.Diff(fmt.Sprintf("parallelism %d, %d×%d×%d beside 4×4×4", procs, empty.M, empty.N, empty.K), c, want); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
}

// TestGemmBatchConcurrent runs batches of parallel products from several
// goroutines at once: every goroutine that hands work over must find a
// worker, and each result must keep its bits.
func TestGemmBatchConcurrent(t *testing.T) {
	defer SetParallelism(SetParallelism(3))
	r := rand.New(rand.NewPCG(7, 8))
	const m, n, k = 300, 280, 260 // split in up to 3 parts
	a, b := randMatrix[float32](r, m, k), randMatrix[float32](r, k, n)
	want := make([]float32, m*n)
	Gemm(false, false, m, n, k, 1, a, k, b, n, 0, want, n)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			c := [3][]float32{make([]float32, m*n), make([]float32, m*n), make([]float32, m*n)}
			for range 3 {
				var ops []GemmOp[float32]
				for _, ci := range c {
					ops = append(ops, GemmOp[float32]{M: m, N: n, K: k, Alpha: 1, A: a, LDA: k, B: b, LDB: n, C: ci, LDC: n})
				}
				GemmBatch(ops[:1+len(ops)%3])
				GemmBatch(ops)
				for _, ci := range c {
					if err := kerneltest.Diff("c", ci, want); err != nil {
						errs <- err
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// TestGemmBatchPanics checks the messages of invalid batches.
func TestGemmBatchPanics(t *testing.T) {
	buf := make([]float32, 64)
	a, b := make([]float32, 12), make([]float32, 12)
	op := func(c []float32) GemmOp[float32] {
		return GemmOp[float32]{M: 3, N: 4, K: 3, Alpha: 1, A: a, LDA: 3, B: b, LDB: 4, C: c, LDC: 4}
	}
	bad := op(buf[:12])
	bad.LDA = 2
	for _, tc := range []struct {
		name string
		ops  []GemmOp[float32]
		want string
	}{
		{"bad lda", []GemmOp[float32]{op(buf[:12]), bad}, "kernels.GemmBatch: ops[1]: a is 3×3 with lda = 2: lda < 3"},
		{"c overlaps own a", []GemmOp[float32]{{M: 3, N: 4, K: 3, Alpha: 1, A: buf[:9], LDA: 3, B: b, LDB: 4, C: buf[4:16], LDC: 4}}, "kernels.GemmBatch: ops[0]: c and a overlap"},
		{"c overlaps c", []GemmOp[float32]{op(buf[:12]), op(buf[8:20])}, "kernels.GemmBatch: ops[0].C and ops[1].C overlap"},
		{"c overlaps other's a", []GemmOp[float32]{op(buf[:12]), {M: 3, N: 4, K: 3, Alpha: 1, A: buf[10:19], LDA: 3, B: b, LDB: 4, C: buf[20:32], LDC: 4}}, "kernels.GemmBatch: ops[0].C and ops[1].A overlap"},
		{"c overlaps other's b", []GemmOp[float32]{{M: 3, N: 4, K: 3, Alpha: 1, A: a, LDA: 3, B: buf[:12], LDB: 4, C: buf[20:32], LDC: 4}, op(buf[:12])}, "kernels.GemmBatch: ops[1].C and ops[0].B overlap"},
	} {
		got := func() (msg string) {
			defer func() { msg = fmt.Sprint(recover()) }()
			GemmBatch(tc.ops)
			return "no panic"
		}()
		if got != tc.want {
			t.Errorf("%s: panic %q, want %q", tc.name, got, tc.want)
		}
	}
	// Products may share their inputs, and columns of one C may interleave
	// with another's.
	GemmBatch([]GemmOp[float32]{
		{M: 3, N: 2, K: 3, Alpha: 1, A: a, LDA: 3, B: b, LDB: 4, C: buf[:10], LDC: 4},
		{M: 3, N: 2, K: 3, Alpha: 1, A: a, LDA: 3, B: b[2:], LDB: 4, C: buf[2:12], LDC: 4},
	})
}

// TestGemmShares checks how GemmBatch shares the goroutines between its
// products.
func TestGemmShares(t *testing.T) {
	big := func(k int) GemmOp[float32] { return GemmOp[float32]{M: 256, N: 256, K: k, Alpha: 1} } // 2²⁴·k/256 multiply-adds
	small := GemmOp[float32]{M: 64, N: 64, K: 64, Alpha: 1}
	none := GemmOp[float32]{M: 64, N: 64, K: 0, Alpha: 1}
	mk := &gemmMicro[float32]{mr: 4, nr: 8, kc: 64, mc: 64, nc: 256}
	for _, tc := range []struct {
		ops   []GemmOp[float32]
		procs int
		want  []int
	}{
		{[]GemmOp[float32]{big(512), big(512)}, 2, []int{1, 1}},
		{[]GemmOp[float32]{big(512), big(512)}, 5, []int{3, 2}},
		{[]GemmOp[float32]{big(2048), big(512)}, 5, []int{4, 1}},
		{[]GemmOp[float32]{small, big(512)}, 4, []int{1, 3}},
		{[]GemmOp[float32]{none, big(512), small}, 4, []int{0, 3, 1}},
		{[]GemmOp[float32]{big(512), big(512), big(512)}, 2, []int{1, 1, 1}},
		{[]GemmOp[float32]{small, small}, 8, []int{1, 1}},
	} {
		if got := gemmShares(mk, nil, tc.ops, tc.procs); !slices.Equal(got, tc.want) {
			var shapes []string
			for _, op := range tc.ops {
				shapes = append(shapes, fmt.Sprintf("%d×%d×%d", op.M, op.N, op.K))
			}
			t.Errorf("%d goroutines, products %v: shares %v, want %v", tc.procs, shapes, got, tc.want)
		}
	}
}
