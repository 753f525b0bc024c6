package nn_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/simdkern/simdkern/nn"
)

// savedModel returns a trained-looking model: random parameters of the
// spiral network shape.
func savedModel[T float32 | float64](src uint64) *nn.Model[T] {
	rng := rand.New(rand.NewPCG(src, 1))
	m := spiralModel(nn.InitHe, rng, nn.Optimizer[T](&nn.Adam[T]{}))
	for _, l := range m.Layers {
		if d, ok := l.(*nn.Dense[T]); ok {
			for i := range d.Biases.Data {
				d.Biases.Data[i] = T(rng.NormFloat64())
			}
		}
	}
	return m
}

// params returns copies of the weights and biases of the Dense layers of m.
func params[T float32 | float64](m *nn.Model[T]) [][]T {
	var p [][]T
	for _, l := range m.Layers {
		if d, ok := l.(*nn.Dense[T]); ok {
			p = append(p, slices.Clone(d.Weights.Data), slices.Clone(d.Biases.Data))
		}
	}
	return p
}

func TestSafetensorsRoundTrip(t *testing.T) {
	testRoundTrip[float32](t)
	testRoundTrip[float64](t)
}

func testRoundTrip[T float32 | float64](t *testing.T) {
	var buf bytes.Buffer
	src := savedModel[T](1)
	if err := src.Save(&buf); err != nil {
		t.Fatal(err)
	}
	if n := binary.LittleEndian.Uint64(buf.Bytes()); n%8 != 0 {
		t.Errorf("header length %d is not a multiple of 8", n)
	}
	dst := savedModel[T](2)
	if err := dst.Load(bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatal(err)
	}
	if a, b := params(src), params(dst); !slices.EqualFunc(a, b, slices.Equal) {
		t.Errorf("%T: loaded parameters differ from the saved ones", T(0))
	}
	x := nn.Spiral[T](10, 3, rand.New(rand.NewPCG(3, 3))).X
	p1, _ := src.Predict(x)
	p1 = nn.NewMatrix(p1.Rows, p1.Cols, slices.Clone(p1.Data))
	p2, _ := dst.Predict(x)
	if !slices.Equal(p1.Data, p2.Data) {
		t.Errorf("%T: the loaded model predicts differently", T(0))
	}
	// Cross-type: a float64 file read as float32 rounds to nearest.
	tensors, err := nn.ReadSafetensors[float32](bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	w := tensors["layers.0.weights"]
	if w.Rows != 2 || w.Cols != 64 || w.Data[5] != float32(src.Layers[0].(*nn.Dense[T]).Weights.Data[5]) {
		t.Errorf("layers.0.weights read as float32: %v×%v, %v", w.Rows, w.Cols, w.Data[5])
	}
	if b := tensors["layers.2.biases"]; b.Rows != 1 || b.Cols != 3 {
		t.Errorf("layers.2.biases is %d×%d, want 1×3", b.Rows, b.Cols)
	}
}

// safetensorsFile builds a file from a header and data.
func safetensorsFile(header string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, uint64(len(header)))
	b.WriteString(header)
	b.Write(data)
	return b.Bytes()
}

