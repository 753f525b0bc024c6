package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// Gradient checks: every backward pass against central finite differences
// of its forward pass, in float64. A layer's output is reduced to the
// scalar Σ c⊙output with fixed random weights c, whose gradient with
// respect to the output is c: the dvalues passed to Backward.

// numericGrad returns the central differences (f(x+h) − f(x−h))/2h of f
// with respect to each element of x, which f reads.
func numericGrad(f func() float64, x []float64) []float64 {
	const h = 1e-6
	g := make([]float64, len(x))
	for i := range x {
		v := x[i]
		x[i] = v + h
		up := f()
		x[i] = v - h
		down := f()
		x[i] = v
		g[i] = (up - down) / (2 * h)
	}
	return g
}

// checkGrad compares the analytic gradient got of f with respect to x with
// central differences: within 1e-6 relative to the larger of 1 and the
// gradient.
func checkGrad(t *testing.T, name string, f func() float64, x, got []float64) {
	t.Helper()
	want := numericGrad(f, x)
	if len(got) != len(want) {
		t.Fatalf("%s: %d gradients, want %d", name, len(got), len(want))
	}
	for i := range want {
		if d := math.Abs(got[i] - want[i]); !(d <= 1e-6*max(1, math.Abs(want[i]))) {
			t.Errorf("%s: element %d: backward %.10g, finite differences %.10g", name, i, got[i], want[i])
		}
	}
}

// randMatrix returns a rows×cols matrix of uniform values in [−1, 1) whose
// magnitude is at least 0.05, away from the kinks of ReLU and |x|.
func randMatrix(rng *rand.Rand, rows, cols int) Matrix[float64] {
	m := NewMatrix[float64](rows, cols, nil)
	for i := range m.Data {
		v := 0.05 + 0.95*rng.Float64()
		if rng.IntN(2) == 0 {
			v = -v
		}
		m.Data[i] = v
	}
	return m
}

// weighted returns Σ c⊙m.
func weighted(c, m Matrix[float64]) float64 {
	var s float64
	for i, v := range m.Data {
		s += c.Data[i] * v
	}
	return s
}

// copyOf returns a copy of x.
func copyOf(x []float64) []float64 { return append([]float64(nil), x...) }

func TestGradientCheckDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	x := randMatrix(rng, 5, 4)
	d := NewDense(randMatrix(rng, 4, 3), randMatrix(rng, 1, 3))
	c := randMatrix(rng, 5, 3)
	f := func() float64 { return weighted(c, d.Forward(x)) }
	f()
	d.Backward(c)
	dx, dw, db := copyOf(d.DInputs.Data), copyOf(d.DWeights.Data), copyOf(d.DBiases.Data)
	checkGrad(t, "inputs", f, x.Data, dx)
	checkGrad(t, "weights", f, d.Weights.Data, dw)
	checkGrad(t, "biases", f, d.Biases.Data, db)
}

func TestGradientCheckReLU(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	x, c := randMatrix(rng, 4, 6), randMatrix(rng, 4, 6)
	var r ReLU[float64]
	f := func() float64 { return weighted(c, r.Forward(x)) }
	f()
	checkGrad(t, "inputs", f, x.Data, copyOf(r.Backward(c).Data))
}

func TestGradientCheckSoftmax(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 3))
	x, c := randMatrix(rng, 4, 5), randMatrix(rng, 4, 5)
	var s Softmax[float64]
	f := func() float64 { return weighted(c, s.Forward(x)) }
	f()
	checkGrad(t, "inputs", f, x.Data, copyOf(s.Backward(c).Data))
}

// probabilities returns the softmax of random scores: rows of positive
// values summing to 1, inside the clipping range of the loss.
func probabilities(rng *rand.Rand, rows, cols int) Matrix[float64] {
	var s Softmax[float64]
	return s.Forward(randMatrix(rng, rows, cols))
}

func TestGradientCheckCrossEntropy(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 4))
	p := probabilities(rng, 6, 4)
	classes := []int{0, 3, 1, 2, 2, 0}
	onehot := NewMatrix[float64](6, 4, nil)
	for i, k := range classes {
		onehot.Data[i*4+k] = 1
	}
	var ce CrossEntropy[float64]
	checkGrad(t, "classes", func() float64 { return ce.Loss(p, classes) }, p.Data, copyOf(ce.Backward(p, classes).Data))
	checkGrad(t, "one-hot", func() float64 { return ce.LossOneHot(p, onehot) }, p.Data, copyOf(ce.BackwardOneHot(p, onehot).Data))
	// Other probability targets: the gradient of the mean of −Σ y·log ŷ.
	soft := probabilities(rng, 6, 4)
	entropy := func() float64 {
		var s float64
		for i, y := range soft.Data {
			s -= y * math.Log(p.Data[i])
		}
		return s / 6
	}
	checkGrad(t, "probability targets", entropy, p.Data, copyOf(ce.BackwardOneHot(p, soft).Data))
}

func TestGradientCheckSoftmaxCrossEntropy(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 5))
	x := randMatrix(rng, 6, 4)
	classes := []int{1, 3, 0, 2, 1, 1}
	onehot := NewMatrix[float64](6, 4, nil)
	for i, k := range classes {
		onehot.Data[i*4+k] = 1
	}
	var l SoftmaxCrossEntropy[float64]
	f := func() float64 { return l.Forward(x, classes) }
	f()
	checkGrad(t, "classes", f, x.Data, copyOf(l.Backward(classes).Data))
	f = func() float64 { return l.ForwardOneHot(x, onehot) }
	f()
	checkGrad(t, "one-hot", f, x.Data, copyOf(l.BackwardOneHot(onehot).Data))
}

