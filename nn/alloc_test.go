package nn_test

import (
	"testing"

	"github.com/simdkern/simdkern/nn"
)

// TestStepAllocs checks that a training step allocates nothing once the
// layers have seen its shapes.
func TestStepAllocs(t *testing.T) {
	const samples, nIn, nOut = 8, 5, 3
	x := nn.NewMatrix[float32](samples, nIn, nil)
	for i := range x.Data {
		x.Data[i] = float32(i%7) - 3
	}
	classes := make([]int, samples)
	onehot := nn.NewMatrix[float32](samples, nOut, nil)
	for i := range classes {
		classes[i] = i % nOut
		onehot.Data[i*nOut+classes[i]] = 1
	}
	w := nn.NewMatrix[float32](nIn, nOut, nil)
	for i := range w.Data {
		w.Data[i] = float32(i%5) / 10
	}
	dense := nn.NewDense(w, nn.NewMatrix[float32](1, nOut, nil))
	var relu nn.ReLU[float32]
	var sce nn.SoftmaxCrossEntropy[float32]
	var softmax nn.Softmax[float32]
	var ce nn.CrossEntropy[float32]
	opt := nn.SGD[float32]{LearningRate: 0.01}
	step := func() {
		z := relu.Forward(dense.Forward(x))
		sce.Forward(z, classes)
		sce.ForwardOneHot(z, onehot)
		sce.BackwardOneHot(onehot)
		softmax.Output = sce.Activation.Output
		softmax.Backward(ce.Backward(sce.Activation.Output, classes))
		softmax.Backward(ce.BackwardOneHot(sce.Activation.Output, onehot))
		dense.Backward(relu.Backward(sce.Backward(classes)))
		opt.Update(dense)
	}
	if n := testing.AllocsPerRun(10, step); n != 0 {
		t.Errorf("a training step allocates %v times, want 0", n)
	}
}
