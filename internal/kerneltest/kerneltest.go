// Package kerneltest is the correctness harness every kernel implementation
// runs through: every length up to four widest vectors and beyond, offsets
// 0..3, leading dimensions larger than the row, guard bands around every
// output, inputs that end at an unreadable page, inputs left unchanged,
// NaN/±∞/−0, and aliasing where the API allows it, each call compared with
// package ref.
//
// A new path needs no tests of its own: registered in package kernels, it is
// in dispatch.Runnable, and kernels' tests call Run on it.
package kerneltest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
)

// OnEveryPath runs f as a subtest, named for the path, on every path this CPU
// runs, with that path active for the public API (dispatch.Use): for tests
// of code built on the kernels. The subtests run in turn, as the active path
// is global.
func OnEveryPath(t *testing.T, f func(t *testing.T)) {
	for _, im := range dispatch.Runnable() {
		t.Run(im.Name, func(t *testing.T) {
			defer dispatch.Use(im)()
			f(t)
		})
	}
}

// Run tests every kernel of im, for float32 and float64.
func Run(t *testing.T, im *dispatch.Impl) {
	t.Run("float32", func(t *testing.T) { run(t, dispatch.For[float32](im)) })
	t.Run("float64", func(t *testing.T) { run(t, dispatch.For[float64](im)) })
}

func run[T dispatch.Float](t *testing.T, k *dispatch.Kernels[T]) {
	t.Run("Dot", func(t *testing.T) { Dot(t, k.Dot) })
	t.Run("Axpy", func(t *testing.T) { Axpy(t, k.Axpy) })
	t.Run("ReLU", func(t *testing.T) { ReLU(t, k.ReLU) })
	t.Run("ReLUMask", func(t *testing.T) { ReLUMask(t, k.ReLUMask) })
	t.Run("ColSum", func(t *testing.T) { ColSum(t, k.ColSum) })
	t.Run("Exp", func(t *testing.T) { Exp(t, k.Exp) })
	t.Run("Sigmoid", func(t *testing.T) { Sigmoid(t, k.Sigmoid) })
	t.Run("Softmax", func(t *testing.T) { Softmax(t, k.Softmax) })
	t.Run("Gemm", func(t *testing.T) { Gemm(t, k.Gemm) })
	t.Run("SGDMomentum", func(t *testing.T) { SGDMomentum(t, k.SGDMomentum) })
	t.Run("Adagrad", func(t *testing.T) { Adagrad(t, k.Adagrad) })
	t.Run("RMSprop", func(t *testing.T) { RMSprop(t, k.RMSprop) })
	t.Run("Adam", func(t *testing.T) { Adam(t, k.Adam) })
}

// vectorBytes is the widest vector any path uses (AVX-512).
const vectorBytes = 64

// lengths returns every length 0..4·W+3, W the elements in the widest
// vector, then lengths around multiples of W that reach unrolled loops.
func lengths[T dispatch.Float]() []int {
	var t T
	w := vectorBytes / sizeof(t)
	var ns []int
	for n := range 4*w + 4 {
		ns = append(ns, n)
	}
	for _, m := range []int{5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 65} {
		ns = append(ns, m*w-1, m*w, m*w+1, m*w+w/2+3)
	}
	slices.Sort(ns)
	return slices.Compact(ns)
}

// sizeof returns the size in bytes of T.
func sizeof[T dispatch.Float](T) int {
	if dispatch.Is32[T]() {
		return 4
	}
	return 8
}

// generator makes input values: ordinary ones, or ones with specials.
type generator[T dispatch.Float] struct {
	name string
	gen  func(*rand.Rand, int) []T
}

func generators[T dispatch.Float]() []generator[T] {
	return []generator[T]{{"values", values[T]}, {"specials", specials[T]}}
}

// placement puts an input where the kernel will read it.
type placement int

const (
	heap      placement = iota // a copy at an offset into a larger slice
	fenceEnd                   // ending at an unreadable page
	fenceHead                  // starting right after an unreadable page
)

// placements lists where inputs go: on the heap, and against unreadable
// pages where the OS can map them, unless SIMDKERN_TEST_NOFENCE is set, for
// emulators (QEMU 7.2) whose masked loads fault on lanes the mask excludes,
// which no real CPU does.
func placements() []placement {
	if haveFence && os.Getenv("SIMDKERN_TEST_NOFENCE") == "" {
		return []placement{heap, fenceEnd, fenceHead}
	}
	return []placement{heap}
}

func (p placement) String() string { return [...]string{"heap", "fence-end", "fence-start"}[p] }

