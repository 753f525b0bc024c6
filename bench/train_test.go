package bench

import (
	"math/rand/v2"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/nn"
)

// The training step of BenchmarkTrainStep: a 2 → 512 → 512 → 3 ReLU network
// with softmax cross-entropy, batches of 1024 samples, plain SGD.
const trainBatch, trainHidden, trainClasses = 1024, 512, 3

// BenchmarkTrainStep times one training step (forward, loss, backward, SGD
// update) of nn.Model on a batch of spiral data, on every simdkern path,
// and reports samples/s. bench/torch_baseline.py times the same step in
// PyTorch as impl=torch.
func BenchmarkTrainStep(b *testing.B) {
	b.Run("f32", benchTrainStep[float32])
	b.Run("f64", benchTrainStep[float64])
}

func benchTrainStep[T dispatch.Float](b *testing.B) {
	rng := rand.New(rand.NewPCG(trainBatch, trainHidden))
	data := nn.Spiral[T](trainBatch/trainClasses+1, trainClasses, rng)
	x := nn.NewMatrix(trainBatch, 2, data.X.Data[:2*trainBatch])
	classes := data.Classes[:trainBatch]
	model := nn.NewModel(&nn.SGD[T]{LearningRate: 0.01},
		nn.NewDenseInit[T](2, trainHidden, nn.InitHe, rng), &nn.ReLU[T]{},
		nn.NewDenseInit[T](trainHidden, trainHidden, nn.InitHe, rng), &nn.ReLU[T]{},
		nn.NewDenseInit[T](trainHidden, trainClasses, nn.InitHe, rng))
	for _, im := range paths() {
		b.Run("impl="+im.Name, func(b *testing.B) {
			defer dispatch.Use(im)()
			step := func() {
				if _, err := model.TrainBatch(x, classes); err != nil {
					b.Fatal(err)
				}
			}
			step()
			b.ReportAllocs()
			for b.Loop() {
				step()
			}
			b.ReportMetric(trainBatch*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
		})
	}
}
