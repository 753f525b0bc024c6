package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDivide checks that divide gives the bits of x/n, the multiplication
// by 1/n for powers of two included, across the float64 and float32 range
// (subnormal results, ±0, ±∞ and NaN too).
func TestDivide(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	x64 := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), math.SmallestNonzeroFloat64, math.MaxFloat64, 0x1p-1020}
	for range 1000 {
		x64 = append(x64, math.Float64frombits(r.Uint64()))
	}
	x32 := make([]float32, 0, len(x64))
	for _, v := range x64 {
		x32 = append(x32, math.Float32frombits(uint32(math.Float64bits(v))))
	}
	x32 = append(x32, math.SmallestNonzeroFloat32, 0x1p-120)
	for _, n := range []int{1, 2, 3, 4, 10, 1024, 1000, 1 << 30, 3 << 29} {
		checkDivide(t, x64, n, func(v float64) uint64 { return math.Float64bits(v) })
		checkDivide(t, x32, n, func(v float32) uint64 { return uint64(math.Float32bits(v)) })
	}
}

func checkDivide[T float32 | float64](t *testing.T, x []T, n int, bits func(T) uint64) {
	got := append([]T(nil), x...)
	divide(got, n)
	for i, v := range x {
		want := v / T(n)
		if bits(got[i]) != bits(want) && !(got[i] != got[i] && want != want) {
			t.Errorf("%T: divide(%v, %d) = %v, want %v", v, v, n, got[i], want)
		}
	}
}
