package nn_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/simdkern/simdkern/nn"
)

// spiralModel returns the book's 2 → 64 → 3 ReLU network for spiral data,
// with weights from init, trained by opt.
func spiralModel[T float32 | float64](init nn.Init, rng *rand.Rand, opt nn.Optimizer[T]) *nn.Model[T] {
	return nn.NewModel(opt,
		nn.NewDenseInit[T](2, 64, init, rng),
		&nn.ReLU[T]{},
		nn.NewDenseInit[T](64, 3, init, rng))
}

// TestTrainSpiral trains the book's spiral network with each optimizer and
// checks that it learns the held-out data.
func TestTrainSpiral(t *testing.T) {
	if raceEnabled {
		t.Skip("about 30 times slower under the race detector; training runs on one goroutine")
	}
	for _, tc := range []struct {
		name   string
		opt    nn.Optimizer[float64]
		epochs int
		want   float64
	}{
		{"SGD", &nn.SGD[float64]{LearningRate: 0.5, Decay: 1e-3, Momentum: 0.9}, 100, 0.7},
		{"Adagrad", &nn.Adagrad[float64]{LearningRate: 0.5, Decay: 1e-4}, 100, 0.7},
		{"RMSprop", &nn.RMSprop[float64]{LearningRate: 0.02, Decay: 1e-3}, 100, 0.7},
		{"Adam", &nn.Adam[float64]{LearningRate: 0.05, Decay: 1e-3}, 300, 0.85},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			train, val := nn.Spiral[float64](1000, 3, rng).Split(0.2, rng)
			m := spiralModel(nn.InitHe, rng, tc.opt)
			var progress strings.Builder
			hist, err := m.Train(train, nn.TrainOptions[float64]{
				Epochs: tc.epochs, BatchSize: 128, Shuffle: rng, Validation: val, Progress: &progress, PrintEvery: 100,
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(hist) != tc.epochs || strings.Count(progress.String(), "\n") != tc.epochs/100 {
				t.Errorf("%d epochs, progress %q", len(hist), progress.String())
			}
			last := hist[len(hist)-1]
			t.Log(last)
			if !(last.ValAccuracy >= tc.want) || !(last.Loss < hist[0].Loss) {
				t.Errorf("after training: %v, first epoch %v", last, hist[0])
			}
			loss, acc, err := m.Evaluate(val)
			if err != nil || float64(loss) != last.ValLoss || acc != last.ValAccuracy {
				t.Errorf("Evaluate = %v, %v, %v; last epoch %v", loss, acc, err, last)
			}
		})
	}
}

