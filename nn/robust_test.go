package nn_test

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/simdkern/simdkern/nn"
)

// sameBits reports whether the parameters of two models have the same
// bits (NaN included).
func sameBits(a, b [][]float64) bool {
	return slices.EqualFunc(a, b, func(x, y []float64) bool {
		return slices.EqualFunc(x, y, func(u, v float64) bool { return math.Float64bits(u) == math.Float64bits(v) })
	})
}

// TestTrainInfiniteInput checks that a sample with ±∞ in a feature is
// refused before any step, naming the sample and the feature, with the model
// left as it was: with a feature of +∞ that the first ReLU zeroes, the loss
// is finite but the weight gradient is ∞·0 = NaN, which used to reach the
// weights with no error.
func TestTrainInfiniteInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	m := spiralModel(nn.InitBook, rng, nn.Optimizer[float64](&nn.Adam[float64]{}))
	// A first layer whose every neuron is negative for the sample below, so
	// the ReLU zeroes the infinite products.
	d0 := m.Layers[0].(*nn.Dense[float64])
	for i := range d0.Weights.Data {
		d0.Weights.Data[i] = -math.Abs(d0.Weights.Data[i]) - 0.01
	}
	x := nn.NewMatrix(3, 2, []float64{0.5, 0.5, math.Inf(1), 0.25, -1, 0.5})
	classes := []int{0, 1, 2}
	before := params(m)
	for _, tc := range []struct {
		want string
		f    func() error
	}{
		{"nn.Model.TrainBatch: sample 1 has feature 0 = +Inf: features must be finite", func() error {
			_, err := m.TrainBatch(x, classes)
			return err
		}},
		{"nn.Model.Train: sample 1 has feature 0 = +Inf", func() error {
			_, err := m.Train(nn.Dataset[float64]{X: x, Classes: classes}, nn.TrainOptions[float64]{Epochs: 1, BatchSize: 1})
			return err
		}},
		{"nn.Model.Train (validation): sample 1 has feature 0 = +Inf", func() error {
			good := nn.Dataset[float64]{X: nn.NewMatrix(1, 2, []float64{1, 2}), Classes: []int{0}}
			_, err := m.Train(good, nn.TrainOptions[float64]{Epochs: 1, Validation: nn.Dataset[float64]{X: x, Classes: classes}})
			return err
		}},
		{"nn.Model.Evaluate: sample 1 has feature 0 = +Inf", func() error {
			_, _, err := m.Evaluate(nn.Dataset[float64]{X: x, Classes: classes})
			return err
		}},
		{"nn.Model.TrainBatch: sample 0 has feature 1 = -Inf", func() error {
			_, err := m.TrainBatch(nn.NewMatrix(1, 2, []float64{1, math.Inf(-1)}), []int{0})
			return err
		}},
	} {
		if err := tc.f(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
		if !sameBits(before, params(m)) {
			t.Fatalf("%q: the parameters changed", tc.want)
		}
	}
	if it := m.Optimizer.(*nn.Adam[float64]).Iterations; it != 0 {
		t.Errorf("the optimizer counted %d steps", it)
	}
	// Predict is not refused: in inference the ReLU zeroes the infinite
	// products, as it would in numpy.
	if p, err := m.Predict(x); err != nil || math.IsNaN(p.At(1, 0)) {
		t.Errorf("Predict: %v, %v", p, err)
	}
}

// TestTrainGradientOverflow checks that a step whose loss is finite but
// whose gradient overflows stops with an error before the update.
func TestTrainGradientOverflow(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	m := spiralModel(nn.InitBook, rng, nn.Optimizer[float64](&nn.SGD[float64]{}))
	// Tiny positive hidden activations times huge last-layer weights: the
	// scores are finite and saturate the softmax, whose loss is clipped
	// (finite); the hidden gradient dscores·Wᵀ is near 1e300 and, times
	// inputs of 1e10, the first layer's weight gradient overflows.
	for i, w := range []float64{1e-20, 1e300} {
		d := m.Layers[2*i].(*nn.Dense[float64])
		for j := range d.Weights.Data {
			d.Weights.Data[j] = w * float64(1-2*(j%2*i))
		}
	}
	before := params(m)
	_, err := m.TrainBatch(nn.NewMatrix(2, 2, []float64{1e10, 1e10, 2e10, 1e10}), []int{0, 1})
	if err == nil || !strings.Contains(err.Error(), "nn.Model.TrainBatch: the gradient of Dense layer 0 (of 2) overflowed") {
		t.Errorf("error %v, want the first layer's gradient to overflow", err)
	}
	if !sameBits(before, params(m)) {
		t.Error("the parameters changed")
	}
}

