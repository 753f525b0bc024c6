package kernels

import (
	"fmt"
	"os"

	"github.com/simdkern/simdkern/internal/cpu"
	"github.com/simdkern/simdkern/internal/dispatch"
)

// generic is the pure-Go path: the reference and the fallback everywhere.
var generic = &dispatch.Impl{
	Name: "generic",
	Runs: true,
	F32:  genericKernels[float32](),
	F64:  genericKernels[float64](),
}

func genericKernels[T Float]() dispatch.Kernels[T] {
	// Instantiated function values made here once: made inside
	// GemmEpilogue they would allocate a closure on every call.
	axpy, max0 := axpyGeneric[T], reluGeneric[T]
	return dispatch.Kernels[T]{
		Dot:      dotGeneric[T],
		Axpy:     axpy,
		ColSum:   colSumGeneric[T],
		ReLU:     max0,
		ReLUMask: reluMaskGeneric[T],
		Exp:      expGeneric[T],
		Sigmoid:  sigmoidGeneric[T],
		Softmax:  softmaxGeneric[T],
		Gemm:     gemmGeneric[T],

		SGDMomentum: sgdMomentumGeneric[T],
		Adagrad:     adagradGeneric[T],
		RMSprop:     rmspropGeneric[T],
		Adam:        adamGeneric[T],

		GemmEpilogue: func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int, bias, relu []T, ldr int) {
			gemmGeneric(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
			ep := epilogue[T]{axpy, max0, bias, relu, ldr}
			ep.apply(c, ldc, 0, 0, m, n)
		},
	}
}

// isaEnv is SIMDKERN_ISA, read once.
var isaEnv = os.Getenv("SIMDKERN_ISA")

// impls lists every path built for this architecture, best first; archImpls
// (one file per architecture) adds the SIMD paths, built from the CPU's
// features less those SIMDKERN_ISA turns off (dispatch.Lower: the bfloat16
// dot products unless it is empty or avx512bf16).
var impls = append(archImpls(dispatch.Lower(cpu.Detect(), isaEnv)), generic)

func init() {
	im, warning, err := dispatch.Choose(impls, isaEnv)
	if err != nil {
		panic(err)
	}
	if warning != "" {
		fmt.Fprintln(os.Stderr, warning)
	}
	dispatch.Register(impls, im)
}

// ISA reports the instruction-set path the kernels run: "avx512", "avx2",
// "neon" or "generic".
func ISA() string { return dispatch.Active().Name }

// use returns the running path's kernels for T.
func use[T Float]() *dispatch.Kernels[T] { return dispatch.For[T](dispatch.Active()) }