func TestSafetensorsBadFiles(t *testing.T) {
	eight := make([]byte, 8)
	for _, tc := range []struct {
		file []byte
		want string
	}{
		{nil, "header length: EOF"},
		{[]byte{1, 2, 3}, "header length: unexpected EOF"},
		{safetensorsFile("", nil), "header length 0"},
		{safetensorsFile("{}", nil)[:9], "header of 2 bytes, file ends after 1"},
		{append(binary.LittleEndian.AppendUint64(nil, 1<<62), '{'), "header length 4611686018427387904"},
		{safetensorsFile("[1, 2]", nil), "header does not start with '{'"},
		{safetensorsFile(`{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]`, eight), `header: tensor "a": unexpected EOF`},
		{safetensorsFile(`{"a": {"dtype": "I8", "shape": [8], "data_offsets": [0, 8]}}`, eight), `tensor "a": dtype "I8"`},
		{safetensorsFile(`{"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}`, eight), "shape [3] needs 3 elements of 4 bytes, data_offsets give 8 bytes"},
		{safetensorsFile(`{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 16]}}`, eight), "data_offsets [0, 16]"},
		{safetensorsFile(`{"a": {"dtype": "F32", "shape": [2], "data_offsets": [8, 0]}}`, eight), "data_offsets [8, 0]"},
		{safetensorsFile(`{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}`, eight), "tensors end at byte 4 of 8"},
		{safetensorsFile(`{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "b": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}`, eight), "data_offsets [0, 4]: want [4"},
		{safetensorsFile(`{"a": {"dtype": "F32", "shape": [1, 1, 2], "data_offsets": [0, 8]}}`, eight), "only ranks 0 to 2"},
		{safetensorsFile(`{"a": {"dtype": "F32", "shape": [-1, -2], "data_offsets": [0, 8]}}`, eight), "shape holds -1, want integers from 0"},
		{safetensorsFile(`{"a": {"dtype": "F32", "shape": [2147483648, 1], "data_offsets": [0, 8]}}`, eight), "shape [2147483648 1] out of range"},
		{safetensorsFile(`{"a": {"dtype": "F64", "shape": [2147483647, 2147483647], "data_offsets": [0, 8]}}`, eight), "needs 4611686014132420609 elements"},
		{safetensorsFile(`{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8], "extra": 1}}`, eight), `unknown field "extra"`},
		{safetensorsFile(`{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 1e3]}}`, eight), `tensor "a"`},
		{safetensorsFile(`{"__metadata__": {"k": 1}}`, nil), "__metadata__"},
	} {
		_, err := nn.ReadSafetensors[float64](bytes.NewReader(tc.file))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "nn.ReadSafetensors: ") {
			t.Errorf("%q: error %v, want %q", tc.file, err, tc.want)
		}
	}
	// Valid: metadata, a scalar, an empty tensor and padding.
	ok := safetensorsFile(`{"__metadata__": {"format": "pt"}, "s": {"dtype": "F32", "shape": [], "data_offsets": [0, 4]}, "e": {"dtype": "F64", "shape": [0, 3], "data_offsets": [4, 4]}}  `,
		binary.LittleEndian.AppendUint32(nil, math.Float32bits(2.5)))
	tensors, err := nn.ReadSafetensors[float64](bytes.NewReader(ok))
	if err != nil || tensors["s"].Data[0] != 2.5 || tensors["e"].Rows != 0 || tensors["e"].Cols != 3 || len(tensors) != 2 {
		t.Errorf("valid file: %v, %v", tensors, err)
	}
}

func TestModelLoadMismatch(t *testing.T) {
	var buf bytes.Buffer
	if err := savedModel[float32](1).Save(&buf); err != nil {
		t.Fatal(err)
	}
	file := buf.Bytes()
	for _, tc := range []struct {
		m    *nn.Model[float32]
		want string
	}{
		{nn.NewModel[float32](nil, nn.NewDenseInit[float32](2, 64, nn.InitBook, rand.New(rand.NewPCG(1, 1)))), `tensor "layers.2.biases" is not a parameter of the model`},
		{nn.NewModel[float32](nil, nn.NewDenseInit[float32](2, 32, nn.InitBook, rand.New(rand.NewPCG(1, 1)))), `tensor "layers.0.weights" has shape [2 64], layer 0 (Dense 2→32) needs [2 32] in the simdkern layout`},
		{nn.NewModel[float32](nil, &nn.ReLU[float32]{}, nn.NewDenseInit[float32](2, 64, nn.InitBook, rand.New(rand.NewPCG(1, 1)))), `no tensor "layers.1.weights" for layer 1 (Dense 2→64) in a file of the simdkern layout, which holds layers.0.biases, layers.0.weights, layers.2.biases, layers.2.weights`},
	} {
		before := params(tc.m)
		err := tc.m.Load(bytes.NewReader(file))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
		if !slices.EqualFunc(before, params(tc.m), slices.Equal) {
			t.Error("a failed Load changed the model")
		}
	}
}

