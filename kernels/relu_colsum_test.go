package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/simdkern/simdkern/internal/kerneltest"
)

// TestReLUMaskColSum checks on every path that ReLUMaskColSum gives the bits
// of ReLUMask followed by ColSum (any NaN for a NaN in the sums), on every width up to four vectors and
// more, 0 to 5 rows, offsets into larger slices, NaN, ±∞ and −0 in dy and
// z, in place (dst = dy) or not, without writing past sums.
func TestReLUMaskColSum(t *testing.T) {
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		testReLUMaskColSum[float32](t)
		testReLUMaskColSum[float64](t)
	})
}

func testReLUMaskColSum[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	specials := []T{T(math.NaN()), T(math.Inf(1)), T(math.Inf(-1)), T(math.Copysign(0, -1)), 0}
	for cols := range 4*16 + 4 {
		for rows := range 6 {
			for off := range 4 {
				n := rows * cols
				dy := randMatrix[T](r, 1, n+off)[off:]
				z := randMatrix[T](r, 1, n+off)[off:]
				for i := range n / 3 {
					dy[r.IntN(n)], z[r.IntN(n)] = specials[i%len(specials)], specials[(i+2)%len(specials)]
				}
				if cols > 0 && rows > 0 && off == 1 { // a column of −0 sums to −0
					for i := range rows {
						dy[i*cols], z[i*cols] = T(math.Copysign(0, -1)), 1
					}
				}
				wantDst := make([]T, n)
				ReLUMask(wantDst, dy, z)
				wantSums := slices.Repeat([]T{-7}, cols+1)
				ColSum(wantSums, wantDst, rows, cols, cols)

				inPlace := (rows+off)%2 == 1
				dst := make([]T, n)
				if inPlace {
					dst = slices.Clone(dy)
				}
				dyIn, zIn := slices.Clone(dy), slices.Clone(z)
				sums := slices.Repeat([]T{-7}, cols+1) // sums[cols] is a guard
				if inPlace {
					ReLUMaskColSum(dst, sums[:cols], dst, z, cols)
				} else {
					ReLUMaskColSum(dst, sums[:cols], dy, z, cols)
				}
				what := fmt.Sprintf("rows=%d cols=%d off=%d in-place=%v", rows, cols, off, inPlace)
				for _, err := range []error{
					kerneltest.Diff("dst", dst, wantDst),
					kerneltest.DiffValues("sums", sums, wantSums),
					kerneltest.Diff("dy", dy, dyIn),
					kerneltest.Diff("z", z, zIn),
				} {
					if err != nil {
						t.Fatalf("%s: %v", what, err)
					}
				}
			}
		}
	}
}

// TestReLUMaskColSumPanics checks the messages of bad arguments.
func TestReLUMaskColSumPanics(t *testing.T) {
	buf := make([]float32, 40)
	s6, s4 := make([]float32, 6), make([]float32, 4)
	for _, tc := range []struct {
		name             string
		dst, sums, dy, z []float32
		cols             int
		want             string
	}{
		{"dy length", s6, s4[:3], s4, s6, 3, "kernels.ReLUMaskColSum: len(dst) = 6, len(dy) = 4: lengths differ"},
		{"z length", s6, s4[:3], s6, s4, 3, "kernels.ReLUMaskColSum: len(dst) = 6, len(z) = 4: lengths differ"},
		{"sums length", s6, s4, s6, s6, 3, "kernels.ReLUMaskColSum: len(sums) = 4, want cols = 3"},
		{"not rows", s6, s4, s6, s6, 4, "kernels.ReLUMaskColSum: len(dst) = 6 is not a multiple of cols = 4"},
		{"no cols", s6, nil, s6, s6, 0, "kernels.ReLUMaskColSum: len(dst) = 6 is not a multiple of cols = 0"},
		{"dst overlaps dy", buf[0:6], s4[:3], buf[1:7], s6, 3, "kernels.ReLUMaskColSum: dst and dy overlap"},
		{"dst overlaps z", buf[0:6], s4[:3], s6, buf[2:8], 3, "kernels.ReLUMaskColSum: dst and z overlap"},
		{"sums in dst", buf[0:6], buf[4:7], s6, s6, 3, "kernels.ReLUMaskColSum: sums and dst overlap"},
		{"sums in dy", s6, buf[10:13], buf[8:14], s6, 3, "kernels.ReLUMaskColSum: sums and dy overlap"},
		{"sums in z", s6, buf[20:23], s6, buf[20:26], 3, "kernels.ReLUMaskColSum: sums and z overlap"},
	} {
		got := func() (msg string) {
			defer func() { msg = fmt.Sprint(recover()) }()
			ReLUMaskColSum(tc.dst, tc.sums, tc.dy, tc.z, tc.cols)
			return "no panic"
		}()
		if got != tc.want {
			t.Errorf("%s: panic %q, want %q", tc.name, got, tc.want)
		}
	}
}