func TestGradientCheckRegularization(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 6))
	d := NewDense(randMatrix(rng, 4, 3), randMatrix(rng, 1, 3))
	d.WeightL1, d.WeightL2, d.BiasL1, d.BiasL2 = 0.3, 0.7, 0.2, 0.5
	f := func() float64 { return d.RegularizationLoss() }
	// With dvalues 0, the gradients are the regularisation's alone.
	d.Forward(randMatrix(rng, 2, 4))
	d.Backward(NewMatrix[float64](2, 3, nil))
	checkGrad(t, "weights", f, d.Weights.Data, copyOf(d.DWeights.Data))
	checkGrad(t, "biases", f, d.Biases.Data, copyOf(d.DBiases.Data))
}

func TestGradientCheckDropout(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 7))
	x, c := randMatrix(rng, 5, 8), randMatrix(rng, 5, 8)
	d := NewDropout[float64](0.3, rng)
	d.Forward(x) // draws the mask the check keeps
	kept := 0
	for _, v := range d.mask.Data {
		if v != 0 {
			kept++
		}
	}
	if kept == 0 || kept == len(x.Data) {
		t.Fatalf("mask keeps %d of %d", kept, len(x.Data))
	}
	f := func() float64 { return weighted(c, d.forwardMask(x)) }
	checkGrad(t, "inputs", f, x.Data, copyOf(d.Backward(c).Data))
}

// TestGradientCheckNetwork checks the gradient of the whole loss (softmax
// cross-entropy plus regularisation) of Dense → ReLU → Dropout (fixed mask)
// → Dense with respect to every parameter and the inputs.
func TestGradientCheckNetwork(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 8))
	x := randMatrix(rng, 6, 3)
	classes := []int{0, 1, 2, 3, 0, 1}
	d1 := NewDenseInit[float64](3, 8, InitHe, rng)
	d2 := NewDenseInit[float64](8, 4, InitHe, rng)
	copy(d1.Biases.Data, randMatrix(rng, 1, 8).Data)
	d1.WeightL2, d2.WeightL1, d2.BiasL2 = 0.01, 0.02, 0.03
	var relu ReLU[float64]
	drop := NewDropout[float64](0.25, rng)
	var loss SoftmaxCrossEntropy[float64]
	drop.Forward(NewMatrix[float64](6, 8, nil)) // draws the mask
	f := func() float64 {
		out := d2.Forward(drop.forwardMask(relu.Forward(d1.Forward(x))))
		return loss.Forward(out, classes) + d1.RegularizationLoss() + d2.RegularizationLoss()
	}
	f()
	dx := d1.Backward(relu.Backward(drop.Backward(d2.Backward(loss.Backward(classes)))))
	grads := map[string][]float64{
		"inputs":          copyOf(dx.Data),
		"dense 1 weights": copyOf(d1.DWeights.Data), "dense 1 biases": copyOf(d1.DBiases.Data),
		"dense 2 weights": copyOf(d2.DWeights.Data), "dense 2 biases": copyOf(d2.DBiases.Data),
	}
	for name, p := range map[string][]float64{
		"inputs": x.Data, "dense 1 weights": d1.Weights.Data, "dense 1 biases": d1.Biases.Data,
		"dense 2 weights": d2.Weights.Data, "dense 2 biases": d2.Biases.Data,
	} {
		checkGrad(t, name, f, p, grads[name])
	}
}

// recorder is an Optimizer that keeps copies of the gradients it is given.
type recorder struct{ grads [][]float64 }

func (r *recorder) Update(layers ...*Dense[float64]) {
	r.grads = r.grads[:0]
	for _, d := range layers {
		r.grads = append(r.grads, copyOf(d.DWeights.Data), copyOf(d.DBiases.Data))
	}
}

// TestGradientCheckModel checks the gradients a Model hands its optimizer
// against finite differences of the loss TrainBatch reports.
func TestGradientCheckModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 9))
	x := randMatrix(rng, 7, 2)
	classes := []int{0, 1, 2, 0, 1, 2, 2}
	rec := new(recorder)
	d1, d2, d3 := NewDenseInit[float64](2, 6, InitHe, rng), NewDenseInit[float64](6, 5, InitGlorot, rng), NewDenseInit[float64](5, 3, InitHe, rng)
	d2.WeightL2, d3.BiasL1 = 0.05, 0.01
	copy(d3.Biases.Data, randMatrix(rng, 1, 3).Data)
	m := NewModel[float64](rec, d1, &ReLU[float64]{}, d2, &ReLU[float64]{}, d3)
	if _, err := m.TrainBatch(x, classes); err != nil {
		t.Fatal(err)
	}
	f := func() float64 {
		loss, err := m.TrainBatch(x, classes)
		if err != nil {
			t.Fatal(err)
		}
		return float64(loss)
	}
	grads := rec.grads
	for i, d := range []*Dense[float64]{d1, d2, d3} {
		checkGrad(t, fmt.Sprint("layer ", i, " weights"), f, d.Weights.Data, grads[2*i])
		checkGrad(t, fmt.Sprint("layer ", i, " biases"), f, d.Biases.Data, grads[2*i+1])
	}
}
