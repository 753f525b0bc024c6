package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
)

// epilogueShapes reach every route of the Gemm: the loops of gemmGeneric
// (small), the skinny routes (few rows or columns), the packed path with
// edges in every direction, the packed path computing Cᵀ (few columns, not
// skinny), and splits between goroutines over rows and columns, of C and of
// Cᵀ.
var epilogueShapes = [][3]int{
	{1, 1, 1}, {3, 4, 5}, {1, 70, 33}, {70, 3, 33}, {5, 64, 40},
	{33, 65, 40}, {70, 31, 129}, {300, 7, 200}, {300, 12, 200},
	{401, 297, 301}, {45, 1500, 300}, {3000, 12, 512},
}

// TestGemmEpilogue checks on every path that GemmEpilogue gives the bits of
// Gemm followed by Axpy(1, bias, row) and ReLU on every row, on every route,
// with the ReLU apart or in place, NaN and ±∞ in A and in the bias, padded
// leading dimensions left untouched, and the same bits whatever the
// parallelism.
func TestGemmEpilogue(t *testing.T) {
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		testGemmEpilogue[float32](t)
		testGemmEpilogue[float64](t)
	})
}

func testGemmEpilogue[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	shapes := epilogueShapes
	if testing.Short() || raceEnabled {
		shapes = shapes[:len(shapes)-2]
	}
	for s, sz := range shapes {
		m, n, k := sz[0], sz[1], sz[2]
		for layout := range 4 {
			ta, tb := layout&2 != 0, layout&1 != 0
			for mode := range 4 { // bias, relu apart, relu in place
				bias, relu, inPlace := mode != 1, mode >= 1, mode == 3
				alpha, beta := T(gemmScalars[1+(s+layout)%3]), T(gemmScalars[(s+mode)%4])
				procs := 1 + (s+layout+mode)%3
				runtime.GOMAXPROCS(procs)
				name := fmt.Sprintf("%s bias=%v relu=%v in-place=%v GOMAXPROCS=%d", gemmCase[T]{ta, tb, m, n, k, alpha, beta}, bias, relu, inPlace, procs)
				if err := checkEpilogue(r, ta, tb, m, n, k, alpha, beta, bias, relu, inPlace); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
			}
		}
	}
}

// checkEpilogue runs one product through GemmEpilogue and through Gemm, Axpy
// and ReLU, and compares the bits.
func checkEpilogue[T Float](r *rand.Rand, ta, tb bool, m, n, k int, alpha, beta T, withBias, withReLU, inPlace bool) error {
	ar, ac, br, bc := dispatch.Stored(ta, tb, m, n, k)
	lda, ldb, ldc, ldr := ac+1, bc+2, n+3, n+1
	a, b := randMatrix[T](r, ar, lda), randMatrix[T](r, br, ldb)
	a[0], a[len(a)-1] = T(math.Inf(1)), T(math.NaN()) // the first and last rows or columns of C
	c0 := randMatrix[T](r, m, ldc)
	var ep Epilogue[T]
	if withBias {
		ep.Bias = randMatrix[T](r, 1, n)
		if n > 2 {
			ep.Bias[n/2], ep.Bias[n-1] = T(math.NaN()), T(math.Inf(-1))
		}
	}
	got := slices.Clone(c0)
	gotR := slices.Repeat([]T{-7}, m*ldr+5) // -7: values no output can take
	if withReLU {
		ep.ReLU, ep.LDReLU = gotR[:m*ldr], ldr
		if inPlace {
			ep.ReLU, ep.LDReLU = got, ldc
		}
	}
	aIn, bIn := slices.Clone(a), slices.Clone(b)
	GemmEpilogue(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, got, ldc, ep)

	want := slices.Clone(c0)
	Gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, want, ldc)
	wantR := slices.Repeat([]T{-7}, m*ldr+5)
	for i := range m {
		row := want[i*ldc : i*ldc+n]
		if withBias {
			Axpy(1, ep.Bias, row)
		}
		if withReLU {
			dst := wantR[i*ldr : i*ldr+n]
			if inPlace {
				dst = row
			}
			ReLU(dst, row)
		}
	}
	if err := kerneltest.Diff("c", got, want); err != nil {
		return err
	}
	if err := kerneltest.Diff("relu", gotR, wantR); err != nil {
		return err
	}
	if err := kerneltest.Diff("a", a, aIn); err != nil {
		return err
	}
	return kerneltest.Diff("b", b, bIn)
}

