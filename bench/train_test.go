package bench

import (
	"math/rand/v2"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/nn"
)

// A trainNet is a network of BenchmarkTrainStep: inputs → hidden → ReLU →
// hidden → ReLU → classes with softmax cross-entropy, trained on batches
// of batch samples.
type trainNet struct {
	name                           string // the net= key
	inputs, hidden, classes, batch int
}

// The networks of BenchmarkTrainStep: the spiral classifier with plain SGD
// (learning rate 0.01) on batches of 1024 of the book's spiral data, and
// the book's chapter-19 MNIST classifier as examples/mnist trains it, with
// Adam (learning rate 0.001, decay 1e-3) on batches of 128 (random pixels
// in [−1, 1] and classes: the time of a step does not depend on them).
var (
	spiralNet = trainNet{"spiral", 2, 512, 3, 1024}
	mnistNet  = trainNet{"mnist", 784, 128, 10, 128}
)

// BenchmarkTrainStep times one training step (forward, loss, backward,
// optimizer update) of nn.Model on a batch, for each network (net=) on
// every simdkern path, and reports samples/s. bench/torch_baseline.py times
// the same steps in PyTorch as impl=torch.
func BenchmarkTrainStep(b *testing.B) {
	b.Run("f32", benchTrainStep[float32])
	b.Run("f64", benchTrainStep[float64])
}

func benchTrainStep[T dispatch.Float](b *testing.B) {
	for _, net := range []trainNet{spiralNet, mnistNet} {
		b.Run("net="+net.name, func(b *testing.B) {
			model, x, classes := trainSetup[T](net)
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
					b.ReportMetric(float64(net.batch)*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
				})
			}
		})
	}
}

// trainSetup returns the model of net with He-initialised weights, its
// optimizer, and a batch of samples with their classes.
func trainSetup[T dispatch.Float](net trainNet) (*nn.Model[T], nn.Matrix[T], []int) {
	rng := rand.New(rand.NewPCG(uint64(net.batch), uint64(net.hidden)))
	x := nn.NewMatrix[T](net.batch, net.inputs, nil)
	classes := make([]int, net.batch)
	var opt nn.Optimizer[T]
	switch net {
	case spiralNet:
		data := nn.Spiral[T](net.batch/net.classes+1, net.classes, rng)
		copy(x.Data, data.X.Data)
		copy(classes, data.Classes)
		opt = &nn.SGD[T]{LearningRate: 0.01}
	case mnistNet:
		for i := range x.Data {
			x.Data[i] = T(2*rng.Float64() - 1)
		}
		for i := range classes {
			classes[i] = rng.IntN(net.classes)
		}
		opt = &nn.Adam[T]{LearningRate: 0.001, Decay: 1e-3}
	}
	model := nn.NewModel(opt,
		nn.NewDenseInit[T](net.inputs, net.hidden, nn.InitHe, rng), &nn.ReLU[T]{},
		nn.NewDenseInit[T](net.hidden, net.hidden, nn.InitHe, rng), &nn.ReLU[T]{},
		nn.NewDenseInit[T](net.hidden, net.classes, nn.InitHe, rng))
	return model, x, classes
}
