package nn_test

import (
	"bufio"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/simdkern/simdkern/internal/kerneltest"
	"github.com/simdkern/simdkern/kernels"
	"github.com/simdkern/simdkern/nn"
)

// A printed is one number of the notebook as written: its value and the
// number of digits after its decimal point.
type printed struct {
	v        float64
	decimals int
}

// goldens maps the sections of testdata/backprop_notebook.txt to their numbers.
type goldens map[string][]printed

var number = regexp.MustCompile(`-?[0-9]+(\.[0-9]*)?(e[-+]?[0-9]+)?`)

// readGoldens reads testdata/backprop_notebook.txt (format described in its header).
func readGoldens(t *testing.T) goldens {
	t.Helper()
	f, err := os.Open("../testdata/backprop_notebook.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g := goldens{}
	section := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "== "):
			section = strings.TrimPrefix(line, "== ")
			g[section] = []printed{}
		case section == "":
			// header comments
		default:
			for _, s := range number.FindAllString(line, -1) {
				v, err := strconv.ParseFloat(s, 64)
				if err != nil {
					t.Fatalf("testdata/backprop_notebook.txt, %s: %v", section, err)
				}
				g[section] = append(g[section], printed{v: v, decimals: decimals(s)})
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return g
}

// decimals returns the number of decimal places of the number s.
func decimals(s string) int {
	mant, exp, _ := strings.Cut(s, "e")
	e, _ := strconv.Atoi(exp)
	_, frac, _ := strings.Cut(mant, ".")
	return len(frac) - e
}

// values returns the numbers of section as T.
func values[T kernels.Float](t *testing.T, g goldens, section string) []T {
	t.Helper()
	ps, ok := g[section]
	if !ok {
		t.Fatalf("testdata/backprop_notebook.txt has no section %q", section)
	}
	v := make([]T, len(ps))
	for i, p := range ps {
		v[i] = T(p.v)
	}
	return v
}

// matrix returns the numbers of section as a rows×cols matrix of T.
func matrix[T kernels.Float](t *testing.T, g goldens, section string, rows, cols int) nn.Matrix[T] {
	t.Helper()
	v := values[T](t, g, section)
	if len(v) != rows*cols {
		t.Fatalf("section %q has %d numbers, want %d×%d", section, len(v), rows, cols)
	}
	return nn.NewMatrix(rows, cols, v)
}

// slack is the rounding allowance of T beyond the printed precision: a few
// units in the last place of T at the size of the number (at least 1, the
// size of the notebook's intermediate values).
func slack[T kernels.Float](v float64) float64 {
	eps := 0x1p-52
	if _, ok := any(T(0)).(float32); ok {
		eps = 0x1p-23
	}
	return 4 * eps * max(1, math.Abs(v))
}

// check compares got with the numbers printed in section: each within half
// a unit in its last printed digit, plus the rounding slack of T.
func check[T kernels.Float](t *testing.T, g goldens, section string, got []T) {
	t.Helper()
	want, ok := g[section]
	if !ok {
		t.Fatalf("testdata/backprop_notebook.txt has no section %q", section)
	}
	if len(got) != len(want) {
		t.Fatalf("%s: got %d numbers %v, notebook printed %d", section, len(got), got, len(want))
	}
	for i, w := range want {
		tol := 0.5*math.Pow(10, -float64(w.decimals)) + slack[T](w.v)
		if d := math.Abs(float64(got[i]) - w.v); !(d <= tol) {
			t.Errorf("%s: number %d is %v, notebook printed %v (|diff| %.3g > %.3g)", section, i, got[i], w.v, d, tol)
		}
	}
}

// checkEqual checks that a and b agree to the rounding slack of T.
func checkEqual[T kernels.Float](t *testing.T, what string, a, b []T) {
	t.Helper()
	for i := range a {
		if d := math.Abs(float64(a[i]) - float64(b[i])); !(d <= slack[T](float64(a[i]))) {
			t.Errorf("%s: element %d: %v ≠ %v", what, i, a[i], b[i])
		}
	}
}

// transpose returns mᵀ as a new matrix.
func transpose[T kernels.Float](m nn.Matrix[T]) nn.Matrix[T] {
	r := nn.NewMatrix[T](m.Cols, m.Rows, nil)
	for i := range m.Rows {
		for j := range m.Cols {
			r.Data[j*m.Rows+i] = m.At(i, j)
		}
	}
	return r
}

// clone returns a copy of m with its own storage.
func clone[T kernels.Float](m nn.Matrix[T]) nn.Matrix[T] {
	return nn.NewMatrix(m.Rows, m.Cols, append([]T(nil), m.Data...))
}

// forEachPath runs f on every kernels path this CPU runs, for float64 and
// float32.
func forEachPath(t *testing.T, f64 func(*testing.T), f32 func(*testing.T)) {
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		t.Run("float64", f64)
		t.Run("float32", f32)
	})
}

