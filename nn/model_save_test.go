package nn_test

import (
	"bytes"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/simdkern/simdkern/nn"
)

// torchFile writes tensors, named as PyTorch names them, to a safetensors
// file.
func torchFile(t *testing.T, tensors map[string]nn.Matrix[float32], vectors ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := nn.WriteSafetensors(&buf, tensors, vectors...); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSaveTorchLayout checks the names, shapes and values SaveTorch
// writes, and that Load takes them back exactly.
func TestSaveTorchLayout(t *testing.T) {
	src := torchNet(rand.New(rand.NewPCG(5, 6)))
	var buf bytes.Buffer
	if err := src.SaveTorch(&buf); err != nil {
		t.Fatal(err)
	}
	tensors, err := nn.ReadSafetensors[float32](bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	names := slices.Sorted(maps.Keys(tensors))
	if want := []string{"0.bias", "0.weight", "2.bias", "2.weight", "4.bias", "4.weight", "6.bias", "6.weight"}; !slices.Equal(names, want) {
		t.Fatalf("names %v, want %v", names, want)
	}
	d := src.Layers[2].(*nn.Dense[float32]) // 6→9
	if w := tensors["2.weight"]; w.Rows != 9 || w.Cols != 6 || w.At(8, 5) != d.Weights.At(5, 8) || w.At(1, 0) != d.Weights.At(0, 1) {
		t.Errorf("2.weight is %d×%d, not the transpose of the weights", w.Rows, w.Cols)
	}
	if !strings.Contains(buf.String(), `"2.bias":{"dtype":"F32","shape":[9]`) {
		t.Errorf("2.bias is not written as a vector of 9: %.200s", buf.String()[8:])
	}
	dst := torchNet(rand.New(rand.NewPCG(7, 8)))
	if err := dst.Load(bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(params(src), params(dst), slices.Equal) {
		t.Error("Load of SaveTorch's file gives other parameters")
	}
}

// TestLoadTorchNames checks the forms of PyTorch names Load accepts (a
// prefix: a Sequential inside a module) and the errors for names and shapes
// that do not fit, which leave the model unchanged.
func TestLoadTorchNames(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	m := nn.NewModel[float32](nil, nn.NewDenseInit[float32](3, 2, nn.InitHe, rng), &nn.ReLU[float32]{}, nn.NewDenseInit[float32](2, 2, nn.InitHe, rng))
	w0, b0 := nn.NewMatrix(2, 3, []float32{1, 2, 3, 4, 5, 6}), nn.NewMatrix(1, 2, []float32{7, 8})
	w2, b2 := nn.NewMatrix(2, 2, []float32{9, 10, 11, 12}), nn.NewMatrix(1, 2, []float32{13, 14})
	good := func(prefix string) map[string]nn.Matrix[float32] {
		return map[string]nn.Matrix[float32]{prefix + "0.weight": w0, prefix + "0.bias": b0, prefix + "2.weight": w2, prefix + "2.bias": b2}
	}
	vectors := func(prefix string) []string { return []string{prefix + "0.bias", prefix + "2.bias"} }
	for _, prefix := range []string{"", "net.", "model.layers."} {
		if err := m.Load(bytes.NewReader(torchFile(t, good(prefix), vectors(prefix)...))); err != nil {
			t.Fatalf("prefix %q: %v", prefix, err)
		}
		d0, d2 := m.Layers[0].(*nn.Dense[float32]), m.Layers[2].(*nn.Dense[float32])
		if !slices.Equal(d0.Weights.Data, []float32{1, 4, 2, 5, 3, 6}) || !slices.Equal(d2.Weights.Data, []float32{9, 11, 10, 12}) ||
			!slices.Equal(d0.Biases.Data, b0.Data) || !slices.Equal(d2.Biases.Data, b2.Data) {
			t.Errorf("prefix %q: loaded %v %v %v %v", prefix, d0.Weights.Data, d0.Biases.Data, d2.Weights.Data, d2.Biases.Data)
		}
	}
	with := func(name string, v nn.Matrix[float32]) map[string]nn.Matrix[float32] {
		g := good("")
		if v.Data == nil {
			delete(g, name)
		} else {
			g[name] = v
		}
		return g
	}
	for _, tc := range []struct {
		file []byte
		want string
	}{
		{torchFile(t, with("0.weight", nn.NewMatrix[float32](3, 2, nil)), "0.bias", "2.bias"),
			`tensor "0.weight" has shape [3 2], layer 0 (Dense 3→2) needs [2 3] in the PyTorch layout`},
		{torchFile(t, good(""), "0.bias"), `tensor "2.bias" has shape [1 2], layer 2 (Dense 2→2) needs [2] in the PyTorch layout`},
		{torchFile(t, with("1.weight", w2), "0.bias", "2.bias"), `tensor "1.weight" is not a parameter of the model (PyTorch layout)`},
		{torchFile(t, with("2.weight", nn.Matrix[float32]{}), "0.bias", "2.bias"),
			`no tensor "2.weight" for layer 2 (Dense 2→2) in a file of the PyTorch layout, which holds 0.bias, 0.weight, 2.bias`},
		{torchFile(t, map[string]nn.Matrix[float32]{"net.0.weight": w0, "net.0.bias": b0, "2.weight": w2, "2.bias": b2}, "net.0.bias", "2.bias"),
			`no tensor "0.weight" for layer 0`},
	} {
		before := params(m)
		err := m.Load(bytes.NewReader(tc.file))
		if err == nil || !strings.Contains(err.Error(), "nn.Model.Load: "+tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
		if !slices.EqualFunc(before, params(m), slices.Equal) {
			t.Error("a failed Load changed the model")
		}
	}
}