// readTensors is a Python reader of safetensors files that parses the
// header by hand (no safetensors package) and prints each tensor as
// name, shape and values, sorted by name.
const readTensors = `
import json, struct, sys
import numpy as np
buf = open(sys.argv[1], 'rb').read()
n, = struct.unpack('<Q', buf[:8])
header = json.loads(buf[8:8+n])
data = buf[8+n:]
for name in sorted(k for k in header if k != '__metadata__'):
    t = header[name]
    b, e = t['data_offsets']
    a = np.frombuffer(data[b:e], dtype={'F32': '<f4', 'F64': '<f8'}[t['dtype']]).reshape(t['shape'])
    print(name, ','.join(map(str, a.shape)), ' '.join(repr(float(x)) for x in a.ravel()))
`

// TestSafetensorsNumpy checks that numpy reads the tensors Save writes. It
// is skipped when /usr/bin/python3 or numpy is missing.
func TestSafetensorsNumpy(t *testing.T) {
	crossCheckSafetensors[float32](t)
	crossCheckSafetensors[float64](t)
}

func crossCheckSafetensors[T float32 | float64](t *testing.T) {
	m := savedModel[T](4)
	path := filepath.Join(t.TempDir(), "model.safetensors")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Save(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	out := runNumpy(t, nil, readTensors, path)
	got := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		name, rest, _ := strings.Cut(l, " ")
		got[name] = rest
	}
	n := 0
	for i, l := range m.Layers {
		d, ok := l.(*nn.Dense[T])
		if !ok {
			continue
		}
		for _, p := range []struct {
			name, shape string
			data        []T
		}{
			{fmt.Sprintf("layers.%d.weights", i), fmt.Sprintf("%d,%d", d.Weights.Rows, d.Weights.Cols), d.Weights.Data},
			{fmt.Sprintf("layers.%d.biases", i), fmt.Sprint(d.Biases.Cols), d.Biases.Data},
		} {
			n++
			shape, values, _ := strings.Cut(got[p.name], " ")
			fields := strings.Fields(values)
			if shape != p.shape || len(fields) != len(p.data) {
				t.Errorf("%T: numpy read %s as shape %q with %d values, want %s with %d", T(0), p.name, shape, len(fields), p.shape, len(p.data))
				continue
			}
			for k, f := range fields {
				v, err := strconv.ParseFloat(f, 64)
				if err != nil || v != float64(p.data[k]) {
					t.Errorf("%T: numpy read %s[%d] = %s, want %v", T(0), p.name, k, f, p.data[k])
					break
				}
			}
		}
	}
	if len(got) != n {
		t.Errorf("%T: numpy read %d tensors, want %d", T(0), len(got), n)
	}
}

// FuzzReadSafetensors checks that no file makes ReadSafetensors panic, and
// that what it accepts survives a write and a read.
func FuzzReadSafetensors(f *testing.F) {
	var buf bytes.Buffer
	savedModel[float32](1).Save(&buf)
	f.Add(buf.Bytes())
	f.Add(safetensorsFile(`{"a": {"dtype": "F64", "shape": [1], "data_offsets": [0, 8]}}`, make([]byte, 8)))
	f.Add(safetensorsFile(`{"__metadata__": {"a": "b"}}`, nil))
	f.Add(safetensorsFile(`{"h": {"dtype": "F16", "shape": [2], "data_offsets": [0, 4]}, "b": {"dtype": "BF16", "shape": [1, 2], "data_offsets": [4, 8]}}`, []byte{0, 0x7c, 1, 0x80, 0xc0, 0x7f, 1, 0}))
	for _, h := range badHeaders {
		f.Add(safetensorsFile(h.header, make([]byte, 8)))
	}
	f.Fuzz(func(t *testing.T, file []byte) {
		tensors, err := nn.ReadSafetensors[float64](bytes.NewReader(file))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := nn.WriteSafetensors(&out, tensors); err != nil {
			t.Fatal(err)
		}
		again, err := nn.ReadSafetensors[float64](&out)
		if err != nil {
			t.Fatal(err)
		}
		for name, m := range tensors {
			a := again[name]
			if a.Rows != m.Rows || a.Cols != m.Cols || !slices.EqualFunc(a.Data, m.Data, func(x, y float64) bool {
				return math.Float64bits(x) == math.Float64bits(y)
			}) {
				t.Fatalf("tensor %q changed in a write and read", name)
			}
		}
	})
}
