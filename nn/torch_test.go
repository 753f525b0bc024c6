package nn_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/simdkern/simdkern/nn"
)

// torchSizes are the widths of the network of testdata/torch_interop.py:
// Linear layers 6→6 and 9→9 (square, where a forgotten transpose goes
// unnoticed by shapes) and 6→9, 9→4, with ReLU between.
var torchSizes = []int{6, 6, 9, 9, 4}

// torchNet returns the model of that network, with weights from rng.
func torchNet(rng *rand.Rand) *nn.Model[float32] {
	var layers []nn.Layer[float32]
	for i := range len(torchSizes) - 1 {
		if i > 0 {
			layers = append(layers, &nn.ReLU[float32]{})
		}
		d := nn.NewDenseInit[float32](torchSizes[i], torchSizes[i+1], nn.InitHe, rng)
		for j := range d.Biases.Data {
			d.Biases.Data[j] = float32(rng.NormFloat64())
		}
		layers = append(layers, d)
	}
	return nn.NewModel[float32](nil, layers...)
}

// runTorch runs testdata/torch_interop.py with args, skipping the test
// where /usr/bin/python3 has no torch (Debian: apt install python3-torch).
func runTorch(t *testing.T, args ...string) {
	t.Helper()
	const python = "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import torch, numpy").Run(); err != nil {
		t.Skipf("%s with torch and numpy is needed (Debian: apt install python3-torch): %v", python, err)
	}
	cmd := exec.Command(python, append([]string{filepath.Join("testdata", "torch_interop.py")}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("torch_interop.py %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// readFile reads the tensors of a safetensors file.
func readFile(t *testing.T, path string) map[string]nn.Matrix[float32] {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tensors, err := nn.ReadSafetensors[float32](bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return tensors
}

// TestTorchInterop checks models against PyTorch in both directions: a
// state_dict torch wrote, in F32, F16 and BF16, loads as it is (Load) and
// predicts what torch predicts; a model SaveTorch wrote loads into torch
// with load_state_dict(strict=True) and torch predicts what Predict does.
// Predictions agree within the float32 error bound of the network
// (forwardBound), which a transposed square layer exceeds by far.
func TestTorchInterop(t *testing.T) {
	dir := t.TempDir()
	runTorch(t, "export", dir)
	expected := readFile(t, filepath.Join(dir, "expected.safetensors"))
	x := expected["x"]
	for _, dtype := range []string{"F32", "F16", "BF16"} {
		m := torchNet(rand.New(rand.NewPCG(1, 2)))
		file, err := os.ReadFile(filepath.Join(dir, "model."+dtype+".safetensors"))
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Load(bytes.NewReader(file)); err != nil {
			t.Fatalf("%s: %v", dtype, err)
		}
		// The parameters are torch's, exactly: transposed, and widened
		// from F16 and BF16 without rounding.
		for i, l := range m.Layers {
			d, ok := l.(*nn.Dense[float32])
			if !ok {
				continue
			}
			w, b := expected[fmt.Sprintf("%s.%d.weight", dtype, i)], expected[fmt.Sprintf("%s.%d.bias", dtype, i)]
			for r := range d.Weights.Rows {
				for c := range d.Weights.Cols {
					if d.Weights.At(r, c) != w.At(c, r) {
						t.Fatalf("%s: layer %d weight [%d, %d] = %v, torch has %v", dtype, i, r, c, d.Weights.At(r, c), w.At(c, r))
					}
				}
			}
			if !slices.Equal(d.Biases.Data, b.Data) {
				t.Fatalf("%s: layer %d biases %v, torch has %v", dtype, i, d.Biases.Data, b.Data)
			}
		}
		p, err := m.Predict(x)
		if err != nil {
			t.Fatal(err)
		}
		checkProbs(t, dtype+" state_dict loaded", m, x, p, expected[dtype+".probs"])

		// A square layer transposed by mistake is far outside the bound.
		if dtype == "F32" {
			d := m.Layers[0].(*nn.Dense[float32])
			d.Weights = nn.NewMatrix(6, 6, slices.Clone(expected["F32.0.weight"].Data))
			p, _ := m.Predict(x)
			if err := probsWithin(m, x, p, expected["F32.probs"]); err == nil {
				t.Error("a model with an untransposed square layer predicts as torch does: the check is too weak")
			}
		}
	}

	// The other way: SaveTorch, then torch.
	m := torchNet(rand.New(rand.NewPCG(3, 4)))
	var model, input bytes.Buffer
	if err := m.SaveTorch(&model); err != nil {
		t.Fatal(err)
	}
	if err := nn.WriteSafetensors(&input, map[string]nn.Matrix[float32]{"x": x}); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"go.safetensors": model.Bytes(), "go_x.safetensors": input.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	runTorch(t, "import", dir)
	p, err := m.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	checkProbs(t, "SaveTorch read by torch", m, x, p, readFile(t, filepath.Join(dir, "torch_probs.safetensors"))["probs"])
}

func checkProbs(t *testing.T, what string, m *nn.Model[float32], x, got, torch nn.Matrix[float32]) {
	t.Helper()
	if err := probsWithin(m, x, got, torch); err != nil {
		t.Errorf("%s: %v", what, err)
	}
}

// probsWithin returns an error unless the probabilities got (Predict's) and
// torch's for the samples x each lie within forwardBound of the exact
// probabilities of m's parameters, computed in float64.
func probsWithin(m *nn.Model[float32], x, got, torch nn.Matrix[float32]) error {
	exact, bound := forwardBound(m, x)
	for i := range exact {
		for j, p := range exact[i] {
			for who, q := range map[string]float32{"Predict": got.At(i, j), "torch": torch.At(i, j)} {
				if d := math.Abs(float64(q) - p); !(d <= bound[i][j]) {
					return fmt.Errorf("sample %d, class %d: %s gives %v, exact %v: off by %.3g, bound %.3g", i, j, who, q, p, d, bound[i][j])
				}
			}
		}
	}
	return nil
}

// forwardBound returns, for each sample of x, the exact class probabilities
// of the Dense and ReLU layers of m (float64 arithmetic on float32 values,
// whose own error is negligible here) and a bound on the error of any
// float32 evaluation of them, with any order of summation:
//
//   - a Dense output z = Σᵢ xᵢwᵢ + b computed from inputs with errors eᵢ
//     has error at most Σᵢ |wᵢ|eᵢ + γₖ₊₁(Σᵢ |xᵢwᵢ| + |b|), where
//     γₙ = nu/(1 − nu) and u = 2⁻²⁴ (Higham, Accuracy and Stability of
//     Numerical Algorithms, §3.1), with |xᵢ| bounded by the exact value
//     plus its error;
//   - ReLU does not increase an error;
//   - scores off by at most δ change every softmax probability p by at most
//     p(e^{2δ} − 1), and the softmax's own exponentials, sum and division
//     add at most p·(n + 8)u for n classes.
func forwardBound(m *nn.Model[float32], x nn.Matrix[float32]) (exact, bound [][]float64) {
	const u = 0x1p-24
	gamma := func(n int) float64 { return float64(n) * u / (1 - float64(n)*u) }
	for s := range x.Rows {
		v := make([]float64, x.Cols)
		e := make([]float64, x.Cols)
		for j := range v {
			v[j] = float64(x.At(s, j))
		}
		for _, l := range m.Layers {
			switch l := l.(type) {
			case *nn.Dense[float32]:
				k, n := l.Weights.Rows, l.Weights.Cols
				z, ez := make([]float64, n), make([]float64, n)
				for c := range n {
					b := float64(l.Biases.Data[c])
					z[c], ez[c] = b, 0
					abs := math.Abs(b)
					for r := range k {
						w := float64(l.Weights.At(r, c))
						z[c] += v[r] * w
						abs += (math.Abs(v[r]) + e[r]) * math.Abs(w)
						ez[c] += math.Abs(w) * e[r]
					}
					ez[c] += gamma(k+1) * abs
				}
				v, e = z, ez
			case *nn.ReLU[float32]:
				for j := range v {
					v[j] = max(v[j], 0)
				}
			}
		}
		delta := slices.Max(e)
		top := slices.Max(v)
		var sum float64
		p := make([]float64, len(v))
		for j := range v {
			p[j] = math.Exp(v[j] - top)
			sum += p[j]
		}
		b := make([]float64, len(v))
		for j := range p {
			p[j] /= sum
			b[j] = p[j]*math.Expm1(2*delta) + p[j]*float64(len(v)+8)*u
		}
		exact, bound = append(exact, p), append(bound, b)
	}
	return exact, bound
}
