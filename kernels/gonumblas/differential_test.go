package gonumblas

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/simdkern/simdkern/internal/kerneltest"
	"github.com/simdkern/simdkern/kernels"
	"gonum.org/v1/gonum/blas"
)

// The differential tests run Implementation and gonum on the same random
// inputs, for float32 (which gonum's suite does not cover) and float64: every
// result within the error bound of the sums, and every element outside the
// output (padding between rows, the tail of a slice longer than needed) and
// every input unchanged, bit for bit. When beta is 0 the output starts as NaN.

var transposes = []blas.Transpose{blas.NoTrans, blas.Trans, blas.ConjTrans}

func TestGemmMatchesGonum(t *testing.T) {
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		t.Run("float32", testGemm[float32])
		t.Run("float64", testGemm[float64])
	})
}

func testGemm[T kernels.Float](t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	got, exp := routinesOf[T](Implementation{}), routinesOf[T](want)
	shapes := [][3]int{{1, 1, 1}, {3, 5, 2}, {7, 1, 9}, {1, 40, 33}, {2, 3, 0}, {17, 33, 70}, {70, 17, 3}, {29, 45, 130}}
	for _, tA := range transposes {
		for _, tB := range transposes {
			for _, s := range shapes {
				for _, pad := range []int{0, 3} {
					for _, ab := range [][2]T{{1, 0}, {-0.5, 1}, {0, 0.25}, {2, -0.75}} {
						m, n, k := s[0], s[1], s[2]
						name := fmt.Sprintf("%c%c/m=%d,n=%d,k=%d/pad=%d/alpha=%v,beta=%v", tA, tB, m, n, k, pad, ab[0], ab[1])
						checkGemm(t, rnd, name, got.gemm, exp.gemm, tA, tB, m, n, k, pad, ab[0], ab[1])
					}
				}
			}
		}
	}
}

// checkGemm compares one Gemm call with gonum's.
func checkGemm[T kernels.Float](t *testing.T, rnd *rand.Rand, name string, got, exp func(tA, tB blas.Transpose, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int),
	tA, tB blas.Transpose, m, n, k, pad int, alpha, beta T) {
	t.Helper()
	ar, ac := m, k
	if tA != blas.NoTrans {
		ar, ac = k, m
	}
	br, bc := k, n
	if tB != blas.NoTrans {
		br, bc = n, k
	}
	lda, ldb, ldc := max(1, ac)+pad, max(1, bc)+pad, max(1, n)+pad
	a := randomSlice[T](rnd, max(0, (ar-1)*lda+ac)+pad)
	b := randomSlice[T](rnd, max(0, (br-1)*ldb+bc)+pad)
	c0 := randomSlice[T](rnd, (m-1)*ldc+n+pad)
	if beta == 0 {
		for i := range m {
			for j := range n {
				c0[i*ldc+j] = T(math.NaN())
			}
		}
	}
	a0, b0 := append([]T(nil), a...), append([]T(nil), b...)
	cg, cw := append([]T(nil), c0...), append([]T(nil), c0...)
	got(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, cg, ldc)
	exp(tA, tB, m, n, k, alpha, a0, lda, b0, ldb, beta, cw, ldc)
	if !sameBits(a, a0) || !sameBits(b, b0) {
		t.Fatalf("%s: A or B changed", name)
	}
	elem := func(s []T, ld, i, j int, trans bool) float64 {
		if trans {
			i, j = j, i
		}
		return float64(s[i*ld+j])
	}
	for i := range m {
		for j := range n {
			mag := 0.0
			if beta != 0 {
				mag = math.Abs(float64(beta) * float64(c0[i*ldc+j]))
			}
			if alpha != 0 {
				for l := range k {
					mag += math.Abs(float64(alpha) * elem(a, lda, i, l, tA != blas.NoTrans) * elem(b, ldb, l, j, tB != blas.NoTrans))
				}
			}
			if g, w := cg[i*ldc+j], cw[i*ldc+j]; !near(g, w, k, mag) {
				t.Fatalf("%s: C(%d, %d) = %v, gonum %v", name, i, j, g, w)
			}
			cg[i*ldc+j], cw[i*ldc+j] = c0[i*ldc+j], c0[i*ldc+j]
		}
	}
	if !sameBits(cg, c0) {
		t.Fatalf("%s: elements of c outside C changed", name)
	}
}

// randomSlice returns n values uniform in [−1, 1).
func randomSlice[T kernels.Float](rnd *rand.Rand, n int) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = T(2*rnd.Float64() - 1)
	}
	return s
}

func TestGemvMatchesGonum(t *testing.T) {
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		t.Run("float32", testGemv[float32])
		t.Run("float64", testGemv[float64])
	})
}

