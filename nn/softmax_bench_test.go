package nn_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/kernels"
	"github.com/simdkern/simdkern/nn"
)

// BenchmarkSoftmax times Softmax.Forward of a 1024×1000 batch (wide
// outputs, as ImageNet's) on every path this CPU runs, beside impl=scalar,
// the loop Forward ran before kernels.Softmax: a float64 math.Exp per
// element. Compare with go tool benchstat -col /impl.
func BenchmarkSoftmax(b *testing.B) {
	b.Run("f32", benchSoftmax[float32])
	b.Run("f64", benchSoftmax[float64])
}

func benchSoftmax[T kernels.Float](b *testing.B) {
	const rows, cols = 1024, 1000
	r := rand.New(rand.NewPCG(rows, cols))
	data := make([]T, rows*cols)
	for i := range data {
		data[i] = T(8*r.Float64() - 4)
	}
	in := nn.NewMatrix(rows, cols, data)
	run := func(b *testing.B, forward func()) {
		b.ReportAllocs()
		for b.Loop() {
			forward()
		}
		b.ReportMetric(float64(rows*cols)*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gelem/s")
	}
	b.Run("impl=scalar", func(b *testing.B) {
		out := make([]T, rows*cols)
		run(b, func() { scalarSoftmax(out, data, cols) })
	})
	for _, im := range dispatch.Runnable() {
		b.Run("impl="+im.Name, func(b *testing.B) {
			defer dispatch.Use(im)()
			var s nn.Softmax[T]
			s.Forward(in) // Output allocated before timing
			run(b, func() { s.Forward(in) })
		})
	}
}

// scalarSoftmax is Softmax.Forward as it was before kernels.Softmax: the
// baseline of BenchmarkSoftmax.
func scalarSoftmax[T kernels.Float](out, data []T, cols int) {
	for i := 0; i < len(data); i += cols {
		in, out := data[i:i+cols], out[i:i+cols]
		m := in[0]
		for _, v := range in[1:] {
			if v > m || v != v {
				m = v
				if v != v {
					break
				}
			}
		}
		var sum T
		for j, v := range in {
			e := T(math.Exp(float64(v - m)))
			out[j] = e
			sum += e
		}
		for j := range out {
			out[j] /= sum
		}
	}
}
