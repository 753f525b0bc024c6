package nn_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/simdkern/simdkern/nn"
)

// bookBinary trains the book's chapter 16 network (Ch16_Final.py) as the
// book does: 100 spiral points of each of 2 classes as binary targets,
// Dense 2→64 (0.01·N(0, 1) weights, L2 5e-4 on weights and biases), ReLU,
// Dense 64→1, sigmoid with binary cross-entropy, Adam with the default
// learning rate 0.001 and decay 5e-7, 10001 full-batch epochs; then it
// evaluates the model on 100 fresh points of each class. It returns the last
// epoch's figures (the book's "epoch: 10000" line: the forward pass before
// the 10001st update) and the validation accuracy and loss.
func bookBinary(t *testing.T, seed uint64) (last nn.Epoch, valAcc, valLoss float64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 16))
	train := nn.Spiral[float32](100, 2, rng).Values()
	d1 := nn.NewDenseInit[float32](2, 64, nn.InitBook, rng)
	d1.WeightL2, d1.BiasL2 = 5e-4, 5e-4
	m := nn.NewModel(nn.Optimizer[float32](&nn.Adam[float32]{Decay: 5e-7}),
		d1, &nn.ReLU[float32]{}, nn.NewDenseInit[float32](64, 1, nn.InitBook, rng))
	m.Head = &nn.SigmoidBinaryCrossEntropy[float32]{}
	history, err := m.Train(train, nn.TrainOptions[float32]{Epochs: 10001})
	if err != nil {
		t.Fatal(err)
	}
	vl, va, err := m.Evaluate(nn.Spiral[float32](100, 2, rng).Values())
	if err != nil {
		t.Fatal(err)
	}
	return history[len(history)-1], float64(va), float64(vl)
}

// bookDense is the Layer_Dense of the book's chapter 17, whose weights are
// 0.1·N(0, 1) in Ch17_Final.py (nn.InitBook is the 0.01 of the earlier
// chapters' code).
func bookDense(nIn, nOut int, rng *rand.Rand) *nn.Dense[float32] {
	w := nn.NewMatrix[float32](nIn, nOut, nil)
	for i := range w.Data {
		w.Data[i] = float32(0.1 * rng.NormFloat64())
	}
	return nn.NewDense(w, nn.NewMatrix[float32](1, nOut, nil))
}

// bookRegression trains the book's chapter 17 network (Ch17_Final.py) as
// the book does: its sine data of 1000 samples (sine_data()'s default),
// Dense 1→64→64→1 with ReLU and a linear output (0.1·N(0, 1) weights),
// mean squared error, Adam with learning rate 0.005 and decay 1e-3, 10001
// full-batch epochs, accuracy |ŷ − y| < std(y)/250. It returns the last
// epoch's figures (the book's "epoch: 10000" line). It trains the first
// 1000 epochs in one call to Train and the rest in another (the same steps:
// full batches in order, Adam counting on), and skips the test if the first
// 1000 took longer than budget.
func bookRegression(t *testing.T, seed uint64, budget time.Duration) nn.Epoch {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 17))
	m := nn.NewModel(nn.Optimizer[float32](&nn.Adam[float32]{LearningRate: 0.005, Decay: 1e-3}),
		bookDense(1, 64, rng), &nn.ReLU[float32]{},
		bookDense(64, 64, rng), &nn.ReLU[float32]{},
		bookDense(64, 1, rng))
	m.Head = &nn.Regression[float32]{}
	data := nn.Sine[float32](1000)
	start := time.Now()
	if _, err := m.Train(data, nn.TrainOptions[float32]{Epochs: 1000}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > budget {
		t.Skipf("the first 1000 epochs took %v, over %v (emulated, or the generic path): about %v for all", d.Round(time.Millisecond), budget, 10*d.Round(time.Second))
	}
	history, err := m.Train(data, nn.TrainOptions[float32]{Epochs: 9001})
	if err != nil {
		t.Fatal(err)
	}
	return history[len(history)-1]
}

