package nn_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/simdkern/simdkern/internal/kerneltest"
	"github.com/simdkern/simdkern/kernels"
	"github.com/simdkern/simdkern/nn"
)

// bookOptimizers are the book's optimizer classes (update steps as printed
// in its chapter 10), run by TestOptimizersNumpy on a layer of 2×3 weights
// and 1×3 biases for three steps with the gradients read from standard
// input; it prints the parameters after the steps, one optimizer a line.
const bookOptimizers = `
import sys
import numpy as np
v = np.array(sys.stdin.read().split(), dtype=np.float64)
W0, b0, G = v[:6].reshape(2, 3), v[6:9].reshape(1, 3), v[9:].reshape(3, 9)
class Layer:
    def __init__(self):
        self.weights, self.biases = W0.copy(), b0.copy()
class SGD:
    def __init__(self, learning_rate=1., decay=0., momentum=0.):
        self.learning_rate = self.current_learning_rate = learning_rate
        self.decay, self.iterations, self.momentum = decay, 0, momentum
    def pre_update_params(self):
        if self.decay:
            self.current_learning_rate = self.learning_rate * (1. / (1. + self.decay * self.iterations))
    def update_params(self, layer):
        if self.momentum:
            if not hasattr(layer, 'weight_momentums'):
                layer.weight_momentums = np.zeros_like(layer.weights)
                layer.bias_momentums = np.zeros_like(layer.biases)
            weight_updates = self.momentum * layer.weight_momentums - self.current_learning_rate * layer.dweights
            layer.weight_momentums = weight_updates
            bias_updates = self.momentum * layer.bias_momentums - self.current_learning_rate * layer.dbiases
            layer.bias_momentums = bias_updates
        else:
            weight_updates = -self.current_learning_rate * layer.dweights
            bias_updates = -self.current_learning_rate * layer.dbiases
        layer.weights += weight_updates
        layer.biases += bias_updates
    def post_update_params(self):
        self.iterations += 1
class Adagrad(SGD):
    def __init__(self, learning_rate=1., decay=0., epsilon=1e-7):
        SGD.__init__(self, learning_rate, decay)
        self.epsilon = epsilon
    def update_params(self, layer):
        if not hasattr(layer, 'weight_cache'):
            layer.weight_cache = np.zeros_like(layer.weights)
            layer.bias_cache = np.zeros_like(layer.biases)
        layer.weight_cache += layer.dweights**2
        layer.bias_cache += layer.dbiases**2
        layer.weights += -self.current_learning_rate * layer.dweights / (np.sqrt(layer.weight_cache) + self.epsilon)
        layer.biases += -self.current_learning_rate * layer.dbiases / (np.sqrt(layer.bias_cache) + self.epsilon)
class RMSprop(SGD):
    def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7, rho=0.9):
        SGD.__init__(self, learning_rate, decay)
        self.epsilon, self.rho = epsilon, rho
    def update_params(self, layer):
        if not hasattr(layer, 'weight_cache'):
            layer.weight_cache = np.zeros_like(layer.weights)
            layer.bias_cache = np.zeros_like(layer.biases)
        layer.weight_cache = self.rho * layer.weight_cache + (1 - self.rho) * layer.dweights**2
        layer.bias_cache = self.rho * layer.bias_cache + (1 - self.rho) * layer.dbiases**2
        layer.weights += -self.current_learning_rate * layer.dweights / (np.sqrt(layer.weight_cache) + self.epsilon)
        layer.biases += -self.current_learning_rate * layer.dbiases / (np.sqrt(layer.bias_cache) + self.epsilon)
class Adam(SGD):
    def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7, beta_1=0.9, beta_2=0.999):
        SGD.__init__(self, learning_rate, decay)
        self.epsilon, self.beta_1, self.beta_2 = epsilon, beta_1, beta_2
    def update_params(self, layer):
        if not hasattr(layer, 'weight_cache'):
            layer.weight_momentums = np.zeros_like(layer.weights)
            layer.weight_cache = np.zeros_like(layer.weights)
            layer.bias_momentums = np.zeros_like(layer.biases)
            layer.bias_cache = np.zeros_like(layer.biases)
        layer.weight_momentums = self.beta_1 * layer.weight_momentums + (1 - self.beta_1) * layer.dweights
        layer.bias_momentums = self.beta_1 * layer.bias_momentums + (1 - self.beta_1) * layer.dbiases
        wm = layer.weight_momentums / (1 - self.beta_1 ** (self.iterations + 1))
        bm = layer.bias_momentums / (1 - self.beta_1 ** (self.iterations + 1))
        layer.weight_cache = self.beta_2 * layer.weight_cache + (1 - self.beta_2) * layer.dweights**2
        layer.bias_cache = self.beta_2 * layer.bias_cache + (1 - self.beta_2) * layer.dbiases**2
        wc = layer.weight_cache / (1 - self.beta_2 ** (self.iterations + 1))
        bc = layer.bias_cache / (1 - self.beta_2 ** (self.iterations + 1))
        layer.weights += -self.current_learning_rate * wm / (np.sqrt(wc) + self.epsilon)
        layer.biases += -self.current_learning_rate * bm / (np.sqrt(bc) + self.epsilon)
for opt in (SGD(), SGD(0.5, 0.1, 0.9), Adagrad(), Adagrad(0.3, 0.01), RMSprop(), RMSprop(0.02, 1e-3, 1e-5, 0.999), Adam(), Adam(0.05, 5e-3)):
    layer = Layer()
    for g in G:
        layer.dweights, layer.dbiases = g[:6].reshape(2, 3), g[6:].reshape(1, 3)
        opt.pre_update_params(); opt.update_params(layer); opt.post_update_params()
    print(' '.join(repr(float(x)) for x in np.concatenate((layer.weights.ravel(), layer.biases.ravel()))))
`

