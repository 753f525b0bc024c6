package nn_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/simdkern/simdkern/internal/kerneltest"
	"github.com/simdkern/simdkern/kernels"
	"github.com/simdkern/simdkern/nn"
)

// mnistNet returns the chapter-19 network, 784-128-128-10 with ReLUs, He
// initialised.
func mnistNet(r *rand.Rand) *nn.Model[float32] {
	return nn.NewModel[float32](nil,
		nn.NewDenseInit[float32](784, 128, nn.InitHe, r), &nn.ReLU[float32]{},
		nn.NewDenseInit[float32](128, 128, nn.InitHe, r), &nn.ReLU[float32]{},
		nn.NewDenseInit[float32](128, 10, nn.InitHe, r))
}

// roundWeights rounds the weights of m's Dense layers to bfloat16, in
// float32.
func roundWeights(m *nn.Model[float32]) {
	for _, l := range m.Layers {
		if d, ok := l.(*nn.Dense[float32]); ok {
			for i, w := range d.Weights.Data {
				d.Weights.Data[i] = kernels.BFloat16Of(w).Float32()
			}
		}
	}
}

// TestDenseBF16Forward checks each output of DenseBF16.Forward, on every
// path, one sample and several, against the exact inputs·Weights + Biases
// of its bfloat16 weights, within the documented bound: γₖ₊₂ of the sum of
// magnitudes, the bias included.
func TestDenseBF16Forward(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	d := nn.NewDenseInit[float32](300, 70, nn.InitHe, r)
	for i := range d.Biases.Data {
		d.Biases.Data[i] = float32(r.NormFloat64())
	}
	b := nn.NewDenseBF16(d)
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		for _, samples := range []int{1, 2, 5} {
			x := nn.NewMatrix[float32](samples, 300, nil)
			for i := range x.Data {
				x.Data[i] = float32(r.NormFloat64())
			}
			out := b.Forward(x)
			if out.Rows != samples || out.Cols != 70 {
				t.Fatalf("Output is %d×%d, want %d×70", out.Rows, out.Cols, samples)
			}
			const k = 300
			gamma := (k + 2) * 0x1p-24 / (1 - (k+2)*0x1p-24)
			for s := range samples {
				for j := range 70 {
					exact, abs := float64(b.Biases[j]), math.Abs(float64(b.Biases[j]))
					for l := range k {
						p := float64(x.Data[s*k+l]) * float64(b.Weights[l*70+j].Float32())
						exact += p
						abs += math.Abs(p)
					}
					if got := float64(out.Data[s*70+j]); math.Abs(got-exact) > gamma*abs {
						t.Fatalf("samples=%d: output (%d, %d) = %v, want %v within %g", samples, s, j, got, exact, gamma*abs)
					}
				}
			}
		}
	})
}

// TestPredictBF16 checks that the chapter-19 network predicts the same
// probabilities with bfloat16 weights as in float32 on the same (rounded)
// weights, up to the summation order, and that the model converted can no
// longer train.
func TestPredictBF16(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	f32 := mnistNet(r)
	roundWeights(f32)
	bf16 := mnistNet(r)
	bf16.Optimizer = &nn.SGD[float32]{LearningRate: 0.1}
	for i, l := range f32.Layers {
		if d, ok := l.(*nn.Dense[float32]); ok {
			bf16.Layers[i] = nn.NewDense(d.Weights, d.Biases)
		}
	}
	nn.ConvertBFloat16(bf16)
	for i, l := range bf16.Layers {
		if _, ok := l.(*nn.Dense[float32]); ok {
			t.Fatalf("layer %d still a Dense after ConvertBFloat16", i)
		}
	}
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		for _, samples := range []int{1, 7} {
			x := nn.NewMatrix[float32](samples, 784, nil)
			for i := range x.Data {
				x.Data[i] = r.Float32()
			}
			want, err := f32.Predict(x)
			if err != nil {
				t.Fatal(err)
			}
			want = nn.NewMatrix(want.Rows, want.Cols, append([]float32(nil), want.Data...))
			got, err := bf16.Predict(x)
			if err != nil {
				t.Fatal(err)
			}
			for i := range want.Data {
				if d := math.Abs(float64(got.Data[i] - want.Data[i])); !(d <= 1e-5) {
					t.Fatalf("samples=%d: probability %d = %v, want %v (float32)", samples, i, got.Data[i], want.Data[i])
				}
			}
		}
	})
	data := nn.Dataset[float32]{X: nn.NewMatrix[float32](2, 784, nil), Classes: []int{1, 2}}
	_, err := bf16.TrainStep(data)
	if err == nil || !strings.Contains(err.Error(), "DenseBF16, which cannot be trained") {
		t.Errorf("TrainStep on a converted model: error %v", err)
	}
	if _, _, err := bf16.Evaluate(data); err != nil {
		t.Errorf("Evaluate on a converted model: %v", err)
	}
}