// TestBookBinary trains the book's binary logistic regression (chapter 16,
// bookBinary) and compares it with what the book prints at the end of
// Ch16_Final.py (github.com/Sentdex/nnfs_book):
//
//	epoch: 10000, acc: 0.965, loss: 0.219 (data_loss: 0.156, reg_loss: 0.063), lr: 0.0009950253706593885
//	validation, acc: 0.945, loss: 0.207
//
// The spiral noise here is not numpy's, so the figures cannot be equal, and
// they depend on the draw far more than on the implementation: the book's
// own code on numpy 1.24.2 prints 0.945 and 0.920 for its seed 0 (the
// book's data and weights, other rounding), and 0.740 to 0.940 (training)
// and 0.700 to 0.930 (validation) for nnfs.init(random_seed=1..5). This
// package, seeds 1 to 8 on the avx512, avx2 and generic paths, reached 0.775
// to 0.970 (training) and 0.705 to 0.925 (validation). The margins, 0.25
// for training and 0.30 for validation, cover all of these with room (0.5
// is chance). Seed 3 gave 0.965 and 0.925 on avx512, 0.940 and 0.905 on
// avx2, 0.940 and 0.895 on generic, 0.925 and 0.875 on neon (under
// qemu-aarch64, 13 to 21 s; 0.4 s natively, 1.2 s on the generic path).
func TestBookBinary(t *testing.T) {
	if raceEnabled {
		t.Skip("about 30 times slower under the race detector")
	}
	const bookAcc, bookValAcc, accMargin, valMargin = 0.965, 0.945, 0.25, 0.30
	start := time.Now()
	last, valAcc, valLoss := bookBinary(t, 3)
	t.Logf("epoch: 10000, acc: %.3f, loss: %.3f; validation, acc: %.3f, loss: %.3f (%v)",
		last.Accuracy, last.Loss, valAcc, valLoss, time.Since(start).Round(time.Millisecond))
	if math.Abs(last.Accuracy-bookAcc) > accMargin {
		t.Errorf("training accuracy %.3f, the book's %.3f ± %.2f", last.Accuracy, bookAcc, accMargin)
	}
	if math.Abs(valAcc-bookValAcc) > valMargin {
		t.Errorf("validation accuracy %.3f, the book's %.3f ± %.2f", valAcc, bookValAcc, valMargin)
	}
}

// TestBookRegression trains the book's regression network (chapter 17,
// bookRegression) and compares its last epoch's accuracy with the book's
// code. The repository's Ch17_Final.py holds no printed output; run on
// numpy 1.24.2 it prints
//
//	epoch: 10000, acc: 0.981, loss: 0.000 (data_loss: 0.000, reg_loss: 0.000), lr: 0.00045458678061641964
//
// (0.926 and 0.808 with nnfs.init(random_seed=1 and 2)). The data are the
// same here (sine_data has no noise) but the weights are drawn from another
// generator. This package, seeds 1 to 5, reached 0.978, 0.944, 0.941,
// 0.988, 0.905 on avx512 and 0.986, 0.949, 0.943, 0.986, 0.904 on avx2; the
// margin, 0.10, covers them with room. The figure of one epoch is noisy: the
// precision std(y)/250 is tight, and Adam steps that throw the fit off for
// a few epochs (the book's code on numpy prints 0.861 at epoch 9800) take 10 to
// 15% of the last 1000 epochs below 0.88, so seeds 6 to 8 ended at 0.838,
// 0.750 and 0.112 on avx512 or avx2. Seed 2 ends at 0.944, 0.949 and 0.943
// on avx512, avx2 and generic, with no such step in its last 100 epochs on
// avx512 (a run of all 10001 epochs in one Train gives the same figures).
// About 4 s natively, 36 s on the generic path and 7 minutes under
// qemu-aarch64 (where the neon path ends at 0.943): skipped under -short,
// and when the first 1000 epochs take over 2 s (0.4 s natively), which
// skips it on the generic path and under emulation.
func TestBookRegression(t *testing.T) {
	if raceEnabled {
		t.Skip("about 30 times slower under the race detector")
	}
	if testing.Short() {
		t.Skip("10001 epochs of 1000 samples: about 4 s natively, minutes under emulation")
	}
	const bookAcc, margin = 0.981, 0.10
	start := time.Now()
	last := bookRegression(t, 2, 2*time.Second)
	t.Logf("epoch: 10000, acc: %.3f, loss: %.3g (%v)", last.Accuracy, last.Loss, time.Since(start).Round(time.Millisecond))
	if math.Abs(last.Accuracy-bookAcc) > margin {
		t.Errorf("accuracy %.3f, the book's code %.3f ± %.2f", last.Accuracy, bookAcc, margin)
	}
}
