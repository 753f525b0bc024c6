package main

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/simdkern/simdkern/nn"
)

// TestMNIST finds the MNIST files through the module system, trains the
// network for an epoch on 8000 of the test digits, checks it on the other
// 2000, draws the PNG, and checks it again with bfloat16 weights.
func TestMNIST(t *testing.T) {
	dir, err := mnistDir()
	if err != nil {
		t.Fatal(err)
	}
	data, err := nn.LoadIDX[float32](filepath.Join(dir, "t10k-images-idx3-ubyte.gz"), filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"), 10, nn.ScaleSigned)
	if err != nil {
		t.Fatal(err)
	}
	if data.Len() != 10000 || data.X.Cols != 784 {
		t.Fatalf("read %d×%d test digits, want 10000×784", data.Len(), data.X.Cols)
	}
	rng := rand.New(rand.NewPCG(1, 0))
	train, test := data.Split(0.2, rng)
	model := newModel(784, 32, nn.InitHe, 0.001, 1e-3, rng)
	history, err := fit(model, train, test, 2, 128, rng)
	if err != nil {
		t.Fatal(err)
	}
	if acc := history[len(history)-1].ValAccuracy; acc < 0.85 {
		t.Errorf("test accuracy %.3f after %d epochs on 8000 digits, want at least 0.85", acc, len(history))
	}
	out := filepath.Join(t.TempDir(), "mnist.png")
	if err := drawPNG(out, model, test, history); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(out); err != nil || fi.Size() < 10000 {
		t.Errorf("the PNG: %v, %v", fi, err)
	}
	if err := saveModel(filepath.Join(t.TempDir(), "mnist.safetensors"), model); err != nil {
		t.Fatal(err)
	}
	// With its weights rounded to bfloat16, within half a point (ten
	// digits) of float32.
	f32 := history[len(history)-1].ValAccuracy
	bf16, err := bf16Accuracy(model, test)
	if err != nil {
		t.Fatal(err)
	}
	if d := bf16 - f32; d < -0.005 || d > 0.005 {
		t.Errorf("test accuracy %.4f with bfloat16 weights, %.4f with float32: more than half a point apart", bf16, f32)
	}
}

func TestCheckDir(t *testing.T) {
	dir := t.TempDir()
	if _, err := checkDir(dir); err == nil || !strings.Contains(err.Error(), "-data") {
		t.Errorf("an empty folder: error %v, want one suggesting -data", err)
	}
}
