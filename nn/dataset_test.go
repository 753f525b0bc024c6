package nn_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/simdkern/simdkern/nn"
)

// TestSpiral checks the spiral data's shape, labels, radii and determinism.
func TestSpiral(t *testing.T) {
	d := nn.Spiral[float64](100, 3, rand.New(rand.NewPCG(1, 2)))
	if d.X.Rows != 300 || d.X.Cols != 2 || len(d.Classes) != 300 {
		t.Fatalf("Spiral(100, 3) is %d×%d with %d labels", d.X.Rows, d.X.Cols, len(d.Classes))
	}
	for i := range 300 {
		k, j := i/100, i%100
		r := math.Hypot(d.X.At(i, 0), d.X.At(i, 1))
		if d.Classes[i] != k || math.Abs(r-float64(j)/99) > 1e-12 {
			t.Fatalf("sample %d: class %d radius %v, want class %d radius %v", i, d.Classes[i], r, k, float64(j)/99)
		}
	}
	again := nn.Spiral[float64](100, 3, rand.New(rand.NewPCG(1, 2)))
	other := nn.Spiral[float64](100, 3, rand.New(rand.NewPCG(1, 3)))
	if !slices.Equal(d.X.Data, again.X.Data) || slices.Equal(d.X.Data, other.X.Data) {
		t.Error("Spiral is not determined by its random source")
	}
	if one := nn.Spiral[float32](1, 2, rand.New(rand.NewPCG(1, 2))); one.X.Rows != 2 || one.X.At(0, 0) != 0 {
		t.Errorf("Spiral(1, 2) = %v", one.X)
	}
}

// TestSplit checks that Split partitions the samples, keeping each with its
// label.
func TestSplit(t *testing.T) {
	d := nn.Spiral[float64](50, 4, rand.New(rand.NewPCG(3, 4)))
	train, held := d.Split(0.3, rand.New(rand.NewPCG(5, 6)))
	if train.Len() != 140 || held.Len() != 60 {
		t.Fatalf("Split(0.3) of 200: %d and %d samples", train.Len(), held.Len())
	}
	type sample struct {
		x, y  float64
		class int
	}
	count := map[sample]int{}
	for i := range d.Len() {
		count[sample{d.X.At(i, 0), d.X.At(i, 1), d.Classes[i]}]++
	}
	for _, part := range []nn.Dataset[float64]{train, held} {
		for i := range part.Len() {
			s := sample{part.X.At(i, 0), part.X.At(i, 1), part.Classes[i]}
			if count[s] == 0 {
				t.Fatalf("sample %v is not in the data", s)
			}
			count[s]--
		}
	}
}

// TestArgmaxAccuracy checks the predicted classes, ties and NaN included.
func TestArgmaxAccuracy(t *testing.T) {
	nan := math.NaN()
	m := nn.NewMatrix(5, 3, []float64{
		0.1, 0.7, 0.2,
		0.5, 0.5, 0, // tie: the first
		nan, 0.2, 0.3, // NaN skipped
		nan, nan, nan,
		-1, -3, -0.5,
	})
	got := nn.Argmax(nil, m)
	if want := []int{1, 0, 2, 0, 2}; !slices.Equal(got, want) {
		t.Errorf("Argmax = %v, want %v", got, want)
	}
	if a := nn.Accuracy(m, []int{1, 0, 2, 1, 0}); a != 0.6 {
		t.Errorf("Accuracy = %v, want 0.6", a)
	}
	if a := nn.Accuracy(nn.NewMatrix[float32](0, 3, nil), nil); !math.IsNaN(a) {
		t.Errorf("Accuracy of nothing = %v, want NaN", a)
	}
}

// TestInit checks the scale of each initialisation and that biases start
// at zero.
func TestInit(t *testing.T) {
	for _, tc := range []struct {
		init nn.Init
		want float64
	}{
		{nn.InitBook, 0.01}, {nn.InitHe, math.Sqrt(2.0 / 200)}, {nn.InitGlorot, math.Sqrt(2.0 / 500)},
	} {
		d := nn.NewDenseInit[float64](200, 300, tc.init, rand.New(rand.NewPCG(7, 8)))
		var sum, sq float64
		for _, v := range d.Weights.Data {
			sum += v
			sq += v * v
		}
		n := float64(len(d.Weights.Data))
		mean, std := sum/n, math.Sqrt(sq/n)
		if math.Abs(mean) > 0.01*tc.want || math.Abs(std-tc.want) > 0.01*tc.want || slices.ContainsFunc(d.Biases.Data, func(b float64) bool { return b != 0 }) {
			t.Errorf("%v: mean %v, std %v, want 0 and %v; biases %v", tc.init, mean, std, tc.want, d.Biases.Data[:3])
		}
	}
}

// TestDropout checks the fraction dropped, the scaling of the rest, and
// that Backward applies the same mask.
func TestDropout(t *testing.T) {
	d := nn.NewDropout[float64](0.25, rand.New(rand.NewPCG(9, 10)))
	x := nn.NewMatrix[float64](100, 100, nil)
	for i := range x.Data {
		x.Data[i] = 1
	}
	out := d.Forward(x)
	var kept int
	for _, v := range out.Data {
		switch v {
		case 0:
		case 1 / 0.75:
			kept++
		default:
			t.Fatalf("output %v, want 0 or 1/0.75", v)
		}
	}
	if f := float64(kept) / 1e4; math.Abs(f-0.75) > 0.02 {
		t.Errorf("kept %v of the inputs, want 0.75", f)
	}
	g := d.Backward(x)
	if !slices.Equal(g.Data, out.Data) {
		t.Error("Backward of ones is not the mask of Forward")
	}
	for _, rate := range []float64{-0.1, 1, math.NaN()} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewDropout(%v) did not panic", rate)
				}
			}()
			nn.NewDropout[float64](rate, nil)
		}()
	}
}
