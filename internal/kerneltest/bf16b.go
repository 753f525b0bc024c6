package kerneltest

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/simdkern/simdkern/internal/bf16"
	"github.com/simdkern/simdkern/internal/dispatch"
)

// GemmBF16B tests an implementation of kernels.GemmBF16B (float32 A,
// bfloat16 B) for m, n, k ≥ 1 and alpha ≠ 0 against CheckGemm on B
// widened, which is exact: Gemm's layouts and sizes, then single rows of C
// (the vector × matrix kernels) of every length in both layouts of A, and
// rows whose B has a million elements and more (blocked by rows), each
// at offsets 0..3, on the heap and against unreadable pages, with ordinary
// values and with NaN/±∞/±0/subnormals, leading dimensions larger than the
// rows with sentinels in the padding, guard bands around C, and NaN in C
// when beta == 0.
func GemmBF16B(t *testing.T, gemm dispatch.GemmBF16BFunc) {
	if err := gemmBF16BCases(gemm); err != nil {
		t.Fatal(err)
	}
}

func gemmBF16BCases(gemm dispatch.GemmBF16BFunc) error {
	ns := lengths[float32]()
	f := &bf16BFences{a: newInputs[float32](1, 70*70), b: newFence(1)}
	defer f.free()
	r := rand.New(rand.NewPCG(9, 10))
	err := gemmShapes([]int{1, 2, 3, 5, 8, 13, 16, 17, 31, 33}, func(s gemmShape[float32]) error {
		return gemmBF16BCase(r, f, gemm, s.transA, s.transB, s.m, s.n, s.k, s.alpha, s.beta, s.pad, s.g, s.p)
	})
	if err != nil {
		return err
	}
	alphas, betas := []float32{1, -0.5, 2}, []float32{0, 1, -0.5, 2}
	ks := []int{1, 2, 3, 7, 16, 33}
	for i, n := range ns[1:] {
		for off := range 4 {
			for _, g := range generators[float32]() {
				for _, p := range placements() {
					transA, k := off%2 == 1, ks[(i+off)%len(ks)]
					alpha, beta := alphas[(i+off)%len(alphas)], betas[(i+2*off)%len(betas)]
					if err := gemmBF16BCase(r, f, gemm, transA, false, 1, n, k, alpha, beta, off, g, p); err != nil {
						return fmt.Errorf("row: transA=%v n=%d k=%d alpha=%v beta=%v offset=%d %s %s: %v",
							transA, n, k, alpha, beta, off, g.name, p, err)
					}
				}
			}
		}
	}
	// Rows of C whose B is large enough to be computed in blocks of rows.
	for _, sz := range [][2]int{{1030, 600}, {200, 2700}, {129, 4065}} {
		if err := gemmBF16BCase(r, f, gemm, false, false, 1, sz[0], sz[1], 1.5, -0.5, 1, generators[float32]()[0], heap); err != nil {
			return fmt.Errorf("row: n=%d k=%d: %v", sz[0], sz[1], err)
		}
	}
	return nil
}

// bf16BFences holds the fenced memory of A and B.
type bf16BFences struct {
	a *inputs[float32]
	b *fence
}

func (f *bf16BFences) free() {
	f.a.free()
	f.b.free()
}

// gemmBF16BCase runs gemm once on random matrices, B rounded to bfloat16,
// and checks C against CheckGemm on B widened, the guard bands and padding
// of C, and that A and B are unchanged.
func gemmBF16BCase(r *rand.Rand, f *bf16BFences, gemm dispatch.GemmBF16BFunc, transA, transB bool,
	m, n, k int, alpha, beta float32, pad int, g generator[float32], p placement) error {
	ar, ac, br, bc := dispatch.Stored(transA, transB, m, n, k)
	lda, ldb, ldc := ac+pad, bc+(pad+1)%3, n+pad
	a0 := matrix(r, ar, ac, lda, g.gen)
	wide := matrix(r, br, bc, ldb, g.gen) // the sentinels of its padding stay NaN
	b0 := make([]bf16.BFloat16, len(wide))
	for i, v := range wide {
		b0[i] = bf16.FromFloat32(v)
		wide[i] = b0[i].Float32()
	}
	c0 := matrix(r, m, n, ldc, values[float32])
	if beta == 0 {
		for i := range c0 {
			if i%ldc < n {
				c0[i] = sentinel[float32]() // must not be read
			}
		}
	}
	a, b := f.a.place(0, a0, p, pad), placeAny(&f.b, b0, p, 3-pad, 2)
	c := newBanded[float32](len(c0), pad)
	copy(c.s(), c0)
	gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c.s(), ldc)
	return errors(CheckGemm(transA, transB, m, n, k, alpha, a0, lda, wide, ldb, beta, c0, c.s(), ldc),
		unchanged("a", a, a0), unchangedBF16(b, b0), c.check("c"), checkPadding(c.s(), c0, n, ldc))
}

// checkPadding reports an error if the padding of the matrix C (the
// elements of each row past its n columns) no longer holds c0's.
func checkPadding[T dispatch.Float](c, c0 []T, n, ldc int) error {
	for i, v := range c {
		if i%ldc >= n && bits(v) != bits(c0[i]) {
			return fmt.Errorf("padding c[%d] of C (ldc=%d) written: %v", i, ldc, v)
		}
	}
	return nil
}
