package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/simdkern/simdkern/internal/kerneltest"
	"github.com/simdkern/simdkern/internal/ref"
)

// TestColSumBlocked checks on every path, at parallelism 1 to 3, that ColSum
// and ReLUMaskColSum sum in the documented order (ref.ColSumBlocked with
// blocks of colSumBlock rows), bit for bit, on rows around multiples of the
// block and matrices large enough to be split between goroutines, with
// values whose sums depend on the order.
func TestColSumBlocked(t *testing.T) {
	defer SetParallelism(SetParallelism(0))
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		testColSumBlocked[float32](t)
		testColSumBlocked[float64](t)
	})
}

func testColSumBlocked[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	orderMatters := false
	for _, rows := range []int{0, 1, colSumBlock - 1, colSumBlock, colSumBlock + 1, 2*colSumBlock + 5, 1000, 1024 + 3} {
		for _, cols := range []int{1, 7, 33, 130} {
			lda := cols + rows%3
			a := make([]T, max(0, (rows-1)*lda+cols)+2)[1:] // a[-1] and a[len] exist
			for i := range a {
				a[i] = T(math.Ldexp(r.Float64()*2-1, r.IntN(40)-20))
			}
			want := make([]T, cols)
			ref.ColSumBlocked(want, a, rows, cols, lda, colSumBlock)
			rowOrder := make([]T, cols)
			ref.ColSum(rowOrder, a, rows, cols, lda)
			orderMatters = orderMatters || !slices.Equal(want, rowOrder)

			// ReLUMaskColSum of dy, z: the sums of dst, a packed matrix.
			dy, z := a[:rows*cols], make([]T, rows*cols)
			for i := range z {
				z[i] = T(r.IntN(4) - 1) // a quarter of dy masked
			}
			wantDst := make([]T, rows*cols)
			ReLUMask(wantDst, dy, z)
			wantSums := make([]T, cols)
			ref.ColSumBlocked(wantSums, wantDst, rows, cols, cols, colSumBlock)

			for procs := 1; procs <= 3; procs++ {
				SetParallelism(procs)
				what := fmt.Sprintf("%T %d×%d lda=%d parallelism %d", T(0), rows, cols, lda, procs)
				got := slices.Repeat([]T{-7}, cols+1) // got[cols] is a guard
				ColSum(got, a, rows, cols, lda)
				if err := kerneltest.Diff(what+": ColSum", got, append(slices.Clone(want), -7)); err != nil {
					t.Fatal(err)
				}
				dst, sums := make([]T, rows*cols), slices.Repeat([]T{-7}, cols+1)
				dyIn := slices.Clone(dy)
				ReLUMaskColSum(dst, sums[:cols], dy, z, cols)
				for _, err := range []error{
					kerneltest.Diff(what+": ReLUMaskColSum dst", dst, wantDst),
					kerneltest.Diff(what+": ReLUMaskColSum sums", sums, append(slices.Clone(wantSums), -7)),
					kerneltest.Diff(what+": ReLUMaskColSum dy", dy, dyIn),
				} {
					if err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	if !orderMatters {
		t.Error("no sum depends on the order: the test pins nothing")
	}
}
