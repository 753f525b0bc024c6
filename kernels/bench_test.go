package kernels_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/kernels"
)

// The benchmarks time the public API on the path it runs (ISA), at one
// representative size each. To compare with the pure-Go path:
//
//	go test -run '^$' -bench . -count 10 ./kernels > simd.txt
//	SIMDKERN_ISA=generic go test -run '^$' -bench . -count 10 ./kernels > generic.txt
//	go tool benchstat generic.txt simd.txt
//
// Package bench runs every path side by side at every size, with gonum and
// OpenBLAS.

// benchN is the length of the vectors: two or three of them stay in L1.
const benchN = 4096

// BenchmarkDot times Dot of n = 4096 (2 reads an element).
func BenchmarkDot(b *testing.B) {
	b.Run("f32", benchDot[float32])
	b.Run("f64", benchDot[float64])
}

func benchDot[T kernels.Float](b *testing.B) {
	x, y := benchVector[T](benchN, 1), benchVector[T](benchN, 2)
	benchSub(b, fmt.Sprintf("n=%d", benchN), func(b *testing.B) {
		for b.Loop() {
			kernels.Dot(x, y)
		}
		reportGBs[T](b, 2*benchN)
	})
}

// BenchmarkAxpy times Axpy of n = 4096 (2 reads and a write an element).
func BenchmarkAxpy(b *testing.B) {
	b.Run("f32", benchAxpy[float32])
	b.Run("f64", benchAxpy[float64])
}

func benchAxpy[T kernels.Float](b *testing.B) {
	x, y := benchVector[T](benchN, 1), benchVector[T](benchN, 2)
	benchSub(b, fmt.Sprintf("n=%d", benchN), func(b *testing.B) {
		for b.Loop() {
			kernels.Axpy(1.0/1024, x, y)
		}
		reportGBs[T](b, 3*benchN)
	})
}

// BenchmarkReLU times ReLU of n = 4096 into another slice (a read and a
// write an element).
func BenchmarkReLU(b *testing.B) {
	b.Run("f32", benchReLU[float32])
	b.Run("f64", benchReLU[float64])
}

func benchReLU[T kernels.Float](b *testing.B) {
	x, dst := benchVector[T](benchN, 1), make([]T, benchN)
	benchSub(b, fmt.Sprintf("n=%d", benchN), func(b *testing.B) {
		for b.Loop() {
			kernels.ReLU(dst, x)
		}
		reportGBs[T](b, 2*benchN)
	})
}

// BenchmarkReLUMask times ReLUMask of n = 4096 into a third slice (2 reads
// and a write an element).
func BenchmarkReLUMask(b *testing.B) {
	b.Run("f32", benchReLUMask[float32])
	b.Run("f64", benchReLUMask[float64])
}

func benchReLUMask[T kernels.Float](b *testing.B) {
	dy, z, dst := benchVector[T](benchN, 1), benchVector[T](benchN, 2), make([]T, benchN)
	benchSub(b, fmt.Sprintf("n=%d", benchN), func(b *testing.B) {
		for b.Loop() {
			kernels.ReLUMask(dst, dy, z)
		}
		reportGBs[T](b, 3*benchN)
	})
}

// BenchmarkColSum times ColSum of a 512×256 matrix (lda 256), a dense
// layer's bias gradient: the matrix read, the sums written.
func BenchmarkColSum(b *testing.B) {
	b.Run("f32", benchColSum[float32])
	b.Run("f64", benchColSum[float64])
}

func benchColSum[T kernels.Float](b *testing.B) {
	const rows, cols = 512, 256
	a, dst := benchVector[T](rows*cols, 1), make([]T, cols)
	benchSub(b, fmt.Sprintf("shape=%dx%d", rows, cols), func(b *testing.B) {
		for b.Loop() {
			kernels.ColSum(dst, a, rows, cols, cols)
		}
		reportGBs[T](b, (rows+1)*cols)
	})
}

// BenchmarkGemm times C = A·B for 256×256 matrices, alpha 1 and beta 0, on
// as many cores as GOMAXPROCS allows (see SetParallelism).
func BenchmarkGemm(b *testing.B) {
	b.Run("f32", benchGemm[float32])
	b.Run("f64", benchGemm[float64])
}

