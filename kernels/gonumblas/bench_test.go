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
