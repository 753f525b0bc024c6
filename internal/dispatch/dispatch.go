// Package dispatch holds the table of kernel implementations, one per
// instruction-set path, and the rule that picks the one that runs.
//
// Package kernels fills the table at init; tests and benchmarks read it to
// call every implementation this CPU can run directly.
package dispatch

import (
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/simdkern/simdkern/internal/bf16"
	"github.com/simdkern/simdkern/internal/cpu"
)

// Float is the set of element types the kernels are instantiated for. It is
// the one definition: package kernels exports it as kernels.Float.
type Float interface{ float32 | float64 }

// Is32 reports whether T is float32. It is the one test of the element type
// the module uses; T's size is a constant in each instantiation, so the test
// compiles away.
func Is32[T Float]() bool {
	var t T
	return unsafe.Sizeof(t) == 4
}

// GemmFunc is the signature of Gemm: C = alpha·op(A)·op(B) + beta·C, with
// the arguments of kernels.Gemm.
type GemmFunc[T Float] func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)

// GemmEpilogueFunc is the signature of kernels.GemmEpilogue, with the
// fields of its Epilogue as the last three arguments: bias (nil for none)
// added to every row of C, relu (nil for none) receiving max(C, 0) with
// leading dimension ldr.
type GemmEpilogueFunc[T Float] func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int, bias, relu []T, ldr int)

// Stored returns the shapes in which Gemm's A and B are stored: A is
// ar×ac (m×k, or k×m if transA) and B is br×bc (k×n, or n×k if transB).
func Stored(transA, transB bool, m, n, k int) (ar, ac, br, bc int) {
	ar, ac, br, bc = m, k, k, n
	if transA {
		ar, ac = k, m
	}
	if transB {
		br, bc = n, k
	}
	return ar, ac, br, bc
}

// Kernels is one implementation of every kernel for element type T.
//
// The functions take exactly the arguments of the public kernels API, already
// validated by it: lengths agree, slices are long enough, sizes are
// non-negative. They must not be called with anything else.
type Kernels[T Float] struct {
	Dot      func(x, y []T) T
	Axpy     func(alpha T, x, y []T)
	ColSum   func(dst, a []T, rows, cols, lda int)
	ReLU     func(dst, x []T)
	ReLUMask func(dst, dy, z []T)
	Gemm     GemmFunc[T]
	// Exp, Sigmoid and Softmax are kernels.Exp, kernels.Sigmoid and
	// kernels.Softmax (one row).
	Exp, Sigmoid, Softmax func(dst, x []T)
	// The optimizer steps of kernels.SGDMomentum, kernels.Adagrad,
	// kernels.RMSprop and kernels.Adam.
	SGDMomentum func(rate, momentum T, w, g, u []T)
	Adagrad     func(rate, epsilon T, w, g, c []T)
	RMSprop     func(rate, rho, epsilon T, w, g, c []T)
	Adam        func(rate, beta1, beta2, epsilon, c1, c2 T, w, g, m, v []T)
	// GemmEpilogue is kernels.GemmEpilogue for k > 0 and alpha ≠ 0.
	GemmEpilogue GemmEpilogueFunc[T]
}

// Impl is one instruction-set path: its name as SIMDKERN_ISA and
// kernels.ISA spell it, whether this CPU can run it, and its kernels.
type Impl struct {
	Name string
	Runs bool
	F32  Kernels[float32]
	F64  Kernels[float64]
	BF16 BF16Kernels
}

// BF16Kernels is one implementation of the bfloat16 kernels.
type BF16Kernels struct {
	// ToBF16 and FromBF16 are kernels.ToBFloat16 and kernels.FromBFloat16.
	ToBF16   func(dst []bf16.BFloat16, x []float32)
	FromBF16 func(dst []float32, x []bf16.BFloat16)
	// Gemm is kernels.GemmBF16 for m, n, k > 0 and alpha ≠ 0.
	Gemm GemmBF16Func
	// GemmB is kernels.GemmBF16B (float32 A, bfloat16 B) for m, n, k > 0
	// and alpha ≠ 0.
	GemmB GemmBF16BFunc
	// Dot reports whether Gemm multiplies on bfloat16 dot-product
	// instructions (VDPBF16PS) rather than in float32: on the avx512 path,
	// built from features with AVX512BF16 (see Lower and BF16Dot).
	Dot bool
}

// GemmBF16Func is the signature of kernels.GemmBF16.
type GemmBF16Func func(transA, transB bool, m, n, k int, alpha float32, a []bf16.BFloat16, lda int, b []bf16.BFloat16, ldb int, beta float32, c []float32, ldc int)