func benchGemm[T kernels.Float](b *testing.B) {
	const n = 256
	a, bm, c := benchVector[T](n*n, 1), benchVector[T](n*n, 2), make([]T, n*n)
	benchSub(b, fmt.Sprintf("layout=NN/n=%d", n), func(b *testing.B) {
		kernels.Gemm(false, false, n, n, n, 1, a, n, bm, n, 0, c, n) // fill the buffer pool
		for b.Loop() {
			kernels.Gemm(false, false, n, n, n, 1, a, n, bm, n, 0, c, n)
		}
		b.ReportMetric(2*n*n*n*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	})
}

// BenchmarkGemmStep times, one at a time, the products of a training step
// of the MNIST network 784→128→128→10 at batch 128, as nn's Dense layers
// call them: forward X·W (NN), the weight gradients Xᵀ·dZ (TN) and the
// input gradients dZ·Wᵀ (NT; the first layer has none). shape is m×n×k.
func BenchmarkGemmStep(b *testing.B) {
	const batch = 128
	for _, p := range []struct {
		transA, transB bool
		m, n, k        int
	}{
		{false, false, batch, 128, 784},
		{false, false, batch, 128, 128},
		{false, false, batch, 10, 128},
		{true, false, 784, 128, batch},
		{true, false, 128, 128, batch},
		{true, false, 128, 10, batch},
		{false, true, batch, 128, 128},
		{false, true, batch, 128, 10},
	} {
		lda, ldb := p.k, p.n
		if p.transA {
			lda = p.m
		}
		if p.transB {
			ldb = p.k
		}
		a, bm, c := benchVector[float32](p.m*p.k, 1), benchVector[float32](p.k*p.n, 2), make([]float32, p.m*p.n)
		layout := map[bool]string{false: "N", true: "T"}
		name := fmt.Sprintf("f32/shape=%dx%dx%d/layout=%s%s", p.m, p.n, p.k, layout[p.transA], layout[p.transB])
		benchSub(b, name, func(b *testing.B) {
			gemm := func() { kernels.Gemm(p.transA, p.transB, p.m, p.n, p.k, 1, a, lda, bm, ldb, 0, c, p.n) }
			gemm() // fill the buffer pool
			for b.Loop() {
				gemm()
			}
			b.ReportMetric(2*float64(p.m*p.n*p.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkGemmEpilogue times the forward pass of a dense layer and its
// ReLU, X (1024×256) · W (256×512) + biases, then max(·, 0) into a second
// matrix: way=fused is GemmEpilogue, way=separate Gemm, Axpy on each row and
// ReLU. GFLOP/s counts the product.
func BenchmarkGemmEpilogue(b *testing.B) {
	b.Run("f32", benchGemmEpilogue[float32])
	b.Run("f64", benchGemmEpilogue[float64])
}

func benchGemmEpilogue[T kernels.Float](b *testing.B) {
	const m, n, k = 1024, 512, 256
	x, w, bias := benchVector[T](m*k, 1), benchVector[T](k*n, 2), benchVector[T](n, 3)
	z, relu := make([]T, m*n), make([]T, m*n)
	flops := 2 * float64(m*n*k)
	for _, way := range []struct {
		name string
		f    func()
	}{
		{"fused", func() {
			kernels.GemmEpilogue(false, false, m, n, k, 1, x, k, w, n, 0, z, n,
				kernels.Epilogue[T]{Bias: bias, ReLU: relu, LDReLU: n})
		}},
		{"separate", func() {
			kernels.Gemm(false, false, m, n, k, 1, x, k, w, n, 0, z, n)
			for i := range m {
				kernels.Axpy(1, bias, z[i*n:(i+1)*n])
			}
			kernels.ReLU(relu, z)
		}},
	} {
		benchSub(b, fmt.Sprintf("shape=%dx%dx%d/way=%s", m, n, k, way.name), func(b *testing.B) {
			way.f() // fill the buffer pool
			for b.Loop() {
				way.f()
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkReLUMaskColSum times the backward pass of a ReLU and the bias
// gradient for 1024×512 values: way=fused is ReLUMaskColSum, way=separate
// ReLUMask then ColSum. GB/s counts dy, z and dst once.
func BenchmarkReLUMaskColSum(b *testing.B) {
	b.Run("f32", benchReLUMaskColSum[float32])
	b.Run("f64", benchReLUMaskColSum[float64])
}

func benchReLUMaskColSum[T kernels.Float](b *testing.B) {
	const rows, cols = 1024, 512
	dy, z := benchVector[T](rows*cols, 1), benchVector[T](rows*cols, 2)
	dst, sums := make([]T, rows*cols), make([]T, cols)
	for _, way := range []struct {
		name string
		f    func()
	}{
		{"fused", func() { kernels.ReLUMaskColSum(dst, sums, dy, z, cols) }},
		{"separate", func() {
			kernels.ReLUMask(dst, dy, z)
			kernels.ColSum(sums, dst, rows, cols, cols)
		}},
	} {
		benchSub(b, fmt.Sprintf("shape=%dx%d/way=%s", rows, cols, way.name), func(b *testing.B) {
			for b.Loop() {
				way.f()
			}
			reportGBs[T](b, 3*rows*cols)
		})
	}
}

// benchSub runs f as the sub-benchmark name, reporting allocations.
func benchSub(b *testing.B, name string, f func(b *testing.B)) {
	b.Run(name, func(b *testing.B) {
		b.ReportAllocs()
		f(b)
	})
}

// benchVector returns n values uniform in [−1, 1).
func benchVector[T kernels.Float](n int, seed uint64) []T {
	r := rand.New(rand.NewPCG(uint64(n), seed))
	v := make([]T, n)
	for i := range v {
		v[i] = T(r.Float64()*2 - 1)
	}
	return v
}

// reportGBs reports GB/s for an op that reads or writes elements values of
// type T.
func reportGBs[T kernels.Float](b *testing.B, elements int) {
	size := 8
	if dispatch.Is32[T]() {
		size = 4
	}
	b.ReportMetric(float64(elements*size)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
}
