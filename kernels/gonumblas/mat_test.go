package gonumblas

import (
	"math/rand/v2"
	"testing"

	"github.com/simdkern/simdkern/internal/kerneltest"
	"github.com/simdkern/simdkern/internal/ref"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"
)

// TestDenseMul checks mat.Dense.Mul after blas64.Use(Implementation{})
// against gonum's own, at several shapes, with and without transposed
// operands and on a view whose rows are longer than its columns.
func TestDenseMul(t *testing.T) {
	defer blas64.Use(blas64.Implementation())
	rnd := rand.New(rand.NewPCG(11, 12))
	random := func(r, c int) *mat.Dense {
		d := make([]float64, r*c)
		for i := range d {
			d[i] = 2*rnd.Float64() - 1
		}
		return mat.NewDense(r, c, d)
	}
	shapes := [][3]int{{1, 1, 1}, {3, 5, 2}, {1, 64, 33}, {64, 64, 64}, {100, 129, 37}, {257, 65, 300}}
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		for _, s := range shapes {
			m, n, k := s[0], s[1], s[2]
			for _, layout := range []string{"NN", "TN", "NT", "TT", "view"} {
				var a, b mat.Matrix
				switch layout {
				case "NN":
					a, b = random(m, k), random(k, n)
				case "TN":
					a, b = random(k, m).T(), random(k, n)
				case "NT":
					a, b = random(m, k), random(n, k).T()
				case "TT":
					a, b = random(k, m).T(), random(n, k).T()
				case "view":
					a = random(m+2, k+3).Slice(1, m+1, 2, k+2)
					b = random(k+1, n+5).Slice(1, k+1, 0, n)
				}
				var got, exp mat.Dense
				blas64.Use(gonum.Implementation{})
				exp.Mul(a, b)
				blas64.Use(Implementation{})
				got.Mul(a, b)
				// Each element is a sum of k products of magnitude < 1.
				if !mat.EqualApprox(&got, &exp, 2*ref.Gamma[float64](k+2)*float64(k)) {
					t.Errorf("%s %d×%d·%d×%d: Mul differs from gonum's", layout, m, k, k, n)
				}
			}
		}
	})
}
