package bench

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/nn"
)

// A trainNet is a network of BenchmarkTrainStep: Dense layers of the
// widths, ReLU between them, and a head, trained on batches of batch
// samples.
type trainNet struct {
	name   string // the net= key
	widths []int  // inputs, the hidden layers' neurons, outputs
	head   string // "softmax" (cross-entropy), "sigmoid" (binary cross-entropy) or "linear" (mean squared error)
	batch  int
}

// The networks of BenchmarkTrainStep:
//   - spiral: the spiral classifier with plain SGD (learning rate 0.01) on
//     batches of 1024 of the book's spiral data;
//   - mnist: the book's chapter-19 MNIST classifier as examples/mnist trains
//     it, with Adam (learning rate 0.001, decay 1e-3) on batches of 128
//     (random pixels in [−1, 1] and classes: the time of a step does not
//     depend on them);
//   - binary: the book's binary logistic regression of chapter 16, one
//     sigmoid output with binary cross-entropy, Adam (0.001, decay 5e-7),
//     on batches of 1024 of two spiral arms;
//   - sine: the book's regression of chapter 17, a linear output with the
//     mean squared error, Adam (0.005, decay 1e-3), on the 1000 samples of
//     its sine data.
var (
	spiralNet = trainNet{"spiral", []int{2, 512, 512, 3}, "softmax", 1024}
	mnistNet  = trainNet{"mnist", []int{784, 128, 128, 10}, "softmax", 128}
	binaryNet = trainNet{"binary", []int{2, 64, 1}, "sigmoid", 1024}
	sineNet   = trainNet{"sine", []int{1, 64, 64, 1}, "linear", 1000}
)

// BenchmarkTrainStep times one training step (forward, loss, backward,
// optimizer update) of nn.Model on a batch, for each network (net=) on
// every simdkern path, and reports samples/s. bench/torch_baseline.py times
// the same steps in PyTorch as impl=torch.
//
// With GOMAXPROCS above 1, the float32 MNIST step also runs on the path the
// public API runs under a key of its own that names the cores it may use,
// e.g. impl=avx512-2cores: `make bench` runs the suite with GOMAXPROCS=1,
// then this key alone on every core (benchrun's allCoresBench), so that the
// summary shows the step on one core and on all of them side by side.
func BenchmarkTrainStep(b *testing.B) {
	b.Run("f32", func(b *testing.B) { benchTrainStep[float32](b, mnistNet.name) })
	b.Run("f64", func(b *testing.B) { benchTrainStep[float64](b, "") })
}

// benchTrainStep times the networks' steps on every path and, with
// GOMAXPROCS above 1, the network named allCores on the active path as
// impl=<path>-<GOMAXPROCS>cores.
func benchTrainStep[T dispatch.Float](b *testing.B, allCores string) {
	for _, net := range []trainNet{spiralNet, mnistNet, binaryNet, sineNet} {
		b.Run("net="+net.name, func(b *testing.B) {
			model, batch := trainSetup[T](net)
			type keyed struct {
				key   string // impl=
				im    *dispatch.Impl
				procs int // the GOMAXPROCS the key names, 0 if none
			}
			var runs []keyed
			for _, im := range paths() {
				runs = append(runs, keyed{im.Name, im, 0})
			}
			if procs := runtime.GOMAXPROCS(0); net.name == allCores && procs > 1 {
				im := dispatch.Active()
				runs = append(runs, keyed{fmt.Sprintf("%s-%dcores", im.Name, procs), im, procs})
			}
			for _, r := range runs {
				b.Run("impl="+r.key, func(b *testing.B) {
					if r.procs > 0 && runtime.GOMAXPROCS(0) != r.procs {
						// go test -cpu sets GOMAXPROCS for each leaf, after the key was named.
						b.Skipf("GOMAXPROCS=%d, not the %d of the key", runtime.GOMAXPROCS(0), r.procs)
					}
					defer dispatch.Use(r.im)()
					step := func() {
						if _, err := model.TrainStep(batch); err != nil {
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

// trainSetup returns the model of net with He-initialised weights and its
// optimizer, and a batch of samples with their targets.
func trainSetup[T dispatch.Float](net trainNet) (*nn.Model[T], nn.Dataset[T]) {
	w := net.widths
	rng := rand.New(rand.NewPCG(uint64(net.batch), uint64(w[1])))
	var batch nn.Dataset[T]
	var opt nn.Optimizer[T]
	outputs := w[len(w)-1]
	switch net.name {
	case "spiral", "binary":
		classes := max(outputs, 2)
		data := nn.Spiral[T](net.batch/classes+1, classes, rng)
		batch = nn.Dataset[T]{X: nn.NewMatrix(net.batch, 2, data.X.Data[:2*net.batch]), Classes: data.Classes[:net.batch]}
		opt = &nn.SGD[T]{LearningRate: 0.01}
		if net.name == "binary" {
			batch = batch.Values()
			opt = &nn.Adam[T]{LearningRate: 0.001, Decay: 5e-7}
		}
	case "mnist":
		batch = nn.Dataset[T]{X: nn.NewMatrix[T](net.batch, w[0], nil), Classes: make([]int, net.batch)}
		for i := range batch.X.Data {
			batch.X.Data[i] = T(2*rng.Float64() - 1)
		}
		for i := range batch.Classes {
			batch.Classes[i] = rng.IntN(outputs)
		}
		opt = &nn.Adam[T]{LearningRate: 0.001, Decay: 1e-3}
	case "sine":
		batch = nn.Sine[T](net.batch)
		opt = &nn.Adam[T]{LearningRate: 0.005, Decay: 1e-3}
	}
	var layers []nn.Layer[T]
	for i := 1; i < len(w); i++ {
		if i > 1 {
			layers = append(layers, &nn.ReLU[T]{})
		}
		layers = append(layers, nn.NewDenseInit[T](w[i-1], w[i], nn.InitHe, rng))
	}
	model := nn.NewModel(opt, layers...)
	switch net.head {
	case "sigmoid":
		model.Head = &nn.SigmoidBinaryCrossEntropy[T]{}
	case "linear":
		model.Head = &nn.Regression[T]{}
	}
	return model, batch
}
