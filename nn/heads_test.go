package nn_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/simdkern/simdkern/nn"
)

// binaryModel is the book's binary logistic regression network of chapter
// 16: 2 inputs, 64 ReLU neurons (L2 5e-4 on the first layer's weights and
// biases), one sigmoid output with binary cross-entropy.
func binaryModel(rng *rand.Rand, opt nn.Optimizer[float32]) *nn.Model[float32] {
	d1 := nn.NewDenseInit[float32](2, 64, nn.InitHe, rng)
	d1.WeightL2, d1.BiasL2 = 5e-4, 5e-4
	m := nn.NewModel(opt, d1, &nn.ReLU[float32]{}, nn.NewDenseInit[float32](64, 1, nn.InitHe, rng))
	m.Head = &nn.SigmoidBinaryCrossEntropy[float32]{}
	return m
}

// sineModel is the book's regression network of chapter 17: 1 input, two
// layers of 64 ReLU neurons, one linear output with the mean squared error.
func sineModel(rng *rand.Rand, opt nn.Optimizer[float32]) *nn.Model[float32] {
	m := nn.NewModel(opt,
		nn.NewDenseInit[float32](1, 64, nn.InitHe, rng), &nn.ReLU[float32]{},
		nn.NewDenseInit[float32](64, 64, nn.InitHe, rng), &nn.ReLU[float32]{},
		nn.NewDenseInit[float32](64, 1, nn.InitHe, rng))
	m.Head = &nn.Regression[float32]{}
	return m
}

// TestTrainBinary trains the binary classifier on two spiral arms, as
// the book does, and checks its accuracy on held-out points.
func TestTrainBinary(t *testing.T) {
	if raceEnabled {
		t.Skip("about 30 times slower under the race detector")
	}
	rng := rand.New(rand.NewPCG(16, 1))
	train, val := nn.Spiral[float32](500, 2, rng).Values().Split(0.2, rng)
	m := binaryModel(rng, &nn.Adam[float32]{LearningRate: 0.02, Decay: 5e-7})
	history, err := m.Train(train, nn.TrainOptions[float32]{Epochs: 300, BatchSize: 100, Shuffle: rng})
	if err != nil {
		t.Fatal(err)
	}
	loss, acc, err := m.Evaluate(val)
	if err != nil || acc < 0.9 || !(loss < 0.3) {
		t.Errorf("validation loss %v, accuracy %v, %v; last epoch %v", loss, acc, err, history[len(history)-1])
	}
	p, err := m.Predict(val.X)
	if err != nil || p.Rows != val.Len() || p.Cols != 1 || p.Data[0] <= 0 || p.Data[0] >= 1 {
		t.Errorf("Predict: %v×%v, %v", p.Rows, p.Cols, err)
	}
}

// TestTrainSine trains the regression network on the book's sine data and
// checks its accuracy (outputs within std(y)/250 of the target) and its
// error.
func TestTrainSine(t *testing.T) {
	if raceEnabled {
		t.Skip("about 30 times slower under the race detector")
	}
	rng := rand.New(rand.NewPCG(17, 1))
	data := nn.Sine[float32](200)
	m := sineModel(rng, &nn.Adam[float32]{LearningRate: 0.005, Decay: 1e-3})
	if _, err := m.Train(data, nn.TrainOptions[float32]{Epochs: 1000}); err != nil {
		t.Fatal(err)
	}
	loss, acc, err := m.Evaluate(data)
	if err != nil || acc < 0.3 || !(loss < 1e-3) {
		t.Errorf("loss %v, accuracy %v, %v", loss, acc, err)
	} else {
		t.Logf("loss %v, accuracy %v", loss, acc)
	}
	if p := m.Head.(*nn.Regression[float32]).Precision; math.Abs(float64(p)-math.Sqrt(0.5)/250) > 1e-6 {
		t.Errorf("precision %v, want std(sin)/250 = %v", p, math.Sqrt(0.5)/250)
	}
}

// TestSine checks the book's sine data.
func TestSine(t *testing.T) {
	d := nn.Sine[float64](4)
	if d.X.Rows != 4 || d.X.Cols != 1 || d.Y.Rows != 4 || d.Y.Cols != 1 || d.Classes != nil {
		t.Fatalf("shapes %v×%v, %v×%v", d.X.Rows, d.X.Cols, d.Y.Rows, d.Y.Cols)
	}
	for i, want := range []float64{0, 1, 0, -1} {
		if d.X.Data[i] != float64(i)/4 || math.Abs(d.Y.Data[i]-want) > 1e-15 {
			t.Errorf("sample %d: %v, %v", i, d.X.Data[i], d.Y.Data[i])
		}
	}
}

// TestValueTargetErrors checks that targets that do not fit the head give
// errors naming the shapes.
func TestValueTargetErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 1))
	x := nn.NewMatrix[float32](4, 2, nil)
	for _, tc := range []struct {
		data nn.Dataset[float32]
		want string
	}{
		{nn.Dataset[float32]{X: x, Classes: []int{0, 1, 0, 1}}, "the model's head predicts values (Y), the data have class indices"},
		{nn.Dataset[float32]{X: x, Y: nn.NewMatrix[float32](4, 2, nil)}, "4 samples (4×2) and targets Y 4×2: want 4×1"},
		{nn.Dataset[float32]{X: x, Y: nn.NewMatrix[float32](3, 1, nil)}, "targets Y 3×1: want 4×1"},
		{nn.Dataset[float32]{X: x, Y: nn.Matrix[float32]{Rows: 4, Cols: 1, Data: make([]float32, 3)}}, "targets Y are 4×1 with 3 elements"},
		{nn.Dataset[float32]{X: x}, "targets Y 0×0: want 4×1"},
	} {
		m := binaryModel(rng, &nn.SGD[float32]{})
		_, err := m.Train(tc.data, nn.TrainOptions[float32]{Epochs: 1})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Train: error %v, want %q", err, tc.want)
		}
		if _, _, err := m.Evaluate(tc.data); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Evaluate: error %v, want %q", err, tc.want)
		}
	}
	// A classifier given values.
	m := nn.NewModel(nn.Optimizer[float32](&nn.SGD[float32]{}), nn.NewDenseInit[float32](2, 3, nn.InitHe, rng))
	_, err := m.TrainStep(nn.Dataset[float32]{X: x, Y: nn.NewMatrix[float32](4, 3, nil)})
	if err == nil || !strings.Contains(err.Error(), "nn.Model.TrainStep: the model's head predicts classes, the data have targets Y (4×3)") {
		t.Errorf("error %v", err)
	}
}

// TestHeadStepAllocs checks that a training step of each head allocates
// nothing once the shapes are fixed.
func TestHeadStepAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	rng := rand.New(rand.NewPCG(19, 1))
	for _, m := range []*nn.Model[float32]{binaryModel(rng, &nn.Adam[float32]{}), sineModel(rng, &nn.Adam[float32]{})} {
		batch := nn.Sine[float32](32)
		if _, ok := m.Head.(*nn.SigmoidBinaryCrossEntropy[float32]); ok {
			batch = nn.Spiral[float32](16, 2, rng).Values()
		}
		step := func() {
			if _, err := m.TrainStep(batch); err != nil {
				t.Fatal(err)
			}
		}
		step()
		if n := testing.AllocsPerRun(10, step); n != 0 {
			t.Errorf("%T: a step allocates %v times", m.Head, n)
		}
	}
}
