package nn_test

import (
	"fmt"
	"math/bits"
	"strings"
	"testing"

	"github.com/simdkern/simdkern/nn"
)

// TestShapePanics checks that each layer panics on a shape that does not
// fit, with a message naming the layer and both shapes.
func TestShapePanics(t *testing.T) {
	m := func(r, c int) nn.Matrix[float64] { return nn.NewMatrix[float64](r, c, nil) }
	dense := func() *nn.Dense[float64] { return nn.NewDense(m(4, 3), m(1, 3)) }
	for _, tc := range []struct {
		want string
		f    func()
	}{
		{"nn.NewMatrix: 2×3 with len(data) = 5, want 6", func() { nn.NewMatrix(2, 3, make([]float64, 5)) }},
		{"nn.NewMatrix: -1×3: negative size", func() { nn.NewMatrix[float32](-1, 3, nil) }},
		{"nn.Matrix.At: (2, 0) is outside 2×3", func() { m(2, 3).At(2, 0) }},
		{"nn.Matrix.Row: row -1 is outside 2×3", func() { m(2, 3).Row(-1) }},
		{"nn.NewDense: weights are 4×3, biases are 1×4", func() { nn.NewDense(m(4, 3), m(1, 4)) }},
		{"nn.NewDense: weights are 4×3, biases are 3×1", func() { nn.NewDense(m(4, 3), m(3, 1)) }},
		{"nn.Dense.Forward: inputs are 3×5, weights are 4×3", func() { dense().Forward(m(3, 5)) }},
		{"nn.Dense.Forward: inputs are 2×2 with 3 elements, want 4", func() {
			dense().Forward(nn.Matrix[float64]{Rows: 2, Cols: 2, Data: make([]float64, 3)})
		}},
		{"nn.Dense.Forward: weights are 4×3, biases are 1×2", func() {
			d := dense()
			d.Biases = m(1, 2)
			d.Forward(m(3, 4))
		}},
		{"nn.Dense.Backward: called before Forward", func() { dense().Backward(m(3, 3)) }},
		{"nn.Dense.ForwardReLU: inputs are 3×5, weights are 4×3", func() { dense().ForwardReLU(m(3, 5), &nn.ReLU[float64]{}) }},
		{"nn.Dense.BackwardReLU: called before Forward", func() { dense().BackwardReLU(m(3, 3), &nn.ReLU[float64]{}) }},
		{"nn.Dense.BackwardReLU: the ReLU's outputs are 3×4, the layer's outputs are 3×3", func() {
			d, r := dense(), &nn.ReLU[float64]{}
			d.Forward(m(3, 4))
			r.Forward(m(3, 4))
			d.BackwardReLU(m(3, 3), r)
		}},
		{"nn.ReLU.Backward: dvalues are 2×3, outputs are 3×3", func() {
			d, r := dense(), &nn.ReLU[float64]{}
			d.ForwardReLU(m(3, 4), r)
			d.BackwardReLU(m(2, 3), r)
		}},
		{"nn.Dense.Backward: dvalues are 2×3, outputs are 3×3", func() {
			d := dense()
			d.Forward(m(3, 4))
			d.Backward(m(2, 3))
		}},
		{"nn.Dense.Backward: weights are 5×3, but the inputs of Forward were 3×4", func() {
			d := dense()
			d.Forward(m(3, 4))
			d.Weights = m(5, 3)
			d.Backward(m(3, 3))
		}},
		{"nn.ReLU.Backward: dvalues are 3×4, outputs are 3×3", func() {
			var r nn.ReLU[float64]
			r.Forward(m(3, 3))
			r.Backward(m(3, 4))
		}},
		{"nn.ReLU.Backward: dvalues are 1×1, outputs are 0×0", func() {
			var r nn.ReLU[float64]
			r.Backward(m(1, 1))
		}},
		{"nn.Softmax.Backward: dvalues are 2×3, outputs are 3×3", func() {
			var s nn.Softmax[float64]
			s.Forward(m(3, 3))
			s.Backward(m(2, 3))
		}},
		{"nn.CrossEntropy.Loss: predictions are 3×3, 2 class indices", func() {
			var l nn.CrossEntropy[float64]
			l.Loss(m(3, 3), []int{0, 1})
		}},
		{"nn.CrossEntropy.Loss: classes[1] = 3, want 0 ≤ class < 3", func() {
			var l nn.CrossEntropy[float64]
			l.Loss(m(2, 3), []int{0, 3})
		}},
		{"nn.CrossEntropy.Backward: classes[0] = -1, want 0 ≤ class < 3", func() {
			var l nn.CrossEntropy[float64]
			l.Backward(m(1, 3), []int{-1})
		}},
		{"nn.CrossEntropy.LossOneHot: predictions are 3×3, targets are 3×2", func() {
			var l nn.CrossEntropy[float64]
			l.LossOneHot(m(3, 3), m(3, 2))
		}},
		{"nn.CrossEntropy.BackwardOneHot: dvalues are 3×3, targets are 2×3", func() {
			var l nn.CrossEntropy[float64]
			l.BackwardOneHot(m(3, 3), m(2, 3))
		}},
		{"nn.SoftmaxCrossEntropy.Backward: predictions are 2×3, 3 class indices", func() {
			var l nn.SoftmaxCrossEntropy[float64]
			l.Forward(m(2, 3), []int{0, 1})
			l.Backward([]int{0, 1, 2})
		}},
		{"nn.SoftmaxCrossEntropy.BackwardOneHot: predictions are 2×3, targets are 2×4", func() {
			var l nn.SoftmaxCrossEntropy[float64]
			l.Forward(m(2, 3), []int{0, 1})
			l.BackwardOneHot(m(2, 4))
		}},
		{"nn.SGD.Update: weights are 4×3, dweights are 0×0", func() {
			(&nn.SGD[float64]{LearningRate: 1}).Update(&nn.Dense[float64]{Weights: m(4, 3), Biases: m(1, 3)})
		}},
	} {
		got := func() (msg string) {
			defer func() { msg = fmt.Sprint(recover()) }()
			tc.f()
			return "no panic"
		}()
		if !strings.Contains(got, tc.want) {
			t.Errorf("panic %q, want %q", got, tc.want)
		}
	}
}

