package kernels

import "github.com/simdkern/simdkern/internal/dispatch"

// GemmBF16B computes C = alpha·op(A)·op(B) + beta·C as Gemm does, with A, C,
// alpha and beta in float32 and only B in bfloat16: float32 activations
// times bfloat16 weights, as in inference with weights stored in half the
// bytes. The shapes, leading dimensions, transposes, argument checks and
// panics are Gemm's; C must share no element with A (as in Gemm) and no
// memory at all with B.
//
// Widening a bfloat16 to float32 is exact, so the result is Gemm's on A
// and B widened, computed in some order and with or without fused
// multiply-adds, within Gemm's bound: with S = Σₗ op(A)(i,l)·op(B)(l,j)
// exactly,
//
//	|C(i,j) − (alpha·S + beta·C(i,j))| ≤ γₖ₊₂·(|alpha|·Σₗ|op(A)(i,l)·op(B)(l,j)| + |beta·C(i,j)|)
//	                                     + (|alpha|·k + 2)·2⁻¹⁴⁹,
//
// γₙ = n·u/(1−n·u), u = 2⁻²⁴. NaN and ±∞ in A, B or (when beta ≠ 0) C
// propagate as in that sum; subnormals are not flushed. beta == 0 sets C
// without reading it, and alpha == 0 or k == 0 only scales C by beta.
//
// A single row of C (m == 1) without transB, the product of one sample
// with a weight matrix, runs on the avx512 and avx2 paths as a vector ×
// matrix kernel that keeps a panel of C's row in registers across k and
// widens each row of B as it reads it, so B is read once, at two bytes an
// element; so do up to four rows, one at a time. Other products widen B
// into a buffer and run the path's Gemm.
func GemmBF16B(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []BFloat16, ldb int, beta float32, c []float32, ldc int) {
	const fn = "GemmBF16B"
	ar, ac, br, bc := checkGemmShapes(fn, transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	cm := matrix[float32]{c, m, n, ldc}
	checkOverlap(fn, "c", "a", cm, matrix[float32]{a, ar, ac, lda})
	checkBF16Overlap(fn, "b", c, m, n, ldc, b, br, bc, ldb)
	if gemmBF16Done(m, n, k, alpha, beta, c, ldc) {
		return
	}
	dispatch.Active().BF16.GemmB(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func init() {
	for _, im := range impls {
		if im.BF16.GemmB == nil {
			im.BF16.GemmB = gemmBF16BWiden(im)
		}
	}
}

// gemmBF16BWiden returns GemmBF16B for path im without a kernel of its
// own: B widened with im's FromBFloat16 into a pooled buffer, then
// multiplied by im's Gemm.
func gemmBF16BWiden(im *dispatch.Impl) dispatch.GemmBF16BFunc {
	return func(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []BFloat16, ldb int, beta float32, c []float32, ldc int) {
		_, _, br, bc := dispatch.Stored(transA, transB, m, n, k)
		w, _ := bf16Wides.Get().(*bf16Widened)
		if w == nil {
			w = new(bf16Widened)
		}
		rows, cols := br, bc
		if ldb == bc { // one row of br·bc elements, widened in one call
			rows, cols = 1, br*bc
		}
		w.b = widenMatrix(im.BF16.FromBF16, w.b, b, rows, cols, ldb)
		im.F32.Gemm(transA, transB, m, n, k, alpha, a, lda, w.b, bc, beta, c, ldc)
		bf16Wides.Put(w)
	}
}