// GemmBF16BFunc is the signature of kernels.GemmBF16B.
type GemmBF16BFunc func(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []bf16.BFloat16, ldb int, beta float32, c []float32, ldc int)

// For returns im's kernels for element type T.
//
// T is exactly float32 or float64 (the constraint has no ~), so Is32 says
// which, and Kernels[T] is then the very type of the field returned. For
// compiles to a field address, keeping dispatch to a load and an indirect
// call.
func For[T Float](im *Impl) *Kernels[T] {
	if Is32[T]() {
		return (*Kernels[T])(unsafe.Pointer(&im.F32))
	}
	return (*Kernels[T])(unsafe.Pointer(&im.F64))
}

// Names lists every name SIMDKERN_ISA accepts, on any architecture: the
// paths, and BF16Dot.
var Names = []string{"generic", "avx2", "avx512", BF16Dot, "neon"}

// BF16Dot is the SIMDKERN_ISA name of the avx512 path with the bfloat16
// dot-product instructions (VDPBF16PS, cpu.Features.AVX512BF16) that its
// GemmBF16 runs on (Impl.BF16.Dot). It is not a path of its own: the path
// is avx512, and kernels.ISA reports that name.
const BF16Dot = "avx512bf16"

// Lower returns the features f of this CPU less those SIMDKERN_ISA=env turns
// off. Every value but the empty one and BF16Dot turns off AVX512BF16, so
// that SIMDKERN_ISA=avx512 runs GemmBF16 on the avx512 path as a CPU
// without AVX512_BF16 would (A and B widened to float32). Package kernels
// builds its implementations from the lowered features, then calls Choose.
func Lower(f cpu.Features, env string) cpu.Features {
	if env != "" && env != BF16Dot {
		f.AVX512BF16 = false
	}
	return f
}

// Choose picks the implementation to run from impls, ordered best first and
// built from the features Lower left for env, for the value env of
// SIMDKERN_ISA.
//
// An empty value picks the best implementation this CPU runs. A known name
// picks that implementation, and BF16Dot the avx512 one if its GemmBF16 runs
// on bfloat16 dot products; if this CPU cannot run it, Choose picks the best
// one below it that it can run (for BF16Dot, the avx512 path without them if
// it runs) and says so in warning. Any other value, including a name with
// spaces around it, is an error. impls must end with an implementation that
// always runs.
func Choose(impls []*Impl, env string) (chosen *Impl, warning string, err error) {
	if env == "" {
		return best(impls), "", nil
	}
	if !slices.Contains(Names, env) {
		return nil, "", fmt.Errorf("simdkern: SIMDKERN_ISA=%q is not a path name; want one of %s", env, strings.Join(Names, ", "))
	}
	path := env
	if env == BF16Dot {
		path = "avx512"
	}
	i := slices.IndexFunc(impls, func(im *Impl) bool { return im.Name == path })
	if i < 0 {
		// A path of another architecture: fall back to the best one here.
		im := best(impls)
		return im, fmt.Sprintf("simdkern: SIMDKERN_ISA=%s: no %s path on this architecture; using %s", env, env, im.Name), nil
	}
	if impls[i].Runs && (env != BF16Dot || impls[i].BF16.Dot) {
		return impls[i], "", nil
	}
	im := best(impls[i:])
	return im, fmt.Sprintf("simdkern: SIMDKERN_ISA=%s: this CPU cannot run %s; using %s", env, env, im.Name), nil
}

func best(impls []*Impl) *Impl {
	for _, im := range impls {
		if im.Runs {
			return im
		}
	}
	panic("simdkern: no runnable kernel implementation")
}

var (
	registered []*Impl
	active     atomic.Pointer[Impl]
)

// Register records impls, ordered best first, as the table that All and
// Runnable report, and makes chosen the active path. Package kernels calls it
// once at init.
func Register(impls []*Impl, chosen *Impl) {
	registered = impls
	active.Store(chosen)
}

// Active returns the path the public kernels API runs.
func Active() *Impl { return active.Load() }

// Use makes im the path the public kernels API runs, until the returned
// function restores the previous one. It is for tests and benchmarks that
// run higher-level code (package nn) on each path; no kernel call may be in
// flight while the path changes. im must be one this CPU runs.
func Use(im *Impl) (restore func()) {
	if !im.Runs {
		panic("simdkern: this CPU cannot run the " + im.Name + " path")
	}
	prev := active.Swap(im)
	return func() { active.Store(prev) }
}

// All returns every registered implementation, best first.
func All() []*Impl { return registered }

// Runnable returns the registered implementations this CPU can run, best first.
func Runnable() []*Impl {
	var r []*Impl
	for _, im := range registered {
		if im.Runs {
			r = append(r, im)
		}
	}
	return r
}
