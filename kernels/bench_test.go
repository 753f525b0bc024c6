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
