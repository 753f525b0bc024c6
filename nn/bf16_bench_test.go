package nn_test

import (
	"math/rand/v2"
	"testing"

	"github.com/simdkern/simdkern/nn"
)

// BenchmarkPredictBF16 times batch-1 Predict of the chapter-19 network,
// 784-128-128-10, with float32 weights (impl=f32) and the same model
// converted to bfloat16 weights (impl=bf16), on the dispatched path.
func BenchmarkPredictBF16(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 10))
	f32 := mnistNet(r)
	bf16 := mnistNet(r)
	nn.ConvertBFloat16(bf16)
	x := nn.NewMatrix[float32](1, 784, nil)
	for i := range x.Data {
		x.Data[i] = r.Float32()
	}
	for _, m := range []struct {
		name  string
		model *nn.Model[float32]
	}{{"f32", f32}, {"bf16", bf16}} {
		b.Run("batch=1/impl="+m.name, func(b *testing.B) {
			b.ReportAllocs()
			if _, err := m.model.Predict(x); err != nil { // sizes the layers' matrices
				b.Fatal(err)
			}
			for b.Loop() {
				m.model.Predict(x)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "samples/s")
		})
	}
}