// TestOptimizersNumpy runs three steps of each optimizer, with the book's
// defaults and with other settings, and compares the parameters with those
// of the book's optimizer classes run by numpy. It is skipped when
// /usr/bin/python3 or numpy is missing.
func TestOptimizersNumpy(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	v := make([]float64, 9+3*9)
	var stdin bytes.Buffer
	for i := range v {
		v[i] = 2*rng.Float64() - 1
		fmt.Fprint(&stdin, strconv.FormatFloat(v[i], 'g', -1, 64), " ")
	}
	out := runNumpy(t, &stdin, bookOptimizers)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	opts := []nn.Optimizer[float64]{
		&nn.SGD[float64]{}, &nn.SGD[float64]{LearningRate: 0.5, Decay: 0.1, Momentum: 0.9},
		&nn.Adagrad[float64]{}, &nn.Adagrad[float64]{LearningRate: 0.3, Decay: 0.01},
		&nn.RMSprop[float64]{}, &nn.RMSprop[float64]{LearningRate: 0.02, Decay: 1e-3, Epsilon: 1e-5, Rho: 0.999},
		&nn.Adam[float64]{}, &nn.Adam[float64]{LearningRate: 0.05, Decay: 5e-3},
	}
	if len(lines) != len(opts) {
		t.Fatalf("python printed %d lines, want %d", len(lines), len(opts))
	}
	for i, opt := range opts {
		d := nn.NewDense(nn.NewMatrix(2, 3, append([]float64(nil), v[:6]...)), nn.NewMatrix(1, 3, append([]float64(nil), v[6:9]...)))
		for s := range 3 {
			g := v[9+9*s:]
			copy(d.DWeights.Data, g[:6])
			copy(d.DBiases.Data, g[6:9])
			opt.Update(d)
		}
		got := append(append([]float64(nil), d.Weights.Data...), d.Biases.Data...)
		want := strings.Fields(lines[i])
		for j, w := range want {
			wv, _ := strconv.ParseFloat(w, 64)
			if math.Abs(got[j]-wv) > 1e-12*max(1, math.Abs(wv)) {
				t.Errorf("%T %+v: parameter %d = %v, numpy %v", opt, opt, j, got[j], wv)
			}
		}
	}
}

