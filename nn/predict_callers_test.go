package nn_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/simdkern/simdkern/nn"
)

// BenchmarkPredictCallers times callers=1, 2, 16 and 64 goroutines calling
// Model.Predict at once on batches of batch=1 and 64 samples, as
// concurrent requests to a server would: the MNIST network 784→128→128→10
// in float32, one model a caller (a Model is not safe for concurrent use)
// sharing one set of weights, at the default parallelism, after a round
// that sizes the models' matrices and fills the pools of packing buffers.
// samples/s is the aggregate of all callers.
func BenchmarkPredictCallers(b *testing.B) {
	r := rand.New(rand.NewPCG(21, 22))
	dense := []*nn.Dense[float32]{
		nn.NewDenseInit[float32](784, 128, nn.InitHe, r),
		nn.NewDenseInit[float32](128, 128, nn.InitHe, r),
		nn.NewDenseInit[float32](128, 10, nn.InitHe, r),
	}
	model := func() *nn.Model[float32] {
		var layers []nn.Layer[float32]
		for i, d := range dense {
			if i > 0 {
				layers = append(layers, &nn.ReLU[float32]{})
			}
			layers = append(layers, nn.NewDense(d.Weights, d.Biases))
		}
		return nn.NewModel[float32](nil, layers...)
	}
	for _, callers := range []int{1, 2, 16, 64} {
		for _, batch := range []int{1, 64} {
			x := benchMatrix[float32](r, batch, 784)
			b.Run(fmt.Sprintf("callers=%d/batch=%d", callers, batch), func(b *testing.B) {
				models := make([]*nn.Model[float32], callers)
				for g := range models {
					models[g] = model()
				}
				run := func(calls int) {
					var done atomic.Int64
					var wg sync.WaitGroup
					for _, m := range models {
						wg.Go(func() {
							for done.Add(1) <= int64(calls) {
								if _, err := m.Predict(x); err != nil {
									b.Error(err)
									return
								}
							}
						})
					}
					wg.Wait()
				}
				run(callers)
				b.ResetTimer()
				run(b.N)
				b.ReportMetric(float64(batch*b.N)/b.Elapsed().Seconds(), "samples/s")
			})
		}
	}
}
