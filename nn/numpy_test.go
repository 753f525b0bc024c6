package nn_test

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/simdkern/simdkern/kernels"
	"github.com/simdkern/simdkern/nn"
)

// numpyStep recomputes, in float64, the step of crossCheckStep from the
// numbers on its standard input: sizes m k n, then X (m×k), W (k×n), b (n),
// dvalues (m×n) and the class of each sample. It prints one line per result.
const numpyStep = `
import sys
import numpy as np
d = sys.stdin.read().split()
m, k, n = map(int, d[:3])
v = np.array(d[3:], dtype=np.float64)
def take(count, shape):
    global v
    a, v = v[:count].reshape(shape), v[count:]
    return a
X = take(m*k, (m, k)); W = take(k*n, (k, n)); b = take(n, (1, n))
dy = take(m*n, (m, n)); cls = take(m, (m,)).astype(int)
z = np.dot(X, W) + b
r = np.maximum(0, z)
drelu = dy.copy(); drelu[z <= 0] = 0
dX = np.dot(drelu, W.T); dW = np.dot(X.T, drelu); db = np.sum(drelu, axis=0, keepdims=True)
e = np.exp(z - np.max(z, axis=1, keepdims=True)); s = e / np.sum(e, axis=1, keepdims=True)
loss = np.mean(-np.log(np.clip(s, 1e-7, 1 - 1e-7)[range(m), cls]))
ds = s.copy(); ds[range(m), cls] -= 1; ds = ds / m
eye = np.eye(n)[cls]
dce = -eye / s / m
dsep = np.empty_like(s)
for i in range(m):
    so = s[i].reshape(-1, 1)
    dsep[i] = np.dot(np.diagflat(so) - np.dot(so, so.T), dce[i])
for a in (z, r, drelu, dX, dW, db, s, [loss], ds, dsep):
    print(' '.join(repr(float(x)) for x in np.ravel(a)))
`

// runNumpy runs the Python program script with args and stdin under
// /usr/bin/python3 and returns what it prints; it skips t when python3 or
// numpy is missing.
func runNumpy(t *testing.T, stdin io.Reader, script string, args ...string) string {
	t.Helper()
	const python = "/usr/bin/python3"
	if _, err := os.Stat(python); err != nil {
		t.Skip("no ", python)
	}
	if err := exec.Command(python, "-c", "import numpy").Run(); err != nil {
		t.Skip("numpy is not installed: ", err)
	}
	cmd := exec.Command(python, append([]string{"-c", script}, args...)...)
	cmd.Stdin = stdin
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, stderr.String())
	}
	return string(out)
}

// TestNumpy compares a dense + ReLU + softmax cross-entropy step on random
// data with numpy's, the notebook's own tool, on every kernels path. It is
// skipped when /usr/bin/python3 or numpy is missing.
func TestNumpy(t *testing.T) {
	const m, k, n = 7, 13, 5
	rng := rand.New(rand.NewPCG(1, 2))
	in := make([][]float64, 5)
	for i, size := range []int{m * k, k * n, n, m * n} {
		for range size {
			in[i] = append(in[i], 2*rng.Float64()-1)
		}
	}
	for range m {
		in[4] = append(in[4], float64(rng.IntN(n)))
	}
	var stdin bytes.Buffer
	fmt.Fprintln(&stdin, m, k, n)
	for _, a := range in {
		for _, v := range a {
			stdin.WriteString(strconv.FormatFloat(v, 'g', -1, 64) + " ")
		}
	}
	out := runNumpy(t, &stdin, numpyStep)
	var want [][]float64
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var row []float64
		for _, f := range strings.Fields(line) {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				t.Fatal(err)
			}
			row = append(row, v)
		}
		want = append(want, row)
	}
	classes := make([]int, m)
	for i, c := range in[4] {
		classes[i] = int(c)
	}
	forEachPath(t,
		func(t *testing.T) { crossCheckStep[float64](t, m, k, n, in, classes, want) },
		func(t *testing.T) { crossCheckStep[float32](t, m, k, n, in, classes, want) })
}

func crossCheckStep[T kernels.Float](t *testing.T, m, k, n int, in [][]float64, classes []int, want [][]float64) {
	conv := func(v []float64) []T {
		r := make([]T, len(v))
		for i, x := range v {
			r[i] = T(x)
		}
		return r
	}
	x := nn.NewMatrix(m, k, conv(in[0]))
	dense := nn.NewDense(nn.NewMatrix(k, n, conv(in[1])), nn.NewMatrix(1, n, conv(in[2])))
	var relu nn.ReLU[T]
	var sce nn.SoftmaxCrossEntropy[T]
	var activation nn.Softmax[T]
	var ce nn.CrossEntropy[T]

	z := dense.Forward(x)
	r := relu.Forward(z)
	drelu := relu.Backward(nn.NewMatrix(m, n, conv(in[3])))
	dense.Backward(drelu)
	loss := sce.Forward(z, classes)
	ds := sce.Backward(classes)
	activation.Output = sce.Activation.Output
	dsep := activation.Backward(ce.Backward(activation.Output, classes))

	// Tolerance: the inputs are in [-1, 1] and k is small, so every result
	// is within a few hundred units of T's precision, relative to 1.
	tol := 1e-12
	if _, ok := any(T(0)).(float32); ok {
		tol = 1e-5
	}
	for i, got := range [][]T{z.Data, r.Data, drelu.Data, dense.DInputs.Data, dense.DWeights.Data, dense.DBiases.Data,
		sce.Activation.Output.Data, {loss}, ds.Data, dsep.Data} {
		name := []string{"z", "relu", "drelu", "dinputs", "dweights", "dbiases", "softmax", "loss", "combined", "separate"}[i]
		if len(got) != len(want[i]) {
			t.Fatalf("%s: %d values, numpy %d", name, len(got), len(want[i]))
		}
		for j, w := range want[i] {
			if d := math.Abs(float64(got[j]) - w); !(d <= tol*max(1, math.Abs(w))) {
				t.Errorf("%s[%d] = %v, numpy %v", name, j, got[j], w)
			}
		}
	}
}
