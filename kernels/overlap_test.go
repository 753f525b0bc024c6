package kernels

import (
	"math/rand/v2"
	"testing"
)

// TestOverlaps compares the O(1) overlap test with the sets of elements two
// matrices in one buffer cover: it must never miss a shared element, and
// must be exact when the leading dimensions agree.
func TestOverlaps(t *testing.T) {
	buf := make([]float32, 96)
	r := rand.New(rand.NewPCG(5, 6))
	shape := func() (off int, m matrix[float32]) {
		m.rows, m.cols = r.IntN(5), r.IntN(7)
		m.ld = m.cols + r.IntN(4)
		if r.IntN(4) == 0 {
			m.rows = 1 // a vector, whose ld does not matter
			m.ld = r.IntN(9)
		}
		off = r.IntN(24)
		m.s = buf[off:]
		return off, m
	}
	cover := func(off int, m matrix[float32]) map[int]bool {
		set := map[int]bool{}
		for i := range m.rows {
			for j := range m.cols {
				set[off+i*m.ld+j] = true
			}
		}
		return set
	}
	cases := 200000
	if testing.Short() || raceEnabled {
		cases = 20000
	}
	for range cases {
		ox, x := shape()
		oy, y := shape()
		want := false
		cy := cover(oy, y)
		for e := range cover(ox, x) {
			want = want || cy[e]
		}
		got := overlaps(x, y)
		exact := (x.ld == y.ld || x.rows == 1 && x.cols <= y.ld || y.rows == 1 && y.cols <= x.ld) &&
			x.cols <= max(x.ld, y.ld) && y.cols <= max(x.ld, y.ld)
		if x.rows == 1 && y.rows == 1 {
			exact = true
		}
		if want && !got || exact && got != want {
			t.Fatalf("x at %d %d×%d ld %d, y at %d %d×%d ld %d: overlaps = %v, want %v",
				ox, x.rows, x.cols, x.ld, oy, y.rows, y.cols, y.ld, got, want)
		}
	}
}
