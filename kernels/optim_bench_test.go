package kernels_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/kernels"
)

// The optimizer benchmarks time one step over optimN parameters on every
// path this CPU runs (impl=avx512, avx2, neon, generic) and as the scalar
// loop package nn ran before the kernels (impl=scalar), and report millions
// of parameters a second. The slices of a step stay in L2 (Adam in float64:
// four slices of 128 KiB). Compare the paths with
//
//	go test -run '^$' -bench 'SGDMomentum|Adagrad|RMSprop|Adam' -count 10 ./kernels | tee optim.txt
//	go tool benchstat -col /impl optim.txt
const optimN = 16384

// BenchmarkSGDMomentum times SGDMomentum (w, g, u: 2 reads, 2 writes).
func BenchmarkSGDMomentum(b *testing.B) {
	b.Run("f32", benchSGDMomentum[float32])
	b.Run("f64", benchSGDMomentum[float64])
}

func benchSGDMomentum[T kernels.Float](b *testing.B) {
	s := optimState[T](3)
	w, g, u := s[0], s[1], s[2]
	const rate, momentum = 0.001, 0.9
	benchOptim(b,
		func(k *dispatch.Kernels[T]) { k.SGDMomentum(rate, momentum, w, g, u) },
		func() {
			for i := range w {
				u[i] = momentum*u[i] - rate*g[i]
				w[i] += u[i]
			}
		})
}

// BenchmarkAdagrad times Adagrad (w, g, c: 3 reads, 2 writes, a square
// root and a division a parameter).
func BenchmarkAdagrad(b *testing.B) {
	b.Run("f32", benchAdagrad[float32])
	b.Run("f64", benchAdagrad[float64])
}

func benchAdagrad[T kernels.Float](b *testing.B) {
	s := optimState[T](3)
	w, g, c := s[0], s[1], s[2]
	const rate, eps = 0.001, 1e-7
	benchOptim(b,
		func(k *dispatch.Kernels[T]) { k.Adagrad(rate, eps, w, g, c) },
		func() {
			for i := range w {
				c[i] += g[i] * g[i]
				w[i] += -rate * g[i] / (T(math.Sqrt(float64(c[i]))) + eps)
			}
		})
}

// BenchmarkRMSprop times RMSprop (w, g, c: 3 reads, 2 writes, a square
// root and a division a parameter).
func BenchmarkRMSprop(b *testing.B) {
	b.Run("f32", benchRMSprop[float32])
	b.Run("f64", benchRMSprop[float64])
}

func benchRMSprop[T kernels.Float](b *testing.B) {
	s := optimState[T](3)
	w, g, c := s[0], s[1], s[2]
	const rate, rho, eps = 0.001, 0.9, 1e-7
	benchOptim(b,
		func(k *dispatch.Kernels[T]) { k.RMSprop(rate, rho, eps, w, g, c) },
		func() {
			for i := range w {
				c[i] = rho*c[i] + (1-rho)*g[i]*g[i]
				w[i] += -rate * g[i] / (T(math.Sqrt(float64(c[i]))) + eps)
			}
		})
}

// BenchmarkAdam times Adam (w, g, m, v: 4 reads, 3 writes, a square root
// and three divisions a parameter).
func BenchmarkAdam(b *testing.B) {
	b.Run("f32", benchAdam[float32])
	b.Run("f64", benchAdam[float64])
}

func benchAdam[T kernels.Float](b *testing.B) {
	s := optimState[T](4)
	w, g, m, v := s[0], s[1], s[2], s[3]
	const rate, b1, b2, eps, c1, c2 = 0.001, 0.9, 0.999, 1e-7, 0.1, 0.001
	benchOptim(b,
		func(k *dispatch.Kernels[T]) { k.Adam(rate, b1, b2, eps, c1, c2, w, g, m, v) },
		func() {
			for i := range w {
				m[i] = b1*m[i] + (1-b1)*g[i]
				v[i] = b2*v[i] + (1-b2)*g[i]*g[i]
				w[i] += -rate * (m[i] / c1) / (T(math.Sqrt(float64(v[i]/c2))) + eps)
			}
		})
}

// optimState returns the slices of a step, w, g and the state (count in
// all), of optimN values: the state non-negative, as sums of squares are.
func optimState[T kernels.Float](count int) [][]T {
	s := make([][]T, count)
	for i := range s {
		s[i] = benchVector[T](optimN, uint64(10+i))
		if i >= 2 {
			for j, x := range s[i] {
				s[i][j] = T(math.Abs(float64(x)))
			}
		}
	}
	return s
}

// benchOptim runs step on every path this CPU runs, and scalar, reporting
// Mparam/s.
func benchOptim[T kernels.Float](b *testing.B, step func(k *dispatch.Kernels[T]), scalar func()) {
	run := func(impl string, f func()) {
		benchSub(b, fmt.Sprintf("impl=%s/n=%d", impl, optimN), func(b *testing.B) {
			for b.Loop() {
				f()
			}
			b.ReportMetric(optimN*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mparam/s")
		})
	}
	for _, im := range dispatch.Runnable() {
		k := dispatch.For[T](im)
		run(im.Name, func() { step(k) })
	}
	run("scalar", scalar)
}