// inputs places copies of the input vectors for one call.
type inputs[T dispatch.Float] struct {
	fences []*fence
}

func newInputs[T dispatch.Float](count, maxLen int) *inputs[T] {
	var t T
	in := &inputs[T]{}
	for range count {
		in.fences = append(in.fences, newFence(maxLen*sizeof(t)))
	}
	return in
}

func (in *inputs[T]) free() {
	for _, f := range in.fences {
		f.free()
	}
}

// place returns a copy of v as input number i, placed by p at offset off.
func (in *inputs[T]) place(i int, v []T, p placement, off int) []T {
	switch p {
	case fenceEnd, fenceHead:
		var t T
		if f := in.fences[i]; !f.fits(len(v) * sizeof(t)) {
			f.free()
			in.fences[i] = newFence(2 * len(v) * sizeof(t))
		}
		return fenced(in.fences[i], v, p == fenceEnd)
	}
	buf := make([]T, off+len(v)+guard)
	s := buf[off : off+len(v) : off+len(v)]
	copy(s, v)
	return s
}

// unchanged reports an error if got no longer holds want's bits.
func unchanged[T dispatch.Float](name string, got, want []T) error {
	if i := firstDiff(got, want, true); i >= 0 {
		return fmt.Errorf("input %s[%d] changed from %v to %v", name, i, want[i], got[i])
	}
	return nil
}

// each runs f for every length, offset, generator and placement, and
// returns the first failure with the case that caused it.
func each[T dispatch.Float](nInputs int, f func(r *rand.Rand, in *inputs[T], n, off int, g generator[T], p placement) error) error {
	ns := lengths[T]()
	in := newInputs[T](nInputs, ns[len(ns)-1])
	defer in.free()
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range ns {
		for off := range 4 {
			for _, g := range generators[T]() {
				for _, p := range placements() {
					if err := f(r, in, n, off, g, p); err != nil {
						return fmt.Errorf("n=%d offset=%d %s %s: %v", n, off, g.name, p, err)
					}
				}
			}
		}
	}
	return nil
}

// Dot tests an implementation of Dot.
func Dot[T dispatch.Float](t *testing.T, dot func(x, y []T) T) {
	if err := dotCases(dot); err != nil {
		t.Fatal(err)
	}
}

func dotCases[T dispatch.Float](dot func(x, y []T) T) error {
	return each(2, func(r *rand.Rand, in *inputs[T], n, off int, g generator[T], p placement) error {
		x0, y0 := g.gen(r, n), g.gen(r, n)
		x, y := in.place(0, x0, p, off), in.place(1, y0, p, (off+1)%4)
		got := dot(x, y)
		return errors(CheckDot(got, x0, y0), unchanged("x", x, x0), unchanged("y", y, y0))
	})
}

// Axpy tests an implementation of Axpy, y aliasing x included.
func Axpy[T dispatch.Float](t *testing.T, axpy func(alpha T, x, y []T)) {
	if err := axpyCases(axpy); err != nil {
		t.Fatal(err)
	}
}

func axpyCases[T dispatch.Float](axpy func(alpha T, x, y []T)) error {
	alphas := []T{1, -0.5, 3.25, 0}
	return each(1, func(r *rand.Rand, in *inputs[T], n, off int, g generator[T], p placement) error {
		alpha := alphas[r.IntN(len(alphas))]
		x0, y0 := g.gen(r, n), g.gen(r, n)
		x := in.place(0, x0, p, off)
		y := newBanded[T](n, (off+3)%4)
		copy(y.s(), y0)
		axpy(alpha, x, y.s())
		if err := errors(CheckAxpy(alpha, x0, y0, y.s()), unchanged("x", x, x0), y.check("y")); err != nil {
			return fmt.Errorf("alpha=%v: %v", alpha, err)
		}
		// y aliasing x: y += alpha·y.
		copy(y.s(), y0)
		axpy(alpha, y.s(), y.s())
		if err := errors(CheckAxpy(alpha, y0, y0, y.s()), y.check("y")); err != nil {
			return fmt.Errorf("alpha=%v, x aliasing y: %v", alpha, err)
		}
		return nil
	})
}

// ReLU tests an implementation of ReLU, dst aliasing x included.
func ReLU[T dispatch.Float](t *testing.T, relu func(dst, x []T)) {
	if err := reluCases(relu); err != nil {
		t.Fatal(err)
	}
}

