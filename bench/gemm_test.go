package bench

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/simdkern/simdkern/internal/dispatch"
)

type gemmImpl[T dispatch.Float] struct {
	name string
	gemm dispatch.GemmFunc[T]
}

// gemmImpls returns every simdkern path this CPU runs and the peers: gonum's
// pure-Go Sgemm/Dgemm and, when built with -tags openblas, OpenBLAS.
func gemmImpls[T dispatch.Float]() []gemmImpl[T] {
	var impls []gemmImpl[T]
	for _, im := range paths() {
		impls = append(impls, gemmImpl[T]{im.Name, dispatch.For[T](im).Gemm})
	}
	g := byType[T](
		dispatch.GemmFunc[float32](func(ta, tb bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
			gonum.Implementation{}.Sgemm(blasTrans(ta), blasTrans(tb), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		}),
		dispatch.GemmFunc[float64](func(ta, tb bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
			gonum.Implementation{}.Dgemm(blasTrans(ta), blasTrans(tb), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		}))
	impls = append(impls, gemmImpl[T]{"gonum", g.(dispatch.GemmFunc[T])})
	if openblas != nil {
		o := byType[T](dispatch.GemmFunc[float32](openblas.Sgemm), dispatch.GemmFunc[float64](openblas.Dgemm))
		impls = append(impls, gemmImpl[T]{"openblas", o.(dispatch.GemmFunc[T])})
	}
	return impls
}

func blasTrans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

var gemmLayouts = []struct {
	name           string
	transA, transB bool
}{{"NN", false, false}, {"NT", false, true}, {"TN", true, false}, {"TT", true, true}}

// BenchmarkGemm times C = A·B (alpha 1, beta 0) for square n×n matrices
// (bf16: GemmBF16, benchGemmBF16Square): layout NN at n = 256 by default,
// every layout at n = 64 … 1024 with -bench.full (the pure-Go generic and
// gonum take about a second a product at 1024).
func BenchmarkGemm(b *testing.B) {
	b.Run("f32", benchGemmSquare[float32])
	b.Run("f64", benchGemmSquare[float64])
	b.Run("bf16", benchGemmBF16Square)
}

func benchGemmSquare[T dispatch.Float](b *testing.B) {
	sizes := sweep([]int{256}, []int{64, 128, 256, 512, 1024})
	for _, l := range sweep(gemmLayouts[:1], gemmLayouts) {
		b.Run("layout="+l.name, func(b *testing.B) {
			for _, im := range gemmImpls[T]() {
				b.Run("impl="+im.name, func(b *testing.B) {
					for _, n := range sizes {
						b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
							benchGemm(b, im.gemm, l.transA, l.transB, n, n, n)
						})
					}
				})
			}
		})
	}
}

// BenchmarkGemmDense times the three products of the dense step of
// BenchmarkDenseBackward (1024 samples × 256 inputs → 512 neurons): the
// forward X·W, and the backward dinputs = dvalues·Wᵀ and dweights =
// Xᵀ·dvalues. The forward product in float32 only without -bench.full.
func BenchmarkGemmDense(b *testing.B) {
	bothTypes(b, benchGemmDense[float32], benchGemmDense[float64])
}

// denseProducts are the products of BenchmarkGemmDense.
var denseProducts = []struct {
	name           string
	transA, transB bool
	m, n, k        int
}{
	{"forward", false, false, denseSamples, denseNeurons, denseInputs},
	{"dinputs", false, true, denseSamples, denseInputs, denseNeurons},
	{"dweights", true, false, denseInputs, denseNeurons, denseSamples},
}

func benchGemmDense[T dispatch.Float](b *testing.B) {
	for _, s := range sweep(denseProducts[:1], denseProducts) {
		b.Run("op="+s.name, func(b *testing.B) {
			for _, im := range gemmImpls[T]() {
				b.Run("impl="+im.name, func(b *testing.B) {
					benchGemm(b, im.gemm, s.transA, s.transB, s.m, s.n, s.k)
				})
			}
		})
	}
}

// BenchmarkGemmBatch times the dense layer's forward product for small
// batches: m samples × 256 inputs · 256×512 weights, float32 NN, where B is
// read in place rather than packed up to m = 6·MR (kernels.gemmDirectB).
// m = 16 by default.
func BenchmarkGemmBatch(b *testing.B) {
	for _, m := range sweep([]int{16}, []int{1, 4, 16, 32, 64}) {
		b.Run(fmt.Sprintf("m=%d", m), func(b *testing.B) {
			for _, im := range gemmImpls[float32]() {
				b.Run("impl="+im.name, func(b *testing.B) {
					benchGemm(b, im.gemm, false, false, m, 512, 256)
				})
			}
		})
	}
}

// BenchmarkGemmSmall times small products around the packed paths'
// threshold (kernels.gemmSmall, m·n·k = 128), for every path, float32,
// m = n = k = size. The generic path runs the unpacked loops the packed paths
// fall back to below the threshold. n = 8 by default.
func BenchmarkGemmSmall(b *testing.B) {
	for _, n := range sweep([]int{8}, []int{3, 4, 5, 6, 8, 16, 32}) {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for _, im := range gemmImpls[float32]() {
				b.Run("impl="+im.name, func(b *testing.B) {
					benchGemm(b, im.gemm, false, false, n, n, n)
				})
			}
		})
	}
}

// benchGemm times gemm on m×n×k with random A and B, alpha 1, beta 0.
func benchGemm[T dispatch.Float](b *testing.B, gemm dispatch.GemmFunc[T], transA, transB bool, m, n, k int) {
	r := rand.New(rand.NewPCG(uint64(m), uint64(k)))
	fill := func(s []T) []T {
		for i := range s {
			s[i] = T(r.Float64()*2 - 1)
		}
		return s
	}
	a := fill(make([]T, m*k))
	bm := fill(make([]T, k*n))
	c := make([]T, m*n)
	lda, ldb := k, n
	if transA {
		lda = m
	}
	if transB {
		ldb = k
	}
	gemm(transA, transB, m, n, k, 1, a, lda, bm, ldb, 0, c, n) // allocate pooled buffers
	b.ReportAllocs()
	for b.Loop() {
		gemm(transA, transB, m, n, k, 1, a, lda, bm, ldb, 0, c, n)
	}
	reportGFLOPs(b, 2*float64(m)*float64(n)*float64(k))
}
