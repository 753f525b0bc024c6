package kernels_test

import (
	"math"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/kernels"
)

// BenchmarkExp times Exp of n = 4096 values in [−8, 8) on every path this
// CPU runs, beside impl=math, a loop of math.Exp (in float64, rounded to
// T for float32). Compare with go tool benchstat -col /impl.
func BenchmarkExp(b *testing.B) {
	b.Run("f32", benchExp[float32])
	b.Run("f64", benchExp[float64])
}

func benchExp[T kernels.Float](b *testing.B) {
	x, dst := benchVector[T](benchN, 3), make([]T, benchN)
	for i := range x {
		x[i] *= 8
	}
	run := func(b *testing.B, exp func(dst, x []T)) {
		b.ReportAllocs()
		for b.Loop() {
			exp(dst, x)
		}
		b.ReportMetric(float64(benchN)*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gelem/s")
	}
	b.Run("n=4096/impl=math", func(b *testing.B) {
		run(b, func(dst, x []T) {
			for i, v := range x {
				dst[i] = T(math.Exp(float64(v)))
			}
		})
	})
	for _, im := range dispatch.Runnable() {
		b.Run("n=4096/impl="+im.Name, func(b *testing.B) { run(b, dispatch.For[T](im).Exp) })
	}
}
