package bench

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/ref"
)

// vectorSizes are the lengths of the vector benchmarks: L1-resident up to
// 4096, L2-resident at 65536, beyond the caches at 4M; 4096 by default.
func vectorSizes() []int { return sweep([]int{4096}, []int{16, 64, 1024, 4096, 65536, 4 << 20}) }

// colSumShapes are the rows×cols matrices of BenchmarkColSum; 512×256 by
// default.
func colSumShapes() [][2]int {
	return sweep([][2]int{{512, 256}}, [][2]int{{64, 1024}, {512, 256}, {1024, 1024}})
}

// vecImpl is one implementation of a kernel of type F.
type vecImpl[F any] struct {
	name string
	f    F
}

// vecImpls returns the kernel that pick selects on every simdkern path this
// CPU runs, then naive, then the peers that are not nil.
func vecImpls[T dispatch.Float, F any](pick func(*dispatch.Kernels[T]) F, naive F, peers ...vecImpl[any]) []vecImpl[F] {
	var r []vecImpl[F]
	for _, im := range paths() {
		r = append(r, vecImpl[F]{im.Name, pick(dispatch.For[T](im))})
	}
	r = append(r, vecImpl[F]{"naive", naive})
	for _, p := range peers {
		if p.f != nil {
			r = append(r, vecImpl[F]{p.name, p.f.(F)})
		}
	}
	return r
}

// benchVector runs loop for every impl on vectors random vectors of every
// length of vectorSizes, and reports GB/s for moved elements read or
// written per index.
func benchVector[T dispatch.Float, F any](b *testing.B, impls []vecImpl[F], vectors, moved int, loop func(b *testing.B, f F, v [][]T)) {
	for _, im := range impls {
		b.Run("impl="+im.name, func(b *testing.B) {
			for _, n := range vectorSizes() {
				b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
					v := make([][]T, vectors)
					for i := range v {
						v[i] = randVector[T](n, uint64(i))
					}
					b.ReportAllocs()
					loop(b, im.f, v)
					reportGBs(b, moved*n*sizeOf[T]())
				})
			}
		})
	}
}

// randVector returns n values uniform in [−1, 1).
func randVector[T dispatch.Float](n int, seed uint64) []T {
	r := rand.New(rand.NewPCG(uint64(n), seed))
	v := make([]T, n)
	for i := range v {
		v[i] = T(r.Float64()*2 - 1)
	}
	return v
}

// sizeOf returns the size of a T in bytes.
func sizeOf[T dispatch.Float]() int {
	if dispatch.Is32[T]() {
		return 4
	}
	return 8
}

// byType returns f32 when T is float32 and f64 otherwise.
func byType[T dispatch.Float](f32, f64 any) any {
	if dispatch.Is32[T]() {
		return f32
	}
	return f64
}

// BenchmarkDot times Dot (2 reads an element) against gonum's blas32/blas64
// Dot and, with -tags openblas, OpenBLAS.
func BenchmarkDot(b *testing.B) {
	bothTypes(b, benchDot[float32], benchDot[float64])
}

func benchDot[T dispatch.Float](b *testing.B) {
	var ob any
	if openblas != nil {
		ob = byType[T](openblas.Sdot, openblas.Ddot)
	}
	impls := vecImpls(func(k *dispatch.Kernels[T]) func(x, y []T) T { return k.Dot }, dotNaive[T],
		vecImpl[any]{"gonum", byType[T](
			func(x, y []float32) float32 {
				return blas32.Dot(blas32.Vector{N: len(x), Inc: 1, Data: x}, blas32.Vector{N: len(y), Inc: 1, Data: y})
			},
			func(x, y []float64) float64 {
				return blas64.Dot(blas64.Vector{N: len(x), Inc: 1, Data: x}, blas64.Vector{N: len(y), Inc: 1, Data: y})
			})},
		vecImpl[any]{"openblas", ob})
	benchVector(b, impls, 2, 2, func(b *testing.B, dot func(x, y []T) T, v [][]T) {
		x, y := v[0], v[1]
		for b.Loop() {
			dot(x, y)
		}
	})
}

func dotNaive[T dispatch.Float](x, y []T) T {
	var s T
	for i := range x {
		s += x[i] * y[i]
	}
	return s
}