// TestBrokenLayers checks that layer lists that cannot run give errors
// naming the layer from every method of Model, not nil dereferences.
func TestBrokenLayers(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	dense := func(in, out int) *nn.Dense[float64] { return nn.NewDenseInit[float64](in, out, nn.InitBook, rng) }
	data := nn.Dataset[float64]{X: nn.NewMatrix(2, 2, []float64{1, 2, 3, 4}), Classes: []int{0, 1}}
	var nilDense *nn.Dense[float64]
	var nilReLU *nn.ReLU[float64]
	for _, tc := range []struct {
		layers    []nn.Layer[float64]
		want      string
		inference bool // whether Predict and Evaluate also refuse it
	}{
		{[]nn.Layer[float64]{dense(2, 3), nil}, "layer 1 is nil (<nil>)", true},
		{[]nn.Layer[float64]{nilDense}, "layer 0 is nil (*nn.Dense[float64])", true},
		{[]nn.Layer[float64]{dense(2, 3), nilReLU, dense(3, 2)}, "layer 1 is nil (*nn.ReLU[float64])", true},
		{[]nn.Layer[float64]{dense(2, 3), &nn.Dropout[float64]{Rate: 0.5}, dense(3, 2)}, "layer 1 is a Dropout without its random source (Rng)", false},
		{[]nn.Layer[float64]{dense(2, 3), &nn.Dropout[float64]{Rate: 1.5, Rng: rng}, dense(3, 2)}, "layer 1 is a Dropout of rate 1.5", false},
		{[]nn.Layer[float64]{&nn.Dense[float64]{Weights: nn.Matrix[float64]{Rows: 2, Cols: 3, Data: make([]float64, 5)}, Biases: nn.NewMatrix[float64](1, 3, nil)}},
			"layer 0 has weights 2×3 with 5 elements", true},
		{[]nn.Layer[float64]{&nn.Dense[float64]{Weights: nn.NewMatrix[float64](2, 3, nil), Biases: nn.NewMatrix[float64](1, 2, nil)}},
			"layer 0 has weights 2×3 and biases 1×2, want biases 1×3", true},
	} {
		m := nn.NewModel(nn.Optimizer[float64](&nn.SGD[float64]{}), tc.layers...)
		calls := map[string]func() error{
			"Train": func() error {
				_, err := m.Train(data, nn.TrainOptions[float64]{Epochs: 1})
				return err
			},
			"TrainBatch": func() error {
				_, err := m.TrainBatch(data.X, data.Classes)
				return err
			},
			"Predict": func() error {
				_, err := m.Predict(data.X)
				return err
			},
			"Evaluate": func() error {
				_, _, err := m.Evaluate(data)
				return err
			},
			"Save":      func() error { return m.Save(new(bytes.Buffer)) },
			"SaveTorch": func() error { return m.SaveTorch(new(bytes.Buffer)) },
		}
		for name, f := range calls {
			err := func() (err error) {
				defer func() {
					if p := recover(); p != nil {
						t.Errorf("%s of %q: panic %v", name, tc.want, p)
					}
				}()
				return f()
			}()
			refuses := tc.inference || strings.HasPrefix(name, "Train")
			if !refuses {
				continue
			}
			if err == nil || !strings.Contains(err.Error(), "nn.Model."+name+": "+tc.want) {
				t.Errorf("%s: error %v, want %q", name, err, tc.want)
			}
		}
	}
}

// TestSplitNegativeLabel checks Split's message for a negative label.
func TestSplitNegativeLabel(t *testing.T) {
	defer func() {
		p := recover()
		if s, _ := p.(string); !strings.Contains(s, "nn.Dataset.Split: label 1 is -2, want a class index ≥ 0") {
			t.Errorf("panic %v", p)
		}
	}()
	nn.Dataset[float64]{X: nn.NewMatrix[float64](2, 1, nil), Classes: []int{0, -2}}.Split(0.5, rand.New(rand.NewPCG(1, 1)))
}