// TestNotebook reproduces every number the notebook prints, except its
// timings, on every kernels path and for both element types.
func TestNotebook(t *testing.T) {
	g := readGoldens(t)
	forEachPath(t,
		func(t *testing.T) { testNotebook[float64](t, g) },
		func(t *testing.T) { testNotebook[float32](t, g) })
}

func testNotebook[T kernels.Float](t *testing.T, g goldens) {
	t.Run("single neuron", func(t *testing.T) { notebookNeuron[T](t, g) })
	t.Run("dense layer", func(t *testing.T) { notebookDense[T](t, g) })
	t.Run("relu", func(t *testing.T) { notebookReLU[T](t, g) })
	t.Run("dense relu step", func(t *testing.T) { notebookStep[T](t, g) })
	t.Run("softmax cross-entropy", func(t *testing.T) { notebookSoftmaxCE[T](t, g) })
}

// notebookNeuron is cells In[3] to In[10]: one neuron of three inputs, a dense
// layer of 3×1 weights followed by ReLU.
func notebookNeuron[T kernels.Float](t *testing.T, g goldens) {
	x := matrix[T](t, g, "In[3] input x", 1, 3)
	w := matrix[T](t, g, "In[3] input w", 3, 1)
	b := matrix[T](t, g, "In[3] input b", 1, 1)
	dense := nn.NewDense(w, b)
	var relu nn.ReLU[T]
	check(t, g, "In[3] print y", relu.Forward(dense.Forward(x)).Data)

	drelu := relu.Backward(matrix[T](t, g, "In[3] input dvalue", 1, 1))
	check(t, g, "In[4] print drelu_dz", drelu.Data)

	// The sum's local gradients, each 1, times drelu_dz.
	dsum := values[T](t, g, `In[5] input dsum_dxw0 dsum_dxw1 dsum_dxw2 dsum_db (four "= 1" assignments, on one line)`)
	chain := make([]T, len(dsum))
	kernels.Axpy(drelu.Data[0], dsum, chain)
	check(t, g, "In[5] print drelu_dxw0 drelu_dxw1 drelu_dxw2 drelu_db", chain)

	// The multiplications' local gradients are the weights (for x) and the
	// inputs (for w): the dense layer's backward pass.
	dx := dense.Backward(drelu).Data
	dw := dense.DWeights.Data
	interleaved := []T{dx[0], dw[0], dx[1], dw[1], dx[2], dw[2]}
	check(t, g, "In[6] print drelu_dx0 drelu_dw0 drelu_dx1 drelu_dw1 drelu_dx2 drelu_dw2", interleaved)
	check(t, g, "In[7] print drelu_dx0 drelu_dw0 drelu_dx1 drelu_dw1 drelu_dx2 drelu_dw2", interleaved)
	check(t, g, "In[8] print dx", dx)
	check(t, g, "In[8] print dw", dw)
	check(t, g, "In[8] print db", dense.DBiases.Data)

	step := values[T](t, g, "In[9] input step")[0]
	(&nn.SGD[T]{LearningRate: -step}).Update(dense)
	check(t, g, "In[9] print w b", append(append([]T(nil), dense.Weights.Data...), dense.Biases.Data...))
	check(t, g, "In[10] print y", relu.Forward(dense.Forward(x)).Data)
}

// notebookWeights returns the notebook's weights, 4 inputs × 3 neurons.
func notebookWeights[T kernels.Float](t *testing.T, g goldens) nn.Matrix[T] {
	return transpose(matrix[T](t, g, "In[11] input weights (transposed by the notebook: one row per neuron)", 3, 4))
}

