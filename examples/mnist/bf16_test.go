package main

import (
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/simdkern/simdkern/nn"
)

// TestMNISTBF16 trains the network for an epoch on 8000 of the test digits
// and checks that with its weights rounded to bfloat16 it classifies the
// other 2000 within half a point (ten digits) of float32.
func TestMNISTBF16(t *testing.T) {
	dir, err := mnistDir()
	if err != nil {
		t.Fatal(err)
	}
	data, err := nn.LoadIDX[float32](filepath.Join(dir, "t10k-images-idx3-ubyte.gz"), filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"), 10, nn.ScaleSigned)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(2, 0))
	train, test := data.Split(0.2, rng)
	model := newModel(784, 128, nn.InitHe, 0.001, 1e-3, rng)
	history, err := fit(model, train, test, 1, 128, rng)
	if err != nil {
		t.Fatal(err)
	}
	f32 := history[len(history)-1].ValAccuracy
	bf16, err := bf16Accuracy(model, test)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("test accuracy %.4f with bfloat16 weights, %.4f with float32", bf16, f32)
	if d := bf16 - f32; d < -0.005 || d > 0.005 {
		t.Errorf("test accuracy %.4f with bfloat16 weights, %.4f with float32: more than half a point apart", bf16, f32)
	}
}
