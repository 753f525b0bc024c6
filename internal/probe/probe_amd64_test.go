//go:build !purego

package probe

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdkern/simdkern/internal/cpu"
)

// fmaWant returns what every lane of an FMA loop holds: n steps
// acc = acc·a + b from zero (a and b rounded to the element type first), then the sum of the chains' equal values in
// chain order, each operation rounded by round to the element type. (One
// float64 FMA then round is the float32 FMA for these small test values.)
func fmaWant(n int, a, b float64, round func(float64) float64) float64 {
	a, b = round(a), round(b)
	var acc float64
	for range n {
		acc = round(math.FMA(acc, a, b))
	}
	sum := acc
	for range chains - 1 {
		sum = round(sum + acc)
	}
	return sum
}

func round32(x float64) float64 { return float64(float32(x)) }
func round64(x float64) float64 { return x }

func TestFMALoops(t *testing.T) {
	f := cpu.Detect()
	loops := []struct {
		name  string
		runs  bool
		round func(float64) float64
		run   func(n int, a, b float64) []float64
	}{
		{"fmaF32AVX512", f.AVX512, round32, func(n int, a, b float64) []float64 {
			s := make([]float32, 16)
			fmaF32AVX512(n, float32(a), float32(b), s)
			return widen(s)
		}},
		{"fmaF64AVX512", f.AVX512, round64, func(n int, a, b float64) []float64 {
			s := make([]float64, 8)
			fmaF64AVX512(n, a, b, s)
			return s
		}},
		{"fmaF32AVX2", f.AVX2, round32, func(n int, a, b float64) []float64 {
			s := make([]float32, 8)
			fmaF32AVX2(n, float32(a), float32(b), s)
			return widen(s)
		}},
		{"fmaF64AVX2", f.AVX2, round64, func(n int, a, b float64) []float64 {
			s := make([]float64, 4)
			fmaF64AVX2(n, a, b, s)
			return s
		}},
	}
	for _, l := range loops {
		if !l.runs {
			t.Logf("%s: this CPU cannot run it", l.name)
			continue
		}
		// a = 1, b = 1 counts the steps: every lane ends at chains·n.
		for _, c := range []struct{ a, b float64 }{{1, 1}, {0.5, 0.25}, {-1, 2}, {0.75, 0.1}, {1, 0}} {
			for _, n := range []int{0, 1, 2, 3, 7, 16, 30, 1000} {
				want := fmaWant(n, c.a, c.b, l.round)
				for i, got := range l.run(n, c.a, c.b) {
					if got != want {
						t.Errorf("%s(n=%d, a=%g, b=%g): lane %d = %g, want %g", l.name, n, c.a, c.b, i, got, want)
					}
				}
			}
		}
	}
}

// TestDotLoop checks dotBF16AVX512 on pairs of bfloat16 whose sums are
// exact in float32: every lane ends at dotChains·n·(a₀b₀ + a₁b₁).
func TestDotLoop(t *testing.T) {
	if !cpu.Detect().AVX512BF16 {
		t.Skip("no AVX512_BF16 on this CPU")
	}
	bf := func(lo, hi float32) uint32 { return math.Float32bits(lo)>>16 | math.Float32bits(hi)&0xffff_0000 }
	for _, c := range []struct{ a0, a1, b0, b1 float32 }{{1, 1, 1, 1}, {0.5, 2, 4, 0.25}, {-1, 1, 1, 1}, {3, -0.5, 0.75, 2}} {
		for _, n := range []int{0, 1, 2, 3, 7, 16, 30, 1000} {
			want := float32(dotChains*n) * (c.a0*c.b0 + c.a1*c.b1)
			s := make([]float32, 16)
			dotBF16AVX512(n, bf(c.a0, c.a1), bf(c.b0, c.b1), s)
			for i, got := range s {
				if got != want {
					t.Errorf("dotBF16AVX512(n=%d, %v): lane %d = %g, want %g", n, c, i, got, want)
				}
			}
		}
	}
}

func TestReadLoops(t *testing.T) {
	f := cpu.Detect()
	loops := []struct {
		name string
		runs bool
		read func([]uint64) uint64
	}{{"readAVX512", f.AVX512, readAVX512}, {"readAVX2", f.AVX2, readAVX2}}
	r := rand.New(rand.NewPCG(1, 2))
	for _, l := range loops {
		if !l.runs {
			t.Logf("%s: this CPU cannot run it", l.name)
			continue
		}
		for _, n := range []int{0, readMultiple, 2 * readMultiple, 5 * readMultiple, L1Bytes / 8} {
			p := make([]uint64, n)
			var want uint64
			for i := range p {
				p[i] = r.Uint64()
				want += p[i]
			}
			if got := l.read(p); got != want {
				t.Errorf("%s over %d words = %#x, want %#x", l.name, n, got, want)
			}
		}
	}
}

func widen(s []float32) []float64 {
	w := make([]float64, len(s))
	for i, v := range s {
		w[i] = float64(v)
	}
	return w
}
