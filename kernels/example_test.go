package kernels_test

import (
	"fmt"
	"math"

	"github.com/simdkern/simdkern/kernels"
)

func ExampleDot() {
	x := []float32{1, -2, 3}
	w := []float32{-3, -1, 2}
	fmt.Println(kernels.Dot(x, w))
	// Output: 5
}

func ExampleAxpy() {
	// One SGD step: w += −0.001·dw.
	w := []float64{-3, -1, 2}
	dw := []float64{1, -2, 3}
	kernels.Axpy(-0.001, dw, w)
	fmt.Println(w)
	// Output: [-3.001 -0.998 1.997]
}

func ExampleColSum() {
	// Bias gradient: the column sums of a 3×3 matrix stored with a leading
	// dimension of 4 (the fourth element of each row is padding).
	dvalues := []float32{
		1, 1, 1, 99,
		2, 2, 2, 99,
		3, 3, 3,
	}
	dbiases := make([]float32, 3)
	kernels.ColSum(dbiases, dvalues, 3, 3, 4)
	fmt.Println(dbiases)
	// Output: [6 6 6]
}

func ExampleReLU() {
	x := []float64{-1.5, 0, 2, math.Copysign(0, -1), math.NaN()}
	kernels.ReLU(x, x) // in place
	fmt.Println(x)
	// Output: [0 0 2 0 NaN]
}

func ExampleReLUMask() {
	// The notebook's ReLU backward: dvalues where the layer output z > 0.
	z := []float32{1, 2, -3, -4}
	dvalues := []float32{1, 2, 3, 4}
	drelu := make([]float32, 4)
	kernels.ReLUMask(drelu, dvalues, z)
	fmt.Println(drelu)
	// Output: [1 2 0 0]
}

func ExampleGemm() {
	// dinputs = dvalues · Wᵀ for one sample of three neurons and four inputs;
	// W is stored 4×3 (inputs × neurons), so B = W with transB set.
	dvalues := []float64{1, 1, 1}
	w := []float64{
		0.2, 0.5, -0.26,
		0.8, -0.91, -0.27,
		-0.5, 0.26, 0.17,
		1, -0.5, 0.87,
	}
	dinputs := make([]float64, 4)
	kernels.Gemm(false, true, 1, 4, 3, 1, dvalues, 3, w, 3, 0, dinputs, 4)
	for _, v := range dinputs {
		fmt.Printf("%.2f ", v)
	}
	fmt.Println()
	// Output: 0.44 -0.38 -0.07 1.37
}

func ExampleGemmEpilogue() {
	// A dense layer and its ReLU in one call: z = x·W + b and
	// relu = max(z, 0) for two samples of two inputs through three neurons.
	x := []float32{
		1, 2,
		-1, 0.5,
	}
	w := []float32{
		1, -1, 0.5,
		0.5, 1, -2,
	}
	b := []float32{0, 0.5, 1}
	z, relu := make([]float32, 6), make([]float32, 6)
	kernels.GemmEpilogue(false, false, 2, 3, 2, 1, x, 2, w, 3, 0, z, 3,
		kernels.Epilogue[float32]{Bias: b, ReLU: relu, LDReLU: 3})
	fmt.Println(z)
	fmt.Println(relu)
	// Output:
	// [2 1.5 -2.5 -0.75 2 -0.5]
	// [2 1.5 0 0 2 0]
}

func ExampleGemmBatch() {
	// The two gradient products of a dense layer of two inputs and two
	// neurons, for two samples: dweights = xᵀ·dvalues and dinputs =
	// dvalues·Wᵀ, side by side when there are goroutines for both.
	x := []float64{
		1, 2,
		3, 4,
	}
	w := []float64{
		1, -1,
		0.5, 2,
	}
	dvalues := []float64{
		1, 0,
		0.5, -1,
	}
	dweights, dinputs := make([]float64, 4), make([]float64, 4)
	kernels.GemmBatch([]kernels.GemmOp[float64]{
		{TransA: true, M: 2, N: 2, K: 2, Alpha: 1, A: x, LDA: 2, B: dvalues, LDB: 2, C: dweights, LDC: 2},
		{TransB: true, M: 2, N: 2, K: 2, Alpha: 1, A: dvalues, LDA: 2, B: w, LDB: 2, C: dinputs, LDC: 2},
	})
	fmt.Println(dweights)
	fmt.Println(dinputs)
	// Output:
	// [2.5 -3 4 -4]
	// [1 0.5 1.5 -1.75]
}

func ExampleReLUMaskColSum() {
	// The backward pass of a ReLU after a dense layer of three neurons, for
	// two samples: drelu = dvalues where z > 0, and the layer's dbiases.
	z := []float64{
		1, -2, 3,
		-1, 2, 3,
	}
	dvalues := []float64{
		0.5, 0.5, 0.5,
		1, 1, 1,
	}
	drelu, dbiases := make([]float64, 6), make([]float64, 3)
	kernels.ReLUMaskColSum(drelu, dbiases, dvalues, z, 3)
	fmt.Println(drelu)
	fmt.Println(dbiases)
	// Output:
	// [0.5 0 0.5 0 1 1]
	// [0.5 1 1.5]
}

// ExampleISA reports the instruction-set path the kernels run. It prints
// "avx512" on a CPU with AVX-512, "avx2" on one with AVX2 and FMA, "neon" on
// arm64 and "generic" elsewhere, or whatever SIMDKERN_ISA lowered the
// choice to (SIMDKERN_ISA=generic go run . prints "generic" everywhere).
func ExampleISA() {
	fmt.Println(kernels.ISA())
}

// A server running many inferences at once can keep each product on the
// goroutine that calls it; the result has the same bits whatever the
// setting.
func ExampleSetParallelism() {
	previous := kernels.SetParallelism(1)
	defer kernels.SetParallelism(previous)

	const n = 512 // 2²⁷ multiply-adds: split over GOMAXPROCS goroutines by default
	a, b, c := make([]float32, n*n), make([]float32, n*n), make([]float32, n*n)
	for i := range a {
		a[i], b[i] = 1, 0.5
	}
	kernels.Gemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n)
	fmt.Println(c[0], c[n*n-1])
	// Output: 256 256
}