func reluCases[T dispatch.Float](relu func(dst, x []T)) error {
	return each(1, func(r *rand.Rand, in *inputs[T], n, off int, g generator[T], p placement) error {
		x0 := g.gen(r, n)
		x := in.place(0, x0, p, off)
		dst := newBanded[T](n, (off+2)%4)
		relu(dst.s(), x)
		if err := errors(CheckReLU(dst.s(), x0), unchanged("x", x, x0), dst.check("dst")); err != nil {
			return err
		}
		copy(dst.s(), x0)
		relu(dst.s(), dst.s())
		if err := errors(CheckReLU(dst.s(), x0), dst.check("dst")); err != nil {
			return fmt.Errorf("dst aliasing x: %v", err)
		}
		return nil
	})
}

// ReLUMask tests an implementation of ReLUMask, dst aliasing dy or z
// included.
func ReLUMask[T dispatch.Float](t *testing.T, mask func(dst, dy, z []T)) {
	if err := reluMaskCases(mask); err != nil {
		t.Fatal(err)
	}
}

func reluMaskCases[T dispatch.Float](mask func(dst, dy, z []T)) error {
	return each(2, func(r *rand.Rand, in *inputs[T], n, off int, g generator[T], p placement) error {
		dy0, z0 := g.gen(r, n), g.gen(r, n)
		dy, z := in.place(0, dy0, p, off), in.place(1, z0, p, 3-off)
		dst := newBanded[T](n, (off+1)%4)
		mask(dst.s(), dy, z)
		if err := errors(CheckReLUMask(dst.s(), dy0, z0), unchanged("dy", dy, dy0), unchanged("z", z, z0), dst.check("dst")); err != nil {
			return err
		}
		copy(dst.s(), dy0)
		mask(dst.s(), dst.s(), z)
		if err := errors(CheckReLUMask(dst.s(), dy0, z0), dst.check("dst")); err != nil {
			return fmt.Errorf("dst aliasing dy: %v", err)
		}
		copy(dst.s(), z0)
		mask(dst.s(), dy, dst.s())
		if err := errors(CheckReLUMask(dst.s(), dy0, z0), dst.check("dst")); err != nil {
			return fmt.Errorf("dst aliasing z: %v", err)
		}
		return nil
	})
}

// ColSum tests an implementation of ColSum: every column count the vector
// tests use, with rows 0..9 and a few larger counts, lda = cols and larger.
func ColSum[T dispatch.Float](t *testing.T, colSum func(dst, a []T, rows, cols, lda int)) {
	if err := colSumCases(colSum); err != nil {
		t.Fatal(err)
	}
}

func colSumCases[T dispatch.Float](colSum func(dst, a []T, rows, cols, lda int)) error {
	rowCounts := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 17, 33}
	return each(1, func(r *rand.Rand, in *inputs[T], cols, off int, g generator[T], p placement) error {
		rows := rowCounts[r.IntN(len(rowCounts))]
		if cols > 300 {
			rows = min(rows, 5)
		}
		lda := cols + []int{0, 1, 3, 16}[off]
		a0 := matrix(r, rows, cols, lda, g.gen)
		a := in.place(0, a0, p, off)
		dst := newBanded[T](cols+off, (off+1)%4)
		colSum(dst.s(), a, rows, cols, lda)
		if err := errors(CheckColSum(dst.s(), a0, rows, cols, lda), unchanged("a", a, a0), dst.checkFrom("dst", cols)); err != nil {
			return fmt.Errorf("%d×%d lda=%d: %v", rows, cols, lda, err)
		}
		return nil
	})
}

// Gemm tests an implementation of Gemm with m, n, k ≥ 1 and alpha ≠ 0 (the
// public API handles the other cases before it calls an implementation), in
// every layout, with leading dimensions larger than the rows, NaN in C when
// beta == 0, guard bands around C and sentinels in C's row padding.
func Gemm[T dispatch.Float](t *testing.T, gemm dispatch.GemmFunc[T]) {
	if err := gemmCases(gemm); err != nil {
		t.Fatal(err)
	}
}

func gemmCases[T dispatch.Float](gemm dispatch.GemmFunc[T]) error {
	r := rand.New(rand.NewPCG(3, 4))
	in := newInputs[T](2, 70*70)
	defer in.free()
	return gemmShapes([]int{1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17, 31, 33}, func(s gemmShape[T]) error {
		return gemmCase(r, in, gemm, s.transA, s.transB, s.m, s.n, s.k, s.alpha, s.beta, s.pad, s.g, s.p)
	})
}