// TestPredictBF16Allocs checks that Predict with bfloat16 weights
// allocates nothing once the layers have seen the batch shape.
func TestPredictBF16Allocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop buffers")
	}
	m := mnistNet(rand.New(rand.NewPCG(5, 6)))
	nn.ConvertBFloat16(m)
	for _, samples := range []int{1, 16} {
		x := nn.NewMatrix[float32](samples, 784, nil)
		if _, err := m.Predict(x); err != nil {
			t.Fatal(err)
		}
		if a := testing.AllocsPerRun(10, func() { m.Predict(x) }); a != 0 {
			t.Errorf("samples=%d: Predict allocates %v times, want 0", samples, a)
		}
	}
}

// writeBF16Safetensors writes tensors of bfloat16 bits in the safetensors
// format, with the dtype BF16.
func writeBF16Safetensors(t *testing.T, tensors map[string][]kernels.BFloat16, shapes map[string][]int) []byte {
	header := map[string]any{}
	var data []byte
	for name, v := range tensors {
		start := len(data)
		for _, x := range v {
			data = binary.LittleEndian.AppendUint16(data, uint16(x))
		}
		header[name] = map[string]any{"dtype": "BF16", "shape": shapes[name], "data_offsets": []int{start, len(data)}}
	}
	h, err := json.Marshal(header)
	if err != nil {
		t.Fatal(err)
	}
	return append(append(binary.LittleEndian.AppendUint64(nil, uint64(len(h))), h...), data...)
}

// TestLoadBF16 loads a file of BF16 weights into a float32 model and
// converts it: the DenseBF16 weights are the file's bits, NaN included.
func TestLoadBF16(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	w0, w1 := make([]kernels.BFloat16, 4*3), make([]kernels.BFloat16, 3*2)
	for _, w := range [][]kernels.BFloat16{w0, w1} {
		for i := range w {
			w[i] = kernels.BFloat16Of(float32(r.NormFloat64()))
		}
	}
	w0[5], w1[0] = 0xffc1, 0x0001 // a negative quiet NaN and a subnormal
	b0, b1 := []kernels.BFloat16{0x3f80, 0xbf00, 0}, []kernels.BFloat16{0x4000, 0x8000}
	file := writeBF16Safetensors(t,
		map[string][]kernels.BFloat16{"layers.0.weights": w0, "layers.0.biases": b0, "layers.2.weights": w1, "layers.2.biases": b1},
		map[string][]int{"layers.0.weights": {4, 3}, "layers.0.biases": {3}, "layers.2.weights": {3, 2}, "layers.2.biases": {2}})
	m := nn.NewModel[float32](nil,
		nn.NewDense(nn.NewMatrix[float32](4, 3, nil), nn.NewMatrix[float32](1, 3, nil)), &nn.ReLU[float32]{},
		nn.NewDense(nn.NewMatrix[float32](3, 2, nil), nn.NewMatrix[float32](1, 2, nil)))
	if err := m.Load(bytes.NewReader(file)); err != nil {
		t.Fatal(err)
	}
	nn.ConvertBFloat16(m)
	if err := m.Save(io.Discard); err == nil || !strings.Contains(err.Error(), "layer 0 is a DenseBF16") {
		t.Errorf("Save of a converted model: error %v", err)
	}
	for _, c := range []struct {
		layer   int
		weights []kernels.BFloat16
		biases  []kernels.BFloat16
	}{{0, w0, b0}, {2, w1, b1}} {
		d := m.Layers[c.layer].(*nn.DenseBF16)
		for i, w := range c.weights {
			if d.Weights[i] != w {
				t.Errorf("layer %d: weight %d is %#04x, the file's %#04x", c.layer, i, d.Weights[i], w)
			}
		}
		for i, b := range c.biases {
			if d.Biases[i] != b.Float32() {
				t.Errorf("layer %d: bias %d is %v, the file's %v", c.layer, i, d.Biases[i], b.Float32())
			}
		}
	}
}

// TestDenseBF16Checks checks the errors and panics of inconsistent or
// misused layers.
func TestDenseBF16Checks(t *testing.T) {
	d := nn.NewDenseBF16(nn.NewDense(nn.NewMatrix[float32](3, 2, nil), nn.NewMatrix[float32](1, 2, nil)))
	m := nn.NewModel[float32](nil, d)
	if _, err := m.Predict(nn.NewMatrix[float32](1, 4, nil)); err == nil || err.Error() != "nn.Model.Predict: layer 0 has weights 3×2 and biases 1×2, but the samples have 4 features" {
		t.Errorf("Predict of 4 features: error %v", err)
	}
	d.Biases = d.Biases[:1]
	if _, err := m.Predict(nn.NewMatrix[float32](1, 3, nil)); err == nil || err.Error() != "nn.Model.Predict: layer 0 has 1 biases, want 2" {
		t.Errorf("Predict with 1 bias of 2: error %v", err)
	}
	for name, f := range map[string]func(){
		"Forward":  func() { d.Forward(nn.NewMatrix[float32](1, 3, nil)) },
		"Backward": func() { d.Backward(nn.NewMatrix[float32](1, 2, nil)) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s did not panic", name)
				}
			}()
			f()
		}()
	}
}