// TestGemmEpiloguePanics checks the arguments of the epilogue.
func TestGemmEpiloguePanics(t *testing.T) {
	a, b := make([]float32, 12), make([]float32, 12)
	buf := make([]float32, 40)
	c := buf[:12] // 3×4
	for _, tc := range []struct {
		name string
		ep   Epilogue[float32]
		want string
	}{
		{"short bias", Epilogue[float32]{Bias: make([]float32, 3)}, "kernels.GemmEpilogue: len(Bias) = 3, want n = 4"},
		{"long bias", Epilogue[float32]{Bias: make([]float32, 5)}, "kernels.GemmEpilogue: len(Bias) = 5, want n = 4"},
		{"short relu", Epilogue[float32]{ReLU: make([]float32, 11), LDReLU: 4}, "kernels.GemmEpilogue: ReLU is 3×4 with LDReLU = 4: len(ReLU) = 11, want ≥ 12"},
		{"narrow relu", Epilogue[float32]{ReLU: make([]float32, 12), LDReLU: 3}, "kernels.GemmEpilogue: ReLU is 3×4 with LDReLU = 3: LDReLU < 4"},
		{"relu overlaps c", Epilogue[float32]{ReLU: buf[1:13], LDReLU: 4}, "kernels.GemmEpilogue: ReLU and c overlap"},
		{"relu is c, other ld", Epilogue[float32]{ReLU: buf[:15], LDReLU: 5}, "kernels.GemmEpilogue: ReLU and c overlap"},
		{"relu overlaps a", Epilogue[float32]{ReLU: a, LDReLU: 4}, "kernels.GemmEpilogue: ReLU and a overlap"},
		{"relu overlaps bias", Epilogue[float32]{Bias: buf[20:24], ReLU: buf[22:34], LDReLU: 4}, "kernels.GemmEpilogue: ReLU and Bias overlap"},
		{"bias overlaps c", Epilogue[float32]{Bias: buf[8:12]}, "kernels.GemmEpilogue: c and Bias overlap"},
	} {
		got := func() (msg string) {
			defer func() { msg = fmt.Sprint(recover()) }()
			GemmEpilogue(false, false, 3, 4, 3, 1, a, 3, b, 4, 0, c, 4, tc.ep)
			return "no panic"
		}()
		if got != tc.want {
			t.Errorf("%s: panic %q, want %q", tc.name, got, tc.want)
		}
	}
	// Exact aliasing of ReLU and C is allowed.
	GemmEpilogue(false, false, 3, 4, 3, 1, a, 3, b, 4, 0, c, 4, Epilogue[float32]{ReLU: c, LDReLU: 4})
}

// TestGemmEpilogueZeroK checks that with k == 0 or alpha == 0, C is scaled by
// beta and then the epilogue applied.
func TestGemmEpilogueZeroK(t *testing.T) {
	c := []float32{-1, 2, 3, -4}
	relu := make([]float32, 4)
	GemmEpilogue(false, false, 2, 2, 0, 1, nil, 0, nil, 2, 2, c, 2, Epilogue[float32]{Bias: []float32{1, -5}, ReLU: relu, LDReLU: 2})
	if want := []float32{-1, -1, 7, -13}; !slices.Equal(c, want) {
		t.Errorf("c = %v, want %v", c, want)
	}
	if want := []float32{0, 0, 7, 0}; !slices.Equal(relu, want) {
		t.Errorf("relu = %v, want %v", relu, want)
	}
	a := []float32{math.Float32frombits(0x7fc00001), 1} // NaN: alpha == 0 must not read A
	GemmEpilogue(false, false, 2, 2, 1, 0, a, 1, a, 2, 1, c, 2, Epilogue[float32]{Bias: []float32{1, 1}})
	if want := []float32{0, 0, 8, -12}; !slices.Equal(c, want) {
		t.Errorf("alpha = 0: c = %v, want %v", c, want)
	}
}