func testGemv[T kernels.Float](t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	got, exp := routinesOf[T](Implementation{}), routinesOf[T](want)
	// Rows of 256 elements and more take the kernel path.
	shapes := [][2]int{{1, 1}, {5, 3}, {3, 300}, {260, 256}, {2, 513}, {300, 255}}
	for _, tA := range transposes {
		for _, s := range shapes {
			for _, pad := range []int{0, 3} {
				for _, inc := range [][2]int{{1, 1}, {2, 1}, {1, -1}} {
					for _, ab := range [][2]T{{1, 0}, {-0.5, 1}, {0, 0.25}, {2, -0.75}} {
						name := fmt.Sprintf("%c/m=%d,n=%d/pad=%d/inc=%v/alpha=%v,beta=%v", tA, s[0], s[1], pad, inc, ab[0], ab[1])
						checkGemv(t, rnd, name, got.gemv, exp.gemv, tA, s[0], s[1], pad, inc[0], inc[1], ab[0], ab[1])
					}
				}
			}
		}
	}
}

// checkGemv compares one Gemv call with gonum's.
func checkGemv[T kernels.Float](t *testing.T, rnd *rand.Rand, name string, got, exp func(tA blas.Transpose, m, n int, alpha T, a []T, lda int, x []T, incX int, beta T, y []T, incY int),
	tA blas.Transpose, m, n, pad, incX, incY int, alpha, beta T) {
	t.Helper()
	lenX, lenY := n, m
	if tA != blas.NoTrans {
		lenX, lenY = m, n
	}
	lda := n + pad
	a := randomSlice[T](rnd, (m-1)*lda+n+pad)
	x := randomSlice[T](rnd, (lenX-1)*abs(incX)+1+pad)
	y0 := randomSlice[T](rnd, (lenY-1)*abs(incY)+1+pad)
	// at returns the index of element i of a vector of n with increment inc.
	at := func(i, n, inc int) int {
		if inc < 0 {
			return (n - 1 - i) * -inc
		}
		return i * inc
	}
	if beta == 0 {
		for i := range lenY {
			y0[at(i, lenY, incY)] = T(math.NaN())
		}
	}
	a0, x0 := append([]T(nil), a...), append([]T(nil), x...)
	yg, yw := append([]T(nil), y0...), append([]T(nil), y0...)
	got(tA, m, n, alpha, a, lda, x, incX, beta, yg, incY)
	exp(tA, m, n, alpha, a0, lda, x0, incX, beta, yw, incY)
	if !sameBits(a, a0) || !sameBits(x, x0) {
		t.Fatalf("%s: A or x changed", name)
	}
	for i := range lenY {
		mag := 0.0
		iy := at(i, lenY, incY)
		if beta != 0 {
			mag = math.Abs(float64(beta) * float64(y0[iy]))
		}
		for l := range lenX {
			ai := i*lda + l
			if tA != blas.NoTrans {
				ai = l*lda + i
			}
			mag += math.Abs(float64(alpha) * float64(a[ai]) * float64(x[at(l, lenX, incX)]))
		}
		if g, w := yg[iy], yw[iy]; !near(g, w, lenX, mag) {
			t.Fatalf("%s: y[%d] = %v, gonum %v", name, i, g, w)
		}
		yg[iy], yw[iy] = y0[iy], y0[iy]
	}
	// The kernel path leaves the rest of y alone. Delegated calls must do
	// what gonum does: its float32 GemvT (and float64 GemvT without
	// assembly) with beta == 0 and incY == 1 zeroes all of y, tail included.
	kernelPath := n >= gemvMinRow && incX == 1 && incY == 1 && alpha != 0
	if outside := yw; kernelPath && !sameBits(yg, y0) || !kernelPath && !sameBits(yg, outside) {
		t.Fatalf("%s: elements of y outside the vector changed", name)
	}
}

// sameValues reports whether x and y hold the same bits, element by
// element, or NaN in both.
func sameValues[T kernels.Float](x, y []T) bool {
	for i := range x {
		if bitsOf(x[i]) != bitsOf(y[i]) && !(x[i] != x[i] && y[i] != y[i]) {
			return false
		}
	}
	return len(x) == len(y)
}

func abs(i int) int { return max(i, -i) }

func TestDotMatchesGonum(t *testing.T) {
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		t.Run("float32", testDot[float32])
		t.Run("float64", testDot[float64])
	})
}

func testDot[T kernels.Float](t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	got, exp := routinesOf[T](Implementation{}), routinesOf[T](want)
	inf, nan := T(math.Inf(1)), T(math.NaN())
	for _, n := range append(seq(70), 1000, 4099) {
		for _, inc := range [][2]int{{1, 1}, {2, 1}, {-1, 1}} {
			for _, special := range [][2]T{{}, {inf, 1}, {inf, -inf}, {nan, 1}, {inf, 0}} {
				x := randomSlice[T](rnd, max(0, (n-1)*abs(inc[0])+1)+2)
				y := randomSlice[T](rnd, max(0, (n-1)*abs(inc[1])+1)+2)
				if n > 0 && special != [2]T{} {
					i, j := rnd.IntN(n), rnd.IntN(n)
					x[i*abs(inc[0])] = special[0]
					y[j*abs(inc[1])] = special[1]
					if special[1] == -inf { // the pair meets in one product each
						x[j*abs(inc[0])] = inf
					}
				}
				mag := 0.0
				for i := range n {
					mag += math.Abs(float64(x[i*abs(inc[0])]) * float64(y[i*abs(inc[1])]))
				}
				x0, y0 := append([]T(nil), x...), append([]T(nil), y...)
				g := got.dot(n, x, inc[0], y, inc[1])
				w := exp.dot(n, x, inc[0], y, inc[1])
				if !near(g, w, n, mag) {
					t.Fatalf("n=%d inc=%v special=%v: dot %v, gonum %v", n, inc, special, g, w)
				}
				if !sameBits(x, x0) || !sameBits(y, y0) {
					t.Fatalf("n=%d inc=%v: x or y changed", n, inc)
				}
			}
		}
	}
}