// TestModelErrors checks that data that do not fit the model, bad options
// and a NaN loss give errors naming the problem, not panics.
func TestModelErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	newModel := func() *nn.Model[float64] {
		return spiralModel(nn.InitBook, rng, nn.Optimizer[float64](&nn.SGD[float64]{}))
	}
	x := nn.NewMatrix[float64](4, 2, nil)
	good := nn.Dataset[float64]{X: x, Classes: []int{0, 1, 2, 0}}
	opts := nn.TrainOptions[float64]{Epochs: 1}
	for _, tc := range []struct {
		want string
		f    func() error
	}{
		{"nn.Model.Train: label 1 is 3, want 0 ≤ label < 3 (the model's outputs)", func() error {
			_, err := newModel().Train(nn.Dataset[float64]{X: x, Classes: []int{0, 3, 1, 1}}, opts)
			return err
		}},
		{"nn.Model.Train: label 0 is -1", func() error {
			_, err := newModel().Train(nn.Dataset[float64]{X: x, Classes: []int{-1, 0, 1, 1}}, opts)
			return err
		}},
		{"nn.Model.Train: 4 samples (4×2), 3 class labels", func() error {
			_, err := newModel().Train(nn.Dataset[float64]{X: x, Classes: []int{0, 1, 2}}, opts)
			return err
		}},
		{"nn.Model.Train: no samples", func() error {
			_, err := newModel().Train(nn.Dataset[float64]{X: nn.NewMatrix[float64](0, 2, nil)}, opts)
			return err
		}},
		{"nn.Model.TrainBatch: no samples", func() error {
			_, err := newModel().TrainBatch(nn.NewMatrix[float64](0, 2, nil), nil)
			return err
		}},
		{"nn.Model.Train: layer 0 has weights 2×64 and biases 1×64, but the samples have 3 features", func() error {
			_, err := newModel().Train(nn.Dataset[float64]{X: nn.NewMatrix[float64](1, 3, nil), Classes: []int{0}}, opts)
			return err
		}},
		{"nn.Model.Evaluate: layer 2 has weights 32×3 and biases 1×3, but layer 0 gives 64 features", func() error {
			m := newModel()
			m.Layers[2] = nn.NewDenseInit[float64](32, 3, nn.InitBook, rng)
			_, _, err := m.Evaluate(good)
			return err
		}},
		{"nn.Model.Predict: layer 0 has weights 2×64", func() error {
			_, err := newModel().Predict(nn.NewMatrix[float64](2, 5, nil))
			return err
		}},
		{"nn.Model.Predict: samples are 2×2 with 3 elements", func() error {
			_, err := newModel().Predict(nn.Matrix[float64]{Rows: 2, Cols: 2, Data: make([]float64, 3)})
			return err
		}},
		{"nn.Model.Train (validation): label 0 is 5", func() error {
			_, err := newModel().Train(good, nn.TrainOptions[float64]{Epochs: 1, Validation: nn.Dataset[float64]{X: x, Classes: []int{5, 0, 0, 0}}})
			return err
		}},
		{"nn.Model.Train: 0 epochs, batch size 0", func() error {
			_, err := newModel().Train(good, nn.TrainOptions[float64]{})
			return err
		}},
		{"nn.Model.Train: 1 epochs, batch size -2", func() error {
			_, err := newModel().Train(good, nn.TrainOptions[float64]{Epochs: 1, BatchSize: -2})
			return err
		}},
		{"nn.Model.Train: the model has no optimizer", func() error {
			m := newModel()
			m.Optimizer = nil
			_, err := m.Train(good, opts)
			return err
		}},
		{"nn.Model.Train: the model has no layers", func() error {
			_, err := nn.NewModel[float64](&nn.Adam[float64]{}).Train(good, opts)
			return err
		}},
		{"nn.Model.Train: sample 2 has feature 0 = NaN: features must be finite", func() error {
			bad := nn.NewMatrix(4, 2, []float64{0, 0, 0, 0, math.NaN(), 0, 0, 0})
			_, err := newModel().Train(nn.Dataset[float64]{X: bad, Classes: good.Classes}, nn.TrainOptions[float64]{Epochs: 1, BatchSize: 2})
			return err
		}},
		{"nn.Model.TrainBatch: loss is NaN", func() error {
			m := newModel()
			m.Layers[2].(*nn.Dense[float64]).Weights.Data[0] = math.Inf(1)
			_, err := m.TrainBatch(nn.NewMatrix(1, 2, []float64{1, 1}), []int{0})
			return err
		}},
	} {
		err := func() (err error) {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("panic %v, want error %q", p, tc.want)
				}
			}()
			return tc.f()
		}()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
}

// TestTrainNaNKeepsParameters checks that a NaN loss stops training before
// the parameters change.
func TestTrainNaNKeepsParameters(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	m := spiralModel(nn.InitBook, rng, nn.Optimizer[float64](&nn.SGD[float64]{}))
	w := append([]float64(nil), m.Layers[0].(*nn.Dense[float64]).Weights.Data...)
	if _, err := m.TrainBatch(nn.NewMatrix(1, 2, []float64{math.NaN(), 1}), []int{0}); err == nil {
		t.Fatal("no error for a NaN input")
	}
	for i, v := range m.Layers[0].(*nn.Dense[float64]).Weights.Data {
		if v != w[i] {
			t.Fatalf("weight %d changed from %v to %v", i, w[i], v)
		}
	}
}

// TestTrainDeterministic checks that the same random sources give the same
// trained model, and a different shuffle a different one.
func TestTrainDeterministic(t *testing.T) {
	run := func(shuffle uint64) []float32 {
		rng := rand.New(rand.NewPCG(7, 8))
		data := nn.Spiral[float32](50, 3, rng)
		m := spiralModel(nn.InitHe, rng, nn.Optimizer[float32](&nn.Adam[float32]{}))
		m.Layers = append(m.Layers[:1], nn.NewDropout[float32](0.1, rng), m.Layers[1], m.Layers[2])
		if _, err := m.Train(data, nn.TrainOptions[float32]{Epochs: 3, BatchSize: 16, Shuffle: rand.New(rand.NewPCG(shuffle, 0))}); err != nil {
			t.Fatal(err)
		}
		return m.Layers[3].(*nn.Dense[float32]).Weights.Data
	}
	a, b, c := run(1), run(1), run(2)
	if !slices.Equal(a, b) {
		t.Error("two runs from the same sources differ")
	}
	if slices.Equal(a, c) {
		t.Error("two shuffles gave the same weights")
	}
}

