package nn

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// Gradient checks of the activations, losses and heads of models whose
// targets are values (see gradcheck_test.go for the method).

func TestGradientCheckSigmoid(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 1))
	x, c := randMatrix(rng, 4, 5), randMatrix(rng, 4, 5)
	var s Sigmoid[float64]
	f := func() float64 { return weighted(c, s.Forward(x)) }
	f()
	checkGrad(t, "inputs", f, x.Data, copyOf(s.Backward(c).Data))
}

func TestGradientCheckLinear(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	x, c := randMatrix(rng, 4, 5), randMatrix(rng, 4, 5)
	var l Linear[float64]
	f := func() float64 { return weighted(c, l.Forward(x)) }
	f()
	checkGrad(t, "inputs", f, x.Data, copyOf(l.Backward(c).Data))
}

// binaryTargets returns a rows×cols matrix of random 0s and 1s.
func binaryTargets(rng *rand.Rand, rows, cols int) Matrix[float64] {
	y := NewMatrix[float64](rows, cols, nil)
	for i := range y.Data {
		y.Data[i] = float64(rng.IntN(2))
	}
	return y
}

func TestGradientCheckValueLosses(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 3))
	// Probabilities in (0.05, 0.95), inside the clipping range.
	p := randMatrix(rng, 6, 3)
	for i, v := range p.Data {
		p.Data[i] = 0.5 + 0.45*v
	}
	y := binaryTargets(rng, 6, 3)
	var bce BinaryCrossEntropy[float64]
	checkGrad(t, "binary cross-entropy", func() float64 { return bce.Loss(p, y) }, p.Data, copyOf(bce.Backward(p, y).Data))
	// Soft targets: the formula holds for y in [0, 1] too.
	soft := randMatrix(rng, 6, 3)
	for i, v := range soft.Data {
		soft.Data[i] = (v + 1) / 2
	}
	checkGrad(t, "binary cross-entropy, soft targets", func() float64 { return bce.Loss(p, soft) }, p.Data, copyOf(bce.Backward(p, soft).Data))

	pred, target := randMatrix(rng, 5, 2), randMatrix(rng, 5, 2)
	var mse MeanSquaredError[float64]
	checkGrad(t, "mean squared error", func() float64 { return mse.Loss(pred, target) }, pred.Data, copyOf(mse.Backward(pred, target).Data))
	var mae MeanAbsoluteError[float64]
	checkGrad(t, "mean absolute error", func() float64 { return mae.Loss(pred, target) }, pred.Data, copyOf(mae.Backward(pred, target).Data))
}

func TestGradientCheckSigmoidBinaryCrossEntropy(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 4))
	x, y := randMatrix(rng, 6, 3), binaryTargets(rng, 6, 3)
	var l SigmoidBinaryCrossEntropy[float64]
	f := func() float64 { return l.Forward(x, y) }
	f()
	checkGrad(t, "inputs", f, x.Data, copyOf(l.Backward(y).Data))
	// The separate passes give the same gradient, within rounding.
	var s Sigmoid[float64]
	var bce BinaryCrossEntropy[float64]
	bce.Loss(s.Forward(x), y)
	separate := s.Backward(bce.Backward(s.Output, y))
	for i, v := range l.DInputs.Data {
		if d := v - separate.Data[i]; d > 1e-15 || d < -1e-15 {
			t.Errorf("element %d: combined %v, separate %v", i, v, separate.Data[i])
		}
	}
}

// TestGradientCheckModelHeads checks the gradients a Model hands its
// optimizer for each head trained on values, against finite differences of
// the loss TrainStep reports.
func TestGradientCheckModelHeads(t *testing.T) {
	for _, tc := range []struct {
		name string
		head Head[float64]
		y    func(rng *rand.Rand) Matrix[float64]
	}{
		{"sigmoid + binary cross-entropy", &SigmoidBinaryCrossEntropy[float64]{}, func(rng *rand.Rand) Matrix[float64] { return binaryTargets(rng, 7, 2) }},
		{"regression, mean squared error", &Regression[float64]{}, func(rng *rand.Rand) Matrix[float64] { return randMatrix(rng, 7, 2) }},
		{"regression, mean absolute error", &Regression[float64]{Loss: &MeanAbsoluteError[float64]{}}, func(rng *rand.Rand) Matrix[float64] { return randMatrix(rng, 7, 2) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(2, 5))
			batch := Dataset[float64]{X: randMatrix(rng, 7, 3), Y: tc.y(rng)}
			rec := new(recorder)
			d1, d2 := NewDenseInit[float64](3, 6, InitHe, rng), NewDenseInit[float64](6, 2, InitHe, rng)
			d1.WeightL2 = 0.05
			copy(d2.Biases.Data, randMatrix(rng, 1, 2).Data)
			m := NewModel[float64](rec, d1, &ReLU[float64]{}, d2)
			m.Head = tc.head
			f := func() float64 {
				loss, err := m.TrainStep(batch)
				if err != nil {
					t.Fatal(err)
				}
				return float64(loss)
			}
			f()
			grads := rec.grads
			for i, d := range []*Dense[float64]{d1, d2} {
				checkGrad(t, fmt.Sprint("layer ", i, " weights"), f, d.Weights.Data, grads[2*i])
				checkGrad(t, fmt.Sprint("layer ", i, " biases"), f, d.Biases.Data, grads[2*i+1])
			}
		})
	}
}