// BenchmarkAxpy times Axpy (2 reads and a write an element) against gonum's
// blas32/blas64 Axpy and, with -tags openblas, OpenBLAS.
func BenchmarkAxpy(b *testing.B) {
	bothTypes(b, benchAxpy[float32], benchAxpy[float64])
}

func benchAxpy[T dispatch.Float](b *testing.B) {
	var ob any
	if openblas != nil {
		ob = byType[T](openblas.Saxpy, openblas.Daxpy)
	}
	impls := vecImpls(func(k *dispatch.Kernels[T]) func(alpha T, x, y []T) { return k.Axpy }, axpyNaive[T],
		vecImpl[any]{"gonum", byType[T](
			func(alpha float32, x, y []float32) {
				blas32.Axpy(alpha, blas32.Vector{N: len(x), Inc: 1, Data: x}, blas32.Vector{N: len(y), Inc: 1, Data: y})
			},
			func(alpha float64, x, y []float64) {
				blas64.Axpy(alpha, blas64.Vector{N: len(x), Inc: 1, Data: x}, blas64.Vector{N: len(y), Inc: 1, Data: y})
			})},
		vecImpl[any]{"openblas", ob})
	benchVector(b, impls, 2, 3, func(b *testing.B, axpy func(alpha T, x, y []T), v [][]T) {
		x, y := v[0], v[1]
		for b.Loop() {
			axpy(1.0/1024, x, y)
		}
	})
}

func axpyNaive[T dispatch.Float](alpha T, x, y []T) {
	for i := range x {
		y[i] += alpha * x[i]
	}
}

// BenchmarkReLU times ReLU into another slice (a read and a write an
// element).
func BenchmarkReLU(b *testing.B) {
	bothTypes(b, benchReLU[float32], benchReLU[float64])
}

func benchReLU[T dispatch.Float](b *testing.B) {
	impls := vecImpls(func(k *dispatch.Kernels[T]) func(dst, x []T) { return k.ReLU }, ref.ReLU[T])
	benchVector(b, impls, 2, 2, func(b *testing.B, relu func(dst, x []T), v [][]T) {
		dst, x := v[0], v[1]
		for b.Loop() {
			relu(dst, x)
		}
	})
}

// BenchmarkReLUMask times ReLUMask into a third slice (2 reads and a write
// an element).
func BenchmarkReLUMask(b *testing.B) {
	bothTypes(b, benchReLUMask[float32], benchReLUMask[float64])
}

func benchReLUMask[T dispatch.Float](b *testing.B) {
	impls := vecImpls(func(k *dispatch.Kernels[T]) func(dst, dy, z []T) { return k.ReLUMask }, ref.ReLUMask[T])
	benchVector(b, impls, 3, 3, func(b *testing.B, reluMask func(dst, dy, z []T), v [][]T) {
		dst, dy, z := v[0], v[1], v[2]
		for b.Loop() {
			reluMask(dst, dy, z)
		}
	})
}

// BenchmarkColSum times ColSum of the shapes of colSumShapes (lda = cols;
// the matrix read, the sums written).
func BenchmarkColSum(b *testing.B) {
	bothTypes(b, benchColSum[float32], benchColSum[float64])
}

func benchColSum[T dispatch.Float](b *testing.B) {
	for _, im := range vecImpls(func(k *dispatch.Kernels[T]) func(dst, a []T, rows, cols, lda int) { return k.ColSum }, colSumNaive[T]) {
		b.Run("impl="+im.name, func(b *testing.B) {
			for _, s := range colSumShapes() {
				rows, cols := s[0], s[1]
				b.Run(fmt.Sprintf("shape=%dx%d", rows, cols), func(b *testing.B) {
					a, dst := randVector[T](rows*cols, 0), make([]T, cols)
					b.ReportAllocs()
					for b.Loop() {
						im.f(dst, a, rows, cols, cols)
					}
					reportGBs(b, (rows+1)*cols*sizeOf[T]())
				})
			}
		})
	}
}

func colSumNaive[T dispatch.Float](dst, a []T, rows, cols, lda int) {
	clear(dst[:cols])
	for i := range rows {
		for j := range cols {
			dst[j] += a[i*lda+j]
		}
	}
}