// gemmShape is one product of gemmShapes: its layout, sizes and scalars,
// the padding of its leading dimensions, the values of A and B and where
// they are placed.
type gemmShape[T dispatch.Float] struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    T
	pad            int
	g              generator[T]
	p              placement
}

// gemmShapes calls f on a product of every layout and every pair m, n of
// dims, k, the scalars, padding, values (mostly ordinary) and placement
// varying with them, and returns f's first error with the product.
func gemmShapes[T dispatch.Float](dims []int, f func(gemmShape[T]) error) error {
	alphas := []T{1, -0.5, 2}
	betas := []T{0, 1, -0.5, 2}
	for _, transA := range []bool{false, true} {
		for _, transB := range []bool{false, true} {
			for mi, m := range dims {
				for ni, n := range dims {
					s := gemmShape[T]{transA: transA, transB: transB, m: m, n: n, k: dims[(mi*5+ni*3)%len(dims)],
						alpha: alphas[(mi+ni)%len(alphas)], beta: betas[(mi*2+ni)%len(betas)], pad: (mi + 2*ni) % 4,
						g: generators[T]()[(mi+ni)%7/6], p: placements()[(mi+ni)%len(placements())]}
					if err := f(s); err != nil {
						return fmt.Errorf("transA=%v transB=%v m=%d n=%d k=%d alpha=%v beta=%v pad=%d %s %s: %v",
							transA, transB, m, n, s.k, s.alpha, s.beta, s.pad, s.g.name, s.p, err)
					}
				}
			}
		}
	}
	return nil
}

// GemmCase runs gemm once on random matrices of the given shape and
// scalars, stored with leading dimensions larger than their rows, with guard
// bands around C and sentinels in its row padding (and in C itself when
// beta == 0), and checks the result (CheckGemm), the guards and the padding,
// and that A and B are unchanged. Callers choose the shapes: sizes around
// the tiles and blocks of a particular algorithm.
func GemmCase[T dispatch.Float](r *rand.Rand, gemm dispatch.GemmFunc[T], transA, transB bool, m, n, k int, alpha, beta T) error {
	return gemmCase(r, &inputs[T]{}, gemm, transA, transB, m, n, k, alpha, beta, r.IntN(4), generators[T]()[0], heap)
}

// Diff returns an error naming the first element where got and want differ
// in their bits, NaN payloads included, or nil.
func Diff[T dispatch.Float](what string, got, want []T) error { return diffErr(what, got, want, true) }

// DiffValues is Diff with any NaN matching any NaN: for results whose
// arithmetic may pick either operand's NaN.
func DiffValues[T dispatch.Float](what string, got, want []T) error {
	return diffErr(what, got, want, false)
}

func gemmCase[T dispatch.Float](r *rand.Rand, in *inputs[T], gemm dispatch.GemmFunc[T],
	transA, transB bool, m, n, k int, alpha, beta T, pad int, g generator[T], p placement) error {
	ar, ac, br, bc := dispatch.Stored(transA, transB, m, n, k)
	lda, ldb, ldc := ac+pad, bc+(pad+1)%3, n+pad
	a0 := matrix(r, ar, ac, lda, g.gen)
	b0 := matrix(r, br, bc, ldb, g.gen)
	c0 := matrix(r, m, n, ldc, values[T])
	if beta == 0 {
		for i := range c0 {
			if i%ldc < n {
				c0[i] = sentinel[T]() // must not be read
			}
		}
	}
	a, b := in.place(0, a0, p, pad), in.place(1, b0, p, 3-pad)
	c := newBanded[T](len(c0), pad)
	copy(c.s(), c0)
	gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c.s(), ldc)
	return errors(CheckGemm(transA, transB, m, n, k, alpha, a0, lda, b0, ldb, beta, c0, c.s(), ldc),
		unchanged("a", a, a0), unchanged("b", b, b0), c.check("c"), checkPadding(c.s(), c0, n, ldc))
}

// check reports whether the guard bands around b are intact.
func (b banded[T]) check(name string) error {
	if !b.intact() {
		return fmt.Errorf("write outside %s (len %d): guard band changed", name, b.n)
	}
	return nil
}

// checkFrom is check, and also requires b.s()[from:] to be untouched: an
// output that must be written only up to from.
func (b banded[T]) checkFrom(name string, from int) error {
	if err := b.check(name); err != nil {
		return err
	}
	s := bits(sentinel[T]())
	for i, v := range b.s()[from:] {
		if bits(v) != s {
			return fmt.Errorf("%s[%d] written beyond %d", name, from+i, from)
		}
	}
	return nil
}

// errors returns the first non-nil error.
func errors(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
