package kerneltest

import (
	"math"
	"testing"
	"unsafe"

	"github.com/simdkern/simdkern/internal/ref"
)

// TestHarnessCatchesOptimMutants checks that the optimizer cases catch the
// bugs a fused, vectorized step can have: a fused multiply-add, a changed
// order of operations, a dropped or extra element, a read past the
// gradient, a write to it.
func TestHarnessCatchesOptimMutants(t *testing.T) {
	mutants := []struct {
		name  string
		cases func() error
	}{
		{"SGDMomentum fuses momentum·u − rate·g", func() error {
			return sgdMomentumCases(func(rate, momentum float32, w, g, u []float32) {
				for i := range w {
					u[i] = float32(math.FMA(float64(momentum), float64(u[i]), -float64(rate*g[i])))
					w[i] += u[i]
				}
			})
		}},
		{"SGDMomentum reads one element past g", func() error {
			return sgdMomentumCases(func(rate, momentum float32, w, g, u []float32) {
				if len(g) > 0 && past(g) == 12345 {
					return
				}
				ref.SGDMomentum(rate, momentum, w, g, u)
			})
		}},
		{"Adagrad writes one element past w", func() error {
			return adagradCases(func(rate, epsilon float32, w, g, c []float32) {
				ref.Adagrad(rate, epsilon, w, g, c)
				if len(w)%16 == 7 {
					*(*float32)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(w)), len(w)*4)) = 0
				}
			})
		}},
		{"RMSprop drops the last element of a tail", func() error {
			return rmspropCases(func(rate, rho, epsilon float32, w, g, c []float32) {
				n := len(w)
				if n%16 == 13 {
					n--
				}
				ref.RMSprop(rate, rho, epsilon, w[:n], g[:n], c[:n])
			})
		}},
		{"RMSprop computes (1−rho)·g² as (1−rho)·(g·g)", func() error {
			return rmspropCases(func(rate, rho, epsilon float32, w, g, c []float32) {
				for i := range w {
					c[i] = rho*c[i] + (1-rho)*(g[i]*g[i])
					w[i] -= rate * g[i] / (float32(math.Sqrt(float64(c[i]))) + epsilon)
				}
			})
		}},
		{"Adam scales the rate by the corrections instead of dividing m and v", func() error {
			return adamCases(func(rate, beta1, beta2, epsilon, c1, c2 float32, w, g, m, v []float32) {
				r := rate * float32(math.Sqrt(float64(c2))) / c1
				for i := range w {
					m[i] = beta1*m[i] + (1-beta1)*g[i]
					v[i] = beta2*v[i] + (1-beta2)*g[i]*g[i]
					w[i] -= r * m[i] / (float32(math.Sqrt(float64(v[i]))) + epsilon*float32(math.Sqrt(float64(c2))))
				}
			})
		}},
		{"Adam leaves its squared gradient in g", func() error {
			return adamCases(func(rate, beta1, beta2, epsilon, c1, c2 float32, w, g, m, v []float32) {
				ref.Adam(rate, beta1, beta2, epsilon, c1, c2, w, g, m, v)
				for i := range g {
					g[i] *= g[i]
				}
			})
		}},
	}
	for _, m := range mutants {
		if ok, _ := caught(m.cases); !ok {
			t.Errorf("mutant not caught: %s", m.name)
		}
	}
}

// TestHarnessPassesOptimReference checks that the reference steps pass.
func TestHarnessPassesOptimReference(t *testing.T) {
	for name, cases := range map[string]func() error{
		"SGDMomentum": func() error { return sgdMomentumCases(ref.SGDMomentum[float64]) },
		"Adagrad":     func() error { return adagradCases(ref.Adagrad[float64]) },
		"RMSprop":     func() error { return rmspropCases(ref.RMSprop[float64]) },
		"Adam":        func() error { return adamCases(ref.Adam[float64]) },
	} {
		if err := cases(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