// notebookDense is cells In[11] to In[14]: the backward pass of a dense layer of
// 4 inputs and 3 neurons, for one and for three samples.
func notebookDense[T kernels.Float](t *testing.T, g goldens) {
	inputs := matrix[T](t, g, "In[13] input inputs", 3, 4)
	dense := nn.NewDense(notebookWeights[T](t, g), matrix[T](t, g, "In[14] input biases", 1, 3))

	dense.Forward(nn.NewMatrix(1, 4, inputs.Row(0)))
	check(t, g, "In[11] print dinputs", dense.Backward(matrix[T](t, g, "In[11] input dvalues", 1, 3)).Data)

	dense.Forward(inputs)
	check(t, g, "In[12] print dinputs", dense.Backward(matrix[T](t, g, "In[12] input dvalues", 3, 3)).Data)
	check(t, g, "In[13] print dweights", dense.DWeights.Data)
	check(t, g, "In[14] print dbiases", dense.DBiases.Data)
}

// notebookReLU is cells In[15] and In[16]: the ReLU derivative and the chain
// rule, as a 0/1 matrix times dvalues and as dvalues masked directly.
func notebookReLU[T kernels.Float](t *testing.T, g goldens) {
	z := matrix[T](t, g, "In[15] input z", 3, 4)
	dvalues := matrix[T](t, g, "In[15] input dvalues", 3, 4)

	ones := make([]T, len(z.Data))
	for i := range ones {
		ones[i] = 1
	}
	drelu := make([]T, len(z.Data))
	kernels.ReLUMask(drelu, ones, z.Data)
	check(t, g, "In[15] print drelu", drelu)
	// drelu *= dvalues: with drelu 0 or 1, the product is dvalues masked
	// where drelu > 0.
	kernels.ReLUMask(drelu, dvalues.Data, drelu)
	check(t, g, "In[15] print drelu *= dvalues", drelu)

	var relu nn.ReLU[T]
	relu.Forward(z)
	check(t, g, "In[16] print drelu", relu.Backward(dvalues).Data)
}

// notebookStep is cell In[17]: forward through the dense layer and ReLU,
// backward from the ReLU outputs themselves, one SGD step.
func notebookStep[T kernels.Float](t *testing.T, g goldens) {
	inputs := matrix[T](t, g, "In[13] input inputs", 3, 4)
	dense := nn.NewDense(notebookWeights[T](t, g), matrix[T](t, g, "In[14] input biases", 1, 3))
	var relu nn.ReLU[T]
	out := relu.Forward(dense.Forward(inputs))
	dense.Backward(relu.Backward(out))
	step := values[T](t, g, "In[17] input step")[0]
	(&nn.SGD[T]{LearningRate: -step}).Update(dense)
	check(t, g, "In[17] print weights", dense.Weights.Data)
	check(t, g, "In[17] print biases", dense.Biases.Data)
}

// notebookSoftmaxCE is cell In[19]: the combined softmax + cross-entropy
// backward pass and the separate one (cross-entropy backward, then softmax
// backward in Jacobian form), for class indices and for one-hot targets.
func notebookSoftmaxCE[T kernels.Float](t *testing.T, g goldens) {
	const combined = "In[19] print Gradients: ActivationSoftmaxLossCategoricalCrossentropy"
	const separate = "In[19] print Gradients: ActivationSoftmax and CategoricalCrossEntropy"
	outputs := matrix[T](t, g, "In[19] input softmax_outputs", 3, 3)
	var classes []int
	for _, c := range values[float64](t, g, "In[19] input class_targets") {
		classes = append(classes, int(c))
	}
	onehot := nn.NewMatrix[T](3, 3, nil)
	for i, c := range classes {
		onehot.Data[i*3+c] = 1
	}

	sce := nn.SoftmaxCrossEntropy[T]{Activation: nn.Softmax[T]{Output: outputs}}
	c := clone(sce.Backward(classes))
	check(t, g, combined, c.Data)
	cOneHot := clone(sce.BackwardOneHot(onehot))
	check(t, g, combined, cOneHot.Data)

	activation := nn.Softmax[T]{Output: outputs}
	var loss nn.CrossEntropy[T]
	s := clone(activation.Backward(loss.Backward(outputs, classes)))
	check(t, g, separate, s.Data)
	sOneHot := clone(activation.Backward(loss.BackwardOneHot(outputs, onehot)))
	check(t, g, separate, sOneHot.Data)

	checkEqual(t, "combined and separate gradients", c.Data, s.Data)
	checkEqual(t, "combined and separate gradients, one-hot", cOneHot.Data, sOneHot.Data)
	for i := range c.Data {
		if c.Data[i] != cOneHot.Data[i] {
			t.Errorf("combined gradient %d: class indices give %v, one-hot %v", i, c.Data[i], cOneHot.Data[i])
		}
	}
}
