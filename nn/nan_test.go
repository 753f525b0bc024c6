package nn_test

import (
	"math"
	"testing"

	"github.com/simdkern/simdkern/kernels"
	"github.com/simdkern/simdkern/nn"
)

// TestNaN checks the NaN and ±∞ behaviour the doc comments state, on every
// kernels path.
func TestNaN(t *testing.T) {
	forEachPath(t, testNaN[float64], testNaN[float32])
}

func isNaN[T kernels.Float](v T) bool { return v != v }

func testNaN[T kernels.Float](t *testing.T) {
	nan, inf := T(math.NaN()), T(math.Inf(1))

	// Dense: a NaN input reaches every output of its row only.
	w := nn.NewMatrix(2, 2, []T{1, 2, 3, 4})
	d := nn.NewDense(w, nn.NewMatrix(1, 2, []T{0, 0}))
	out := d.Forward(nn.NewMatrix(2, 2, []T{nan, 1, 1, 1}))
	if !isNaN(out.At(0, 0)) || !isNaN(out.At(0, 1)) || out.At(1, 0) != 4 || out.At(1, 1) != 6 {
		t.Errorf("Dense.Forward with a NaN input: %v", out.Data)
	}
	d.Backward(nn.NewMatrix(2, 2, []T{1, 1, 1, 1}))
	if !isNaN(d.DWeights.At(0, 0)) || !isNaN(d.DWeights.At(0, 1)) || d.DWeights.At(1, 0) != 2 || d.DInputs.At(0, 0) != 3 {
		t.Errorf("Dense.Backward after a NaN input: dweights %v, dinputs %v", d.DWeights.Data, d.DInputs.Data)
	}

	// ReLU: NaN passes forward, masks to 0 backward.
	var r nn.ReLU[T]
	ro := r.Forward(nn.NewMatrix(1, 4, []T{nan, -1, T(math.Copysign(0, -1)), 2}))
	if !isNaN(ro.Data[0]) || ro.Data[1] != 0 || math.Signbit(float64(ro.Data[2])) || ro.Data[3] != 2 {
		t.Errorf("ReLU.Forward: %v", ro.Data)
	}
	if g := r.Backward(nn.NewMatrix(1, 4, []T{5, 5, 5, nan})).Data; g[0] != 0 || g[1] != 0 || g[2] != 0 || !isNaN(g[3]) {
		t.Errorf("ReLU.Backward: %v", g)
	}

	// Softmax: stable for large inputs; NaN, +∞ or only −∞ make a NaN row.
	var s nn.Softmax[T]
	so := s.Forward(nn.NewMatrix(5, 2, []T{1000, 1000, 0, nan, inf, 1, -inf, -inf, -inf, 0}))
	if so.At(0, 0) != 0.5 || so.At(0, 1) != 0.5 {
		t.Errorf("Softmax.Forward of (1000, 1000) = %v, want (0.5, 0.5)", so.Row(0))
	}
	for i := 1; i <= 3; i++ {
		if !isNaN(so.At(i, 0)) || !isNaN(so.At(i, 1)) {
			t.Errorf("Softmax.Forward row %d = %v, want NaN", i, so.Row(i))
		}
	}
	if so.At(4, 0) != 0 || so.At(4, 1) != 1 {
		t.Errorf("Softmax.Forward of (−∞, 0) = %v, want (0, 1)", so.Row(4))
	}

	// Cross-entropy: clipped forward, unclipped backward.
	var ce nn.CrossEntropy[T]
	pred := nn.NewMatrix(2, 2, []T{0, 1, 1, 0})
	want := (-math.Log(float64(T(1e-7))) - math.Log(float64(T(1-1e-7)))) / 2
	if got := ce.Loss(pred, []int{0, 0}); math.Abs(float64(got)-want) > 1e-6*want {
		t.Errorf("Loss of ŷ = 0 and 1 at the targets = %v, want %v (clipped)", got, want)
	}
	if got := ce.LossOneHot(pred, nn.NewMatrix(2, 2, []T{1, 0, 1, 0})); math.Abs(float64(got)-want) > 1e-6*want {
		t.Errorf("LossOneHot of ŷ = 0 and 1 at the targets = %v, want %v (clipped)", got, want)
	}
	if got := ce.Loss(nn.NewMatrix(1, 2, []T{nan, 1}), []int{0}); !isNaN(got) {
		t.Errorf("Loss of a NaN prediction = %v, want NaN", got)
	}
	if got := ce.Loss(nn.NewMatrix[T](0, 2, nil), nil); !isNaN(got) {
		t.Errorf("Loss of no samples = %v, want NaN", got)
	}
	g := ce.Backward(pred, []int{0, 0})
	if !math.IsInf(float64(g.At(0, 0)), -1) || g.At(0, 1) != 0 || g.At(1, 0) != -0.5 || !isNaN(g.At(1, 1)) {
		t.Errorf("CrossEntropy.Backward of ŷ = 0: %v, want [-Inf -0 -0.5 NaN]", g.Data)
	}

	// Class indices and one-hot targets give the same bits, special values
	// included.
	special := nn.NewMatrix(2, 4, []T{0, T(math.Copysign(0, -1)), -1, nan, inf, -inf, 0.25, 1})
	for _, classes := range [][]int{{0, 0}, {1, 1}, {2, 2}, {3, 3}} {
		onehot := nn.NewMatrix[T](2, 4, nil)
		for i, c := range classes {
			onehot.Data[i*4+c] = 1
		}
		sce := nn.SoftmaxCrossEntropy[T]{Activation: nn.Softmax[T]{Output: special}}
		for _, pair := range []struct {
			name string
			a, b nn.Matrix[T]
		}{
			{"CrossEntropy.Backward", clone(ce.Backward(special, classes)), ce.BackwardOneHot(special, onehot)},
			{"SoftmaxCrossEntropy.Backward", clone(sce.Backward(classes)), sce.BackwardOneHot(onehot)},
		} {
			for i, a := range pair.a.Data {
				if b := pair.b.Data[i]; math.Float64bits(float64(a)) != math.Float64bits(float64(b)) {
					t.Errorf("%s, classes %v: element %d is %v, %v with one-hot targets", pair.name, classes, i, a, b)
				}
			}
		}
	}

	// Combined backward: NaN stays in its element.
	sce := nn.SoftmaxCrossEntropy[T]{Activation: nn.Softmax[T]{Output: nn.NewMatrix(1, 2, []T{nan, 1})}}
	if g := sce.Backward([]int{1}).Data; !isNaN(g[0]) || g[1] != 0 {
		t.Errorf("SoftmaxCrossEntropy.Backward with a NaN: %v", g)
	}
}
