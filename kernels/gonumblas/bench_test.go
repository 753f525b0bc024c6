package gonumblas_test

import (
	"flag"
	"fmt"
	"testing"

	"github.com/simdkern/simdkern/kernels/gonumblas"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"
)

// full adds n = 1024 to BenchmarkMatMul, as -bench.full adds sizes to the
// benchmarks of package bench. A 1024³ product takes gonum about half a
// second on one core here, so the size would add several seconds to every
// `go test -bench .`; the default sizes cost about 8 s.
var full = flag.Bool("bench.full", false, "BenchmarkMatMul: also n = 1024")

// BenchmarkMatMul measures mat.Dense.Mul of two n×n float64 matrices with
// gonum's BLAS and with Implementation. Compare with
//
//	go tool benchstat -col /impl
func BenchmarkMatMul(b *testing.B) {
	defer blas64.Use(blas64.Implementation())
	sizes := []int{64, 256, 512}
	if *full {
		sizes = append(sizes, 1024)
	}
	impls := []struct {
		name string
		impl blas.Float64
	}{
		{"gonum", gonum.Implementation{}},
		{"simdkern", gonumblas.Implementation{}},
	}
	for _, n := range sizes {
		x, y := filled(n), filled(n)
		z := mat.NewDense(n, n, nil)
		for _, im := range impls {
			b.Run(fmt.Sprintf("n=%d/impl=%s", n, im.name), func(b *testing.B) {
				blas64.Use(im.impl)
				for b.Loop() {
					z.Mul(x, y)
				}
				b.ReportMetric(2*float64(n*n*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

// filled returns an n×n matrix of values in [−1, 1).
func filled(n int) *mat.Dense {
	d := make([]float64, n*n)
	for i := range d {
		d[i] = float64(i%17)/8 - 1
	}
	return mat.NewDense(n, n, d)
}

// BenchmarkGemv measures Dgemv and Sgemv, y = A·x and y = Aᵀ·x with a
// square n×n A, with gonum's BLAS and with Implementation.
func BenchmarkGemv(b *testing.B) {
	b.Run("f64", func(b *testing.B) { benchGemv[float64](b, gonum.Implementation.Dgemv, gonumblas.Implementation.Dgemv) })
	b.Run("f32", func(b *testing.B) { benchGemv[float32](b, gonum.Implementation.Sgemv, gonumblas.Implementation.Sgemv) })
}

func benchGemv[T float32 | float64](b *testing.B,
	gonumGemv func(gonum.Implementation, blas.Transpose, int, int, T, []T, int, []T, int, T, []T, int),
	simdGemv func(gonumblas.Implementation, blas.Transpose, int, int, T, []T, int, []T, int, T, []T, int)) {
	impls := []struct {
		name string
		gemv func(blas.Transpose, int, int, T, []T, int, []T, int, T, []T, int)
	}{
		{"gonum", func(t blas.Transpose, m, n int, alpha T, a []T, lda int, x []T, incX int, beta T, y []T, incY int) {
			gonumGemv(gonum.Implementation{}, t, m, n, alpha, a, lda, x, incX, beta, y, incY)
		}},
		{"simdkern", func(t blas.Transpose, m, n int, alpha T, a []T, lda int, x []T, incX int, beta T, y []T, incY int) {
			simdGemv(gonumblas.Implementation{}, t, m, n, alpha, a, lda, x, incX, beta, y, incY)
		}},
	}
	for _, n := range []int{64, 256, 1024} {
		a, x, y := make([]T, n*n), make([]T, n), make([]T, n)
		for i := range a {
			a[i] = T(i%17)/8 - 1
		}
		for i := range x {
			x[i] = T(i%5)/4 - 0.5
		}
		for _, t := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			for _, im := range impls {
				b.Run(fmt.Sprintf("trans=%c/n=%d/impl=%s", t, n, im.name), func(b *testing.B) {
					for b.Loop() {
						im.gemv(t, n, n, 1, a, n, x, 1, 0.5, y, 1)
					}
					b.ReportMetric(2*float64(n*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				})
			}
		}
	}
}