// TestZeroSizes checks that empty batches and layers pass through.
func TestZeroSizes(t *testing.T) {
	d := nn.NewDense(nn.NewMatrix[float64](0, 3, nil), nn.NewMatrix[float64](1, 3, []float64{1, 2, 3}))
	out := d.Forward(nn.NewMatrix[float64](2, 0, nil))
	if out.Rows != 2 || out.Cols != 3 || out.At(1, 2) != 3 {
		t.Errorf("Forward with no inputs: %v, want the biases in every row", out)
	}
	if dx := d.Backward(out); dx.Rows != 2 || dx.Cols != 0 || d.DBiases.At(0, 2) != 6 {
		t.Errorf("Backward with no inputs: dinputs %v, dbiases %v", dx, d.DBiases)
	}
	d.Forward(nn.NewMatrix[float64](0, 0, nil))
	d.Backward(nn.NewMatrix[float64](0, 3, nil))
	if d.DBiases.Data[0] != 0 {
		t.Errorf("dbiases of no samples = %v, want 0", d.DBiases.Data)
	}
	var s nn.Softmax[float64]
	s.Forward(nn.NewMatrix[float64](2, 0, nil))
	s.Backward(s.Output)
}

// TestSizeOverflow checks that shapes whose element count overflows int are
// refused where a shape is validated, not wrapped around to a small count.
func TestSizeOverflow(t *testing.T) {
	half := 1 << (bits.UintSize / 2)    // half·half wraps to 0
	quarter := 1<<(bits.UintSize-2) + 1 // quarter·4 wraps to 4
	for _, tc := range []struct {
		want string
		f    func()
	}{
		{fmt.Sprintf("nn.NewMatrix: %d×%d: too many elements", half, half), func() { nn.NewMatrix[float32](half, half, nil) }},
		{fmt.Sprintf("nn.NewMatrix: %d×4: too many elements", quarter), func() { nn.NewMatrix(quarter, 4, make([]float64, 4)) }},
		{fmt.Sprintf("nn.Softmax.Forward: inputs are %d×4 with 4 elements: too many elements", quarter), func() {
			var s nn.Softmax[float64]
			s.Forward(nn.Matrix[float64]{Rows: quarter, Cols: 4, Data: make([]float64, 4)})
		}},
		{fmt.Sprintf("nn.ReLU.Backward: dvalues are %d×%d with 0 elements: too many elements", half, half), func() {
			var r nn.ReLU[float64]
			r.Backward(nn.Matrix[float64]{Rows: half, Cols: half})
		}},
		{fmt.Sprintf("nn.Dense.Forward: inputs are %d×0, weights are 0×4: too many outputs", quarter), func() {
			d := nn.NewDense(nn.NewMatrix[float64](0, 4, nil), nn.NewMatrix[float64](1, 4, nil))
			d.Forward(nn.NewMatrix[float64](quarter, 0, nil))
		}},
	} {
		got := func() (msg string) {
			defer func() { msg = fmt.Sprint(recover()) }()
			tc.f()
			return "no panic"
		}()
		if !strings.Contains(got, tc.want) {
			t.Errorf("panic %q, want %q", got, tc.want)
		}
	}
}