// TestTrainAllocs checks that a training step of a model, with each
// optimizer, allocates nothing once the shapes are fixed.
func TestTrainAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	for _, opt := range []nn.Optimizer[float32]{
		&nn.SGD[float32]{}, &nn.SGD[float32]{Momentum: 0.5}, &nn.Adagrad[float32]{}, &nn.RMSprop[float32]{}, &nn.Adam[float32]{},
	} {
		rng := rand.New(rand.NewPCG(9, 10))
		data := nn.Spiral[float32](20, 3, rng)
		m := spiralModel(nn.InitBook, rng, opt)
		d := m.Layers[0].(*nn.Dense[float32])
		d.WeightL1, d.WeightL2, d.BiasL1, d.BiasL2 = 1e-4, 5e-4, 1e-4, 5e-4
		m.Layers = append(m.Layers, nn.NewDropout[float32](0.1, rng))
		step := func() {
			if _, err := m.TrainBatch(data.X, data.Classes); err != nil {
				t.Fatal(err)
			}
		}
		if n := testing.AllocsPerRun(10, step); n != 0 {
			t.Errorf("%T: a training step allocates %v times, want 0", opt, n)
		}
	}
}

// TestModelFusedStep checks that a Model's training step, which fuses each
// Dense layer with the ReLU after it (bias and ReLU in one pass over the
// output, the ReLU mask and the bias gradient in one pass over the
// gradient), gives the bits of the same step run layer by layer through
// the public API, with regularisation, a ReLU pair first and in the middle.
func TestModelFusedStep(t *testing.T) {
	build := func() ([]nn.Layer[float32], nn.Dataset[float32]) {
		rng := rand.New(rand.NewPCG(11, 12))
		data := nn.Spiral[float32](40, 3, rng)
		d0 := nn.NewDenseInit[float32](2, 48, nn.InitHe, rng)
		d0.WeightL2, d0.BiasL1 = 1e-3, 1e-4
		return []nn.Layer[float32]{
			d0, &nn.ReLU[float32]{},
			nn.NewDenseInit[float32](48, 40, nn.InitHe, rng), &nn.ReLU[float32]{},
			nn.NewDenseInit[float32](40, 3, nn.InitHe, rng),
		}, data
	}
	fused, data := build()
	m := nn.NewModel[float32](&nn.SGD[float32]{LearningRate: 0.1}, fused...)
	loss, err := m.TrainBatch(data.X, data.Classes)
	if err != nil {
		t.Fatal(err)
	}

	plain, _ := build()
	x := data.X
	for _, l := range plain {
		x = l.Forward(x)
	}
	var ce nn.SoftmaxCrossEntropy[float32]
	wantLoss := float64(ce.Forward(x, data.Classes)) + float64(plain[0].(*nn.Dense[float32]).RegularizationLoss())
	g := ce.Backward(data.Classes)
	for i := len(plain) - 1; i >= 0; i-- {
		g = plain[i].Backward(g)
	}
	var dense []*nn.Dense[float32]
	for _, l := range plain {
		if d, ok := l.(*nn.Dense[float32]); ok {
			dense = append(dense, d)
		}
	}
	(&nn.SGD[float32]{LearningRate: 0.1}).Update(dense...)

	if float64(loss) != float64(float32(wantLoss)) {
		t.Errorf("loss = %v, want %v", loss, wantLoss)
	}
	for i := range plain {
		switch want := plain[i].(type) {
		case *nn.Dense[float32]:
			got := fused[i].(*nn.Dense[float32])
			for _, p := range []struct {
				name      string
				got, want nn.Matrix[float32]
			}{
				{"Output", got.Output, want.Output}, {"DWeights", got.DWeights, want.DWeights},
				{"DBiases", got.DBiases, want.DBiases}, {"Weights", got.Weights, want.Weights},
				{"Biases", got.Biases, want.Biases},
			} {
				if !slices.Equal(p.got.Data, p.want.Data) {
					t.Errorf("layer %d: %s differs from the layer-by-layer step", i, p.name)
				}
			}
			if i > 0 && !slices.Equal(got.DInputs.Data, want.DInputs.Data) {
				t.Errorf("layer %d: DInputs differs from the layer-by-layer step", i)
			}
		case *nn.ReLU[float32]:
			got := fused[i].(*nn.ReLU[float32])
			if !slices.Equal(got.Output.Data, want.Output.Data) || !slices.Equal(got.DInputs.Data, want.DInputs.Data) {
				t.Errorf("layer %d: the ReLU's Output or DInputs differs from the layer-by-layer step", i)
			}
		}
	}
}