// TestOptimizersBits checks on every path that the optimizers, which run on
// the kernels, give the bits of the scalar loops they replaced, as those ran
// on amd64 (whose compiler does not fuse a product into a sum: the loops
// below round each product explicitly, so they give those bits everywhere).
func TestOptimizersBits(t *testing.T) {
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		testOptimizersBits[float32](t)
		testOptimizersBits[float64](t)
	})
}

func testOptimizersBits[T kernels.Float](t *testing.T) {
	// decayed is the learning rate of step k, computed in float64.
	decayed := func(rate, decay T, k int) T { return T(float64(rate) * (1 / (1 + float64(decay)*float64(k)))) }
	sqrt := func(x T) T { return T(math.Sqrt(float64(x))) }
	// Each case's loop is its optimizer's step k on one parameter w with
	// gradient g and state s.
	cases := []struct {
		opt  nn.Optimizer[T]
		loop func(k int, w, g []T, s [2][]T)
	}{
		{&nn.SGD[T]{LearningRate: 0.5, Decay: 0.1, Momentum: 0.9}, func(k int, w, g []T, s [2][]T) {
			rate := decayed(0.5, 0.1, k)
			for i := range w {
				s[0][i] = T(0.9*s[0][i]) - T(rate*g[i])
				w[i] += s[0][i]
			}
		}},
		{&nn.Adagrad[T]{LearningRate: 0.3, Decay: 0.01}, func(k int, w, g []T, s [2][]T) {
			rate := decayed(0.3, 0.01, k)
			for i := range w {
				s[0][i] += T(g[i] * g[i])
				w[i] += T(-rate*g[i]) / (sqrt(s[0][i]) + 1e-7)
			}
		}},
		{&nn.RMSprop[T]{Decay: 1e-3}, func(k int, w, g []T, s [2][]T) {
			rate, rho := decayed(0.001, 1e-3, k), T(0.9)
			for i := range w {
				s[0][i] = T(rho*s[0][i]) + T(T((1-rho)*g[i])*g[i])
				w[i] += T(-rate*g[i]) / (sqrt(s[0][i]) + 1e-7)
			}
		}},
		{&nn.Adam[T]{LearningRate: 0.05, Decay: 5e-3}, func(k int, w, g []T, s [2][]T) {
			rate, b1, b2 := decayed(0.05, 5e-3, k), T(0.9), T(0.999)
			c1 := T(1 - math.Pow(float64(b1), float64(k+1)))
			c2 := T(1 - math.Pow(float64(b2), float64(k+1)))
			for i := range w {
				s[0][i] = T(b1*s[0][i]) + T((1-b1)*g[i])
				s[1][i] = T(b2*s[1][i]) + T(T((1-b2)*g[i])*g[i])
				w[i] += T(-rate*(s[0][i]/c1)) / (sqrt(s[1][i]/c2) + 1e-7)
			}
		}},
	}
	rng := rand.New(rand.NewPCG(13, 14))
	random := func(n int) []T {
		v := make([]T, n)
		for i := range v {
			v[i] = T(2*rng.Float64() - 1)
		}
		return v
	}
	for _, c := range cases {
		layers := []*nn.Dense[T]{
			nn.NewDense(nn.NewMatrix(37, 19, random(37*19)), nn.NewMatrix(1, 19, random(19))),
			nn.NewDense(nn.NewMatrix(5, 3, random(15)), nn.NewMatrix(1, 3, random(3))),
		}
		// Each parameter: its values, its gradient, the values and state
		// the loop computes.
		type param struct {
			got, g, w []T
			s         [2][]T
		}
		var params []param
		for _, d := range layers {
			for _, p := range [][2][]T{{d.Weights.Data, d.DWeights.Data}, {d.Biases.Data, d.DBiases.Data}} {
				n := len(p[0])
				params = append(params, param{p[0], p[1], append([]T(nil), p[0]...), [2][]T{make([]T, n), make([]T, n)}})
			}
		}
		for k := range 5 {
			for _, p := range params {
				copy(p.g, random(len(p.g)))
				c.loop(k, p.w, p.g, p.s)
			}
			c.opt.Update(layers...)
			for j, p := range params {
				if err := kerneltest.Diff(fmt.Sprintf("%T step %d parameter %d", c.opt, k, j), p.got, p.w); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
