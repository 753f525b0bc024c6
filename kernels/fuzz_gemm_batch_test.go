package kernels_test

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
	"github.com/simdkern/simdkern/kernels"
)

// fuzzGemmBatch decodes two products from shapes and dims (as
// decodeGemmDims does, the second product from the high four bits of dims),
// the first from the first half of v and the second from the rest, and
// checks that GemmBatch gives each at parallelism 1 to 3 the bits of Gemm
// called on it alone, writes no padding of C and changes no input.
func fuzzGemmBatch[T dispatch.Float](t *testing.T, im *dispatch.Impl, shape0, shape1 uint32, dims uint8, v []T) {
	defer dispatch.Use(im)()
	defer kernels.SetParallelism(kernels.SetParallelism(1))
	v0, v1 := halves(v)
	in := [2]gemmInput[T]{decodeGemmDims(shape0, dims&15, v0), decodeGemmDims(shape1, dims>>4, v1)}
	ops := make([]kernels.GemmOp[T], 2)
	want := make([][]T, 2)
	for i, g := range in {
		ops[i] = kernels.GemmOp[T]{TransA: g.transA, TransB: g.transB, M: g.m, N: g.n, K: g.k, Alpha: g.alpha,
			A: g.a, LDA: g.lda, B: g.b, LDB: g.ldb, Beta: g.beta, LDC: g.ldc}
		want[i] = slices.Clone(g.c0)
		kernels.Gemm(g.transA, g.transB, g.m, g.n, g.k, g.alpha, g.a, g.lda, g.b, g.ldb, g.beta, want[i], g.ldc)
	}
	for procs := 1; procs <= 3; procs++ {
		kernels.SetParallelism(procs)
		for i := range ops {
			ops[i].C = slices.Clone(in[i].c0)
		}
		kernels.GemmBatch(ops)
		for i, g := range in {
			what := fmt.Sprintf("%s: parallelism %d, ops[%d] (%v)", im.Name, procs, i, &g)
			if err := kerneltest.Diff(what+": C", ops[i].C, want[i]); err != nil {
				t.Fatal(err)
			}
			for j, x := range ops[i].C {
				if j%g.ldc >= g.n && !math.IsNaN(float64(x)) {
					t.Fatalf("%s: padding c[%d] written: %v", what, j, x)
				}
			}
			a, b := decodeGemmDims(shape0, dims&15, v0), decodeGemmDims(shape1, dims>>4, v1)
			for x, g2 := range [2]gemmInput[T]{a, b} {
				if err := kerneltest.Diff(fmt.Sprintf("%s: ops[%d].A", what, x), in[x].a, g2.a); err != nil {
					t.Fatal(err)
				}
				if err := kerneltest.Diff(fmt.Sprintf("%s: ops[%d].B", what, x), in[x].b, g2.b); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// FuzzGemmBatch compares GemmBatch with Gemm, product by product, on every
// path, sizes 0 included.
func FuzzGemmBatch(f *testing.F) {
	f.Add(uint32(3|3<<6|3<<12|1<<27), uint32(3|3<<6|3<<12), uint8(2), []byte{}) // an M×0 product (ldc = 1) beside a 4×4×4 one
	f.Add(uint32(15|15<<6|31<<12|3<<19), uint32(4|6<<6|8<<12|1<<20|5<<21|2<<24|3<<27|2<<30), uint8(0), make([]byte, 64))
	f.Add(uint32(63|63<<6|127<<12), uint32(63|9<<6|100<<12|1<<19), uint8(8|5<<4), []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
	f.Add(uint32(63|63<<6|127<<12|2<<30), uint32(63|63<<6|127<<12), uint8(8|8<<4), []byte{0, 0, 0x80, 0x7f, 0, 0, 0xc0, 0x7f})
	f.Fuzz(func(t *testing.T, shape0, shape1 uint32, dims uint8, data []byte) {
		for _, im := range dispatch.Runnable() {
			fuzzGemmBatch(t, im, shape0, shape1, dims, decode[float32](data))
			fuzzGemmBatch(t, im, shape0, shape1, dims, decode[float64](data))
		}
	})
}