func TestAxpyMatchesGonum(t *testing.T) {
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		t.Run("float32", testAxpy[float32])
		t.Run("float64", testAxpy[float64])
	})
}

// testAxpy checks the bits: kernels.Axpy rounds the product and then the sum,
// as gonum's amd64 assembly does, so the results are gonum's, NaN for NaN
// (which NaN an operation on two NaNs returns is not specified). On other
// architectures gonum's Go loop may be fused; there the results are compared
// within one rounding.
func testAxpy[T kernels.Float](t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 8))
	got, exp := routinesOf[T](Implementation{}), routinesOf[T](want)
	inf, nan := T(math.Inf(1)), T(math.NaN())
	for _, n := range append(seq(70), 1000, 4099) {
		for _, inc := range [][2]int{{1, 1}, {2, 1}, {1, -1}} {
			for _, alpha := range []T{1.5, -1, 0} {
				for _, special := range []T{0, inf, nan} {
					x := randomSlice[T](rnd, max(0, (n-1)*abs(inc[0])+1)+2)
					y0 := randomSlice[T](rnd, max(0, (n-1)*abs(inc[1])+1)+2)
					if n > 0 && special != 0 {
						x[rnd.IntN(n)*abs(inc[0])] = special
						y0[rnd.IntN(n)*abs(inc[1])] = -special
					}
					x0 := append([]T(nil), x...)
					yg, yw := append([]T(nil), y0...), append([]T(nil), y0...)
					got.axpy(n, alpha, x, inc[0], yg, inc[1])
					exp.axpy(n, alpha, x, inc[0], yw, inc[1])
					if !sameBits(x, x0) {
						t.Fatalf("n=%d: x changed", n)
					}
					checkAxpyResult(t, fmt.Sprintf("n=%d inc=%v alpha=%v special=%v", n, inc, alpha, special), yg, yw, y0, alpha, x)
				}
			}
		}
	}
	// y is x itself: the kernels; y overlaps x otherwise: gonum.
	for _, shift := range []int{0, 1, -1, 5} {
		const n = 40
		buf0 := randomSlice[T](rnd, n+10)
		bg, bw := append([]T(nil), buf0...), append([]T(nil), buf0...)
		got.axpy(n, 0.5, bg[5:], 1, bg[5+shift:], 1)
		exp.axpy(n, 0.5, bw[5:], 1, bw[5+shift:], 1)
		checkAxpyResult(t, fmt.Sprintf("shift=%d", shift), bg, bw, buf0, 0.5, buf0)
	}
}

// checkAxpyResult compares y after Axpy with gonum's: on amd64 exactly,
// elsewhere within one rounding of |y0[i]| + |alpha|·max|x|.
func checkAxpyResult[T kernels.Float](t *testing.T, name string, got, want, y0 []T, alpha T, x []T) {
	t.Helper()
	if runtime.GOARCH == "amd64" {
		if !sameValues(got, want) {
			t.Fatalf("%s: y = %v, gonum %v", name, got, want)
		}
		return
	}
	xMax := 0.0
	for _, v := range x {
		if v == v && !math.IsInf(float64(v), 0) {
			xMax = max(xMax, math.Abs(float64(v)))
		}
	}
	for i := range got {
		mag := math.Abs(float64(y0[i])) + math.Abs(float64(alpha))*xMax
		if !near(got[i], want[i], 0, mag) {
			t.Fatalf("%s: y[%d] = %v, gonum %v", name, i, got[i], want[i])
		}
	}
}

// seq returns 0, 1, …, n.
func seq(n int) []int {
	s := make([]int, n+1)
	for i := range s {
		s[i] = i
	}
	return s
}

// TestGemmZeroTimesInf checks the documented difference from gonum: a zero
// in A meeting ∞ in B gives NaN in every layout (gonum's NN, TN and TT loops
// skip the zero).
func TestGemmZeroTimesInf(t *testing.T) {
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		for _, tA := range transposes {
			for _, tB := range transposes {
				// 16×16 products take the packed paths.
				const n = 16
				a, b, c := make([]float64, n*n), make([]float64, n*n), make([]float64, n*n)
				b[0] = math.Inf(1)
				Implementation{}.Dgemm(tA, tB, n, n, n, 1, a, n, b, n, 0, c, n)
				if !math.IsNaN(c[0]) {
					t.Errorf("%c%c: C(0, 0) = %v, want NaN", tA, tB, c[0])
				}
			}
		}
	})
}
