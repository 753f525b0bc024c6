package kernels

import (
	"slices"
	"sync"

	"github.com/simdkern/simdkern/internal/dispatch"
)

// GemmBF16 computes C = alpha·op(A)·op(B) + beta·C as Gemm does, with A and
// B in bfloat16 and C, alpha and beta in float32: the shapes, leading
// dimensions, transposes, argument checks and panics are Gemm's, except
// that C must share no memory at all with A or B. Products are summed in
// float32.
//
// Where GemmBF16Dot reports true (the avx512 path on a CPU with
// AVX512_BF16, unless SIMDKERN_ISA is set to another name than avx512bf16),
// the products are summed by VDPBF16PS, two at a time: for each pair of k
// it adds both products to the float32 sum, rounding to nearest even, but
// treating subnormal inputs as zero and flushing subnormal results to zero.
// Elsewhere A and B are widened to float32 (exactly) and multiplied by
// Gemm. Either way, with S the exact
// Σₗ op(A)(i,l)·op(B)(l,j) of the bfloat16 values,
//
//	|C(i,j) − (alpha·S + beta·C(i,j))| ≤ (k+2)·u·(|alpha|·Σₗ|op(A)(i,l)·op(B)(l,j)| + |beta·C(i,j)|)
//	                                     + |alpha|·(k·2⁻¹²⁶ + Σ′ₗ|op(A)(i,l)·op(B)(l,j)|) + 2·2⁻¹⁴⁹,
//
// u = 2⁻²⁴, where Σ′ sums the products with a subnormal factor (zero but on
// VDPBF16PS): each product of two bfloat16 is exact in float32 (8-bit
// significands) unless it underflows, each of the at most k additions into
// the sum rounds once (relative u) or flushes (absolute < 2⁻¹²⁶), and alpha
// and the beta term round once each. NaN and ±∞ in A, B or (when beta ≠ 0) C
// propagate as in that sum, except that on VDPBF16PS ∞ times a subnormal
// is ∞·0, NaN. beta == 0 sets C without reading it, and
// alpha == 0 or k == 0 only scales C by beta.
func GemmBF16(transA, transB bool, m, n, k int, alpha float32, a []BFloat16, lda int,
	b []BFloat16, ldb int, beta float32, c []float32, ldc int) {
	const fn = "GemmBF16"
	ar, ac, br, bc := checkGemmShapes(fn, transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	checkBF16Overlap(fn, "a", c, m, n, ldc, a, ar, ac, lda)
	checkBF16Overlap(fn, "b", c, m, n, ldc, b, br, bc, ldb)
	if gemmBF16Done(m, n, k, alpha, beta, c, ldc) {
		return
	}
	dispatch.Active().BF16.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// checkBF16Overlap panics, naming fn and x, if the m×n matrix C (leading
// dimension ldc) shares memory with the bfloat16 matrix x (rows×cols,
// leading dimension ld).
func checkBF16Overlap(fn, x string, c []float32, m, n, ldc int, xs []BFloat16, rows, cols, ld int) {
	if overlapBytes(extent(c, m, n, ldc), extent(xs, rows, cols, ld)) {
		panic(overlapError{fn, "c", x})
	}
}

// gemmBF16Done computes, after their checks, the calls of GemmBF16 and
// GemmBF16B with nothing to multiply (m or n zero: nothing; k or alpha
// zero: C scaled by beta) and reports whether the call was one of them.
func gemmBF16Done(m, n, k int, alpha, beta float32, c []float32, ldc int) bool {
	if m == 0 || n == 0 {
		return true
	}
	if k == 0 || alpha == 0 {
		scaleMatrix(beta, c, m, n, ldc)
		return true
	}
	return false
}

// GemmBF16Dot reports whether GemmBF16 runs on bfloat16 dot-product
// instructions (VDPBF16PS) on the active path, rather than widening to
// float32: on the avx512 path of a CPU with AVX512_BF16. With SIMDKERN_ISA
// unset or avx512bf16 they run where the CPU has them; any other value
// turns them off (SIMDKERN_ISA=avx512 keeps the avx512 path with GemmBF16
// on its float32 micro-kernels, as on a CPU without AVX512_BF16). ISA
// reports "avx512" either way.
func GemmBF16Dot() bool { return dispatch.Active().BF16.Dot }

// extent returns the elements of s spanned by a rows×cols matrix with
// leading dimension ld (none if it is empty).
func extent[T any](s []T, rows, cols, ld int) []T {
	if rows == 0 || cols == 0 {
		return nil
	}
	return s[:(rows-1)*ld+cols]
}

// bf16Widened holds the float32 copies of A and B of one widening GemmBF16
// call; bf16Wides pools them.
type bf16Widened struct{ a, b []float32 }

var bf16Wides sync.Pool

// gemmBF16Widen returns GemmBF16 for a path without bfloat16 products: A
// and B widened with from, then multiplied with the path's Gemm.
func gemmBF16Widen(from func([]float32, []BFloat16), gemm dispatch.GemmFunc[float32]) dispatch.GemmBF16Func {
	return func(transA, transB bool, m, n, k int, alpha float32, a []BFloat16, lda int, b []BFloat16, ldb int, beta float32, c []float32, ldc int) {
		ar, ac, br, bc := dispatch.Stored(transA, transB, m, n, k)
		w, _ := bf16Wides.Get().(*bf16Widened)
		if w == nil {
			w = new(bf16Widened)
		}
		w.a = widenMatrix(from, w.a, a, ar, ac, lda)
		w.b = widenMatrix(from, w.b, b, br, bc, ldb)
		gemm(transA, transB, m, n, k, alpha, w.a, ac, w.b, bc, beta, c, ldc)
		bf16Wides.Put(w)
	}
}

// widenMatrix returns the rows×cols matrix x (leading dimension ld) widened
// by from into dst's memory, grown if need be, with leading dimension cols.
func widenMatrix(from func([]float32, []BFloat16), dst []float32, x []BFloat16, rows, cols, ld int) []float32 {
	dst = slices.Grow(dst[:0], rows*cols)[:rows*cols]
	for i := range rows {
		from(dst[i*cols:(i+1)*cols], x[i*ld:i*ld+cols])
	}
	return dst
}
