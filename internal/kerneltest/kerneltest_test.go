package kerneltest

import (
	"fmt"
	"math"
	"runtime/debug"
	"testing"
	"unsafe"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/ref"
)

// The harness is only worth its green if it turns red: each mutant below is a
// kernel with one bug of a kind SIMD code has, and the harness must catch it.

type gemmFunc = dispatch.GemmFunc[float32]

// caught runs cases and reports whether it failed, by error or by panic
// (a read of an unreadable page panics under SetPanicOnFault).
func caught(cases func() error) (ok bool, why string) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			ok, why = true, fmt.Sprint("panic: ", r)
		}
	}()
	if err := cases(); err != nil {
		return true, err.Error()
	}
	return false, ""
}

// past returns the element just after the end of s, read without a bounds
// check, as a faulty assembly loop would.
func past(s []float32) float32 {
	return *(*float32)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(s)), len(s)*4))
}

func TestHarnessCatchesMutants(t *testing.T) {
	naiveDot := func(x, y []float32) float32 {
		s, _ := ref.Dot(x, y)
		return float32(s)
	}
	mutants := []struct {
		name  string
		cases func() error
	}{
		{"Dot drops the last element of a long tail", func() error {
			return dotCases(func(x, y []float32) float32 {
				if len(x)%16 == 15 {
					x, y = x[:len(x)-1], y[:len(y)-1]
				}
				return naiveDot(x, y)
			})
		}},
		{"Dot reads one element past x", func() error {
			return dotCases(func(x, y []float32) float32 {
				if len(x) > 0 && past(x) == 12345 {
					return 0
				}
				return naiveDot(x, y)
			})
		}},
		{"Dot sums in float32 one by one without care for NaN", func() error {
			return dotCases(func(x, y []float32) float32 {
				var s float32
				for i := range x {
					if p := x[i] * y[i]; p == p {
						s += p
					}
				}
				return s
			})
		}},
		{"Axpy fuses multiply and add", func() error {
			return axpyCases(func(alpha float32, x, y []float32) {
				for i := range x {
					y[i] = float32(math.FMA(float64(alpha), float64(x[i]), float64(y[i])))
				}
			})
		}},
		{"Axpy writes one past y", func() error {
			return axpyCases(func(alpha float32, x, y []float32) {
				ref.Axpy(alpha, x, y)
				if len(y) > 17 {
					*(*float32)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(y)), len(y)*4)) = 0
				}
			})
		}},
		{"ReLU keeps −0", func() error {
			return reluCases(func(dst, x []float32) {
				for i, v := range x {
					dst[i] = v
					if v < 0 {
						dst[i] = 0
					}
				}
			})
		}},
		{"ReLU maps NaN to 0 (MAXPS with the wrong operand order)", func() error {
			return reluCases(func(dst, x []float32) {
				for i, v := range x {
					dst[i] = 0
					if v > 0 {
						dst[i] = v
					}
				}
			})
		}},
		{"ReLU clobbers its input when not aliased", func() error {
			return reluCases(func(dst, x []float32) {
				ref.ReLU(dst, x)
				if len(x) > 0 {
					x[0] = dst[0] + 1
				}
			})
		}},
		{"ReLUMask lets NaN z through (z ≤ 0 test)", func() error {
			return reluMaskCases(func(dst, dy, z []float32) {
				for i := range dst {
					dst[i] = dy[i]
					if z[i] <= 0 {
						dst[i] = 0
					}
				}
			})
		}},
		{"ReLUMask breaks when dst aliases z", func() error {
			return reluMaskCases(func(dst, dy, z []float32) {
				for i := range dst {
					dst[i] = dy[i]
					if z[i] <= 0 || z[i] != z[i] {
						dst[i] = 0
					}
				}
				for i := range dst { // a second pass that rereads z
					if !(z[i] > 0) {
						dst[i] = 0
					}
				}
			})
		}},
		{"ColSum reads the row padding", func() error {
			return colSumCases(func(dst, a []float32, rows, cols, lda int) {
				ref.ColSum(dst, a, rows, cols, lda)
				// A full-width vector load that runs into the padding and
				// leaks it into the sum.
				for i := range rows {
					if k := i*lda + cols; cols > 0 && lda > cols && k < len(a) {
						dst[cols-1] += 0 * a[k]
					}
				}
			})
		}},
		{"ColSum writes dst beyond cols", func() error {
			return colSumCases(func(dst, a []float32, rows, cols, lda int) {
				ref.ColSum(dst, a, rows, cols, lda)
				if len(dst) > cols {
					dst[cols] = 0
				}
			})
		}},
		{"ColSum sums pairs of rows first", func() error {
			return colSumCases(func(dst, a []float32, rows, cols, lda int) {
				ref.ColSum(dst, a, min(rows, 1), cols, lda)
				for i := 1; i < rows; i += 2 {
					for j := range cols {
						if i+1 < rows {
							dst[j] += a[i*lda+j] + a[(i+1)*lda+j]
						} else {
							dst[j] += a[i*lda+j]
						}
					}
				}
			})
		}},
		{"Gemm reads C when beta is 0", func() error {
			return gemmCases(mutateGemm(func(c float32, beta float32) float32 { return beta * c }))
		}},
		{"Gemm writes the row padding of C", func() error {
			g := mutateGemm(nil)
			return gemmCases(func(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
				g(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
				if m > 1 && ldc > n {
					c[n] = 0
				}
			})
		}},
	}
	for _, m := range mutants {
		if ok, why := caught(m.cases); !ok {
			t.Errorf("mutant %q passed the harness", m.name)
		} else {
			t.Logf("mutant %q caught: %.120s", m.name, why)
		}
	}
}

// mutateGemm returns a naive Gemm whose beta term is betaC(c, beta), or the
// correct one (never reading C when beta == 0) when betaC is nil.
func mutateGemm(betaC func(c, beta float32) float32) gemmFunc {
	return func(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
		for i := range m {
			for j := range n {
				var s float64
				for l := range k {
					ai, bi := i*lda+l, l*ldb+j
					if transA {
						ai = l*lda + i
					}
					if transB {
						bi = j*ldb + l
					}
					av, bv := a[ai], b[bi]
					s += float64(av) * float64(bv)
				}
				v := alpha * float32(s)
				switch {
				case betaC != nil:
					v += betaC(c[i*ldc+j], beta)
				case beta != 0:
					v += beta * c[i*ldc+j]
				}
				c[i*ldc+j] = v
			}
		}
	}
}

// TestHarnessPassesReference checks the other side: correct kernels pass.
func TestHarnessPassesReference(t *testing.T) {
	for name, cases := range map[string]func() error{
		"ReLU":     func() error { return reluCases(ref.ReLU[float64]) },
		"ReLUMask": func() error { return reluMaskCases(ref.ReLUMask[float64]) },
		"ColSum":   func() error { return colSumCases(ref.ColSum[float64]) },
		"Axpy":     func() error { return axpyCases(ref.Axpy[float64]) },
		"Gemm":     func() error { return gemmCases(mutateGemm(nil)) },
	} {
		if err := cases(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
