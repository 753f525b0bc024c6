package kerneltest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdkern/simdkern/internal/bf16"
	"github.com/simdkern/simdkern/internal/dispatch"
)

// RunBF16 tests the bfloat16 kernels of im.
func RunBF16(t *testing.T, im *dispatch.Impl) {
	t.Run("ToBF16", func(t *testing.T) { ToBF16(t, im.BF16.ToBF16) })
	t.Run("FromBF16", func(t *testing.T) { FromBF16(t, im.BF16.FromBF16) })
}

// sentinelBF16 fills the guard bands of bfloat16 outputs: a NaN with a
// payload no conversion produces (a quiet NaN from a NaN input has bit 6
// set, and this one's payload comes from no float32 NaN of the inputs).
const sentinelBF16 = bf16.BFloat16(0x7fa5)

// placeAny returns a copy of v placed by p at offset off, fenced in f.
func placeAny[T any](f **fence, v []T, p placement, off, size int) []T {
	switch p {
	case fenceEnd, fenceHead:
		if !(*f).fits(len(v) * size) {
			(*f).free()
			*f = newFence(2*len(v)*size + 1)
		}
		return fenced(*f, v, p == fenceEnd)
	}
	buf := make([]T, off+len(v)+guard)
	s := buf[off : off+len(v) : off+len(v)]
	copy(s, v)
	return s
}

// bandedBF16 returns a bfloat16 output of length n, off elements into a
// slice with guard bands of sentinels, and a function that reports whether
// the bands are intact.
func bandedBF16(n, off int) (s []bf16.BFloat16, intact func() error) {
	buf := make([]bf16.BFloat16, guard+off+n+guard)
	for i := range buf {
		buf[i] = sentinelBF16
	}
	lo := guard + off
	return buf[lo : lo+n : lo+n], func() error {
		for i, v := range buf {
			if (i < lo || i >= lo+n) && v != sentinelBF16 {
				return fmt.Errorf("write outside dst (len %d): guard band changed", n)
			}
		}
		return nil
	}
}

// narrowInputs returns the float32 inputs of ToBF16 of length n: random
// bit patterns, specials (NaN of both kinds and signs, ±∞, ±0, subnormals,
// the largest finite values and the overflow threshold) and rounding ties.
func narrowInputs(r *rand.Rand, n int) []float32 {
	sp := []uint32{
		0x7fc00001, 0xff800123, 0x7f800001, 0xffffffff, 0x7f800000, 0xff800000, 0, 0x8000_0000,
		1, 0x8000_8000, 0x0000_7fff, 0x007f_ffff, 0x0080_8000, 0x7f7f_ffff, 0x7f7f_7fff, 0x7f7f_8000,
		0x3f80_8000, 0x3f81_8000, 0xbf80_8000, 0x3f80_7fff, 0x3f80_8001,
	}
	v := make([]float32, n)
	for i := range v {
		switch r.IntN(4) {
		case 0:
			v[i] = math.Float32frombits(sp[r.IntN(len(sp))])
		case 1:
			v[i] = math.Float32frombits(r.Uint32()&^0xffff | 0x8000) // a tie
		case 2:
			v[i] = math.Float32frombits(r.Uint32())
		default:
			v[i] = float32(4*r.Float64() - 2)
		}
	}
	return v
}

// ToBF16 tests an implementation of kernels.ToBFloat16 against
// bf16.FromFloat32: every length, offset and placement, then every tie
// x·2¹⁶ + 0x8000 and its neighbours in one call.
func ToBF16(t *testing.T, to func(dst []bf16.BFloat16, x []float32)) {
	f := newFence(1)
	defer func() { f.free() }()
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range lengths[float32]() {
		for off := range 4 {
			for _, p := range placements() {
				x0 := narrowInputs(r, n)
				x := placeAny(&f, x0, p, off, 4)
				dst, intact := bandedBF16(n, (off+1)%4)
				to(dst, x)
				if err := errors(CheckToBF16(dst, x0), unchanged("x", x, x0), intact()); err != nil {
					t.Fatalf("n=%d offset=%d %s: %v", n, off, p, err)
				}
			}
		}
	}
	var x []float32
	for hi := range uint32(1 << 16) {
		for _, lo := range []uint32{0, 1, 0x7fff, 0x8000, 0x8001, 0xffff} {
			x = append(x, math.Float32frombits(hi<<16|lo))
		}
	}
	dst, intact := bandedBF16(len(x), 0)
	to(dst, x)
	if err := errors(CheckToBF16(dst, x), intact()); err != nil {
		t.Fatalf("every tie: %v", err)
	}
}

// FromBF16 tests an implementation of kernels.FromBFloat16: every
// bfloat16 value at every offset and placement, and every length.
func FromBF16(t *testing.T, from func(dst []float32, x []bf16.BFloat16)) {
	f := newFence(1)
	defer func() { f.free() }()
	all := make([]bf16.BFloat16, 1<<16)
	for i := range all {
		all[i] = bf16.BFloat16(i)
	}
	r := rand.New(rand.NewPCG(3, 4))
	ns := append(lengths[float32](), len(all))
	for _, n := range ns {
		for off := range 4 {
			for _, p := range placements() {
				x0 := all[:n]
				if n < len(all) {
					x0 = make([]bf16.BFloat16, n)
					for i := range x0 {
						x0[i] = bf16.BFloat16(r.Uint32())
					}
				}
				x := placeAny(&f, x0, p, off, 2)
				dst := newBanded[float32](n, (off+2)%4)
				from(dst.s(), x)
				if err := errors(CheckFromBF16(dst.s(), x0), unchangedBF16(x, x0), dst.check("dst")); err != nil {
					t.Fatalf("n=%d offset=%d %s: %v", n, off, p, err)
				}
			}
		}
	}
}

// CheckToBF16 reports an error unless dst[i] is bf16.FromFloat32(x[i]) for
// every i.
func CheckToBF16(dst []bf16.BFloat16, x []float32) error {
	for i, v := range x {
		if want := bf16.FromFloat32(v); dst[i] != want {
			return fmt.Errorf("dst[%d] = %#04x for %#08x, want %#04x", i, dst[i], math.Float32bits(v), want)
		}
	}
	return nil
}

// CheckFromBF16 reports an error unless dst[i] holds the bits of x[i]
// followed by 16 zero bits for every i.
func CheckFromBF16(dst []float32, x []bf16.BFloat16) error {
	for i, v := range x {
		if got := math.Float32bits(dst[i]); got != uint32(v)<<16 {
			return fmt.Errorf("dst[%d] has bits %#08x for %#04x", i, got, v)
		}
	}
	return nil
}

// unchangedBF16 reports an error if got no longer holds want.
func unchangedBF16(got, want []bf16.BFloat16) error {
	for i := range want {
		if got[i] != want[i] {
			return fmt.Errorf("input x[%d] changed from %#04x to %#04x", i, want[i], got[i])
		}
	}
	return nil
}

// GemmBF16 tests an implementation of kernels.GemmBF16 for m, n, k > 0 and
// alpha ≠ 0: every layout, edges of every tile size, odd k, k across
// blocks, leading dimensions with sentinels in the padding, A and B on the
// heap or against fence pages, guard bands around C, beta == 0 over a NaN
// C, and NaN/±∞/subnormal inputs, each element checked against the bound of
// CheckGemmBF16.
func GemmBF16(t *testing.T, gemm dispatch.GemmBF16Func) {
	fa, fb := newFence(1), newFence(1)
	defer func() { fa.free(); fb.free() }()
	r := rand.New(rand.NewPCG(5, 6))
	sizes := []int{1, 2, 3, 11, 12, 13, 31, 33, 50}
	ks := []int{1, 2, 3, 7, 64, 383, 384, 385, 801}
	ps := placements()
	for _, trans := range [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
		for mi, m := range sizes {
			for ni, n := range sizes {
				k := ks[r.IntN(len(ks))]
				for _, g := range []string{"values", "specials"} {
					alpha := []float32{1, -0.75, 3}[r.IntN(3)]
					beta := []float32{0, 1, -0.5}[r.IntN(3)]
					p := ps[(mi+ni)%len(ps)]
					if err := gemmBF16Case(r, gemm, trans[0], trans[1], m, n, k, alpha, beta, g == "specials", &fa, &fb, p); err != nil {
						t.Fatalf("transA=%v transB=%v m=%d n=%d k=%d alpha=%v beta=%v %s %s: %v", trans[0], trans[1], m, n, k, alpha, beta, g, p, err)
					}
				}
			}
		}
	}
	for i, sz := range [][3]int{{100, 70, 1000}, {130, 2100, 20}, {24, 64, 2}} {
		p := ps[i%len(ps)]
		if err := gemmBF16Case(r, gemm, false, false, sz[0], sz[1], sz[2], 1, 0.5, false, &fa, &fb, p); err != nil {
			t.Fatalf("m=%d n=%d k=%d %s: %v", sz[0], sz[1], sz[2], p, err)
		}
	}
}

// bf16Matrix returns a rows×cols matrix of bfloat16 with leading dimension
// ld, its padding holding NaN sentinels.
func bf16Matrix(r *rand.Rand, rows, cols, ld int, specials bool) []bf16.BFloat16 {
	sp := []bf16.BFloat16{0x7fc1, 0xff80, 0x7f80, 0x8000, 0, 0x0001, 0x807f, 0x0080}
	n := 0
	if rows > 0 {
		n = (rows-1)*ld + cols
	}
	a := make([]bf16.BFloat16, n)
	for i := range a {
		switch {
		case i%ld >= cols:
			a[i] = sentinelBF16
		case specials && r.IntN(30) == 0:
			a[i] = sp[r.IntN(len(sp))]
		default:
			a[i] = bf16.FromFloat32(float32(4*r.Float64() - 2))
		}
	}
	return a
}

// gemmBF16Case runs gemm once, A and B placed by p (fenced in fa, fb), and
// checks C, its guard bands, and that A and B are unchanged.
func gemmBF16Case(r *rand.Rand, gemm dispatch.GemmBF16Func, transA, transB bool, m, n, k int, alpha, beta float32, specials bool,
	fa, fb **fence, p placement) error {
	ar, ac, br, bc := dispatch.Stored(transA, transB, m, n, k)
	lda, ldb, ldc := ac+r.IntN(3), bc+r.IntN(3), n+r.IntN(3)
	a0, b0 := bf16Matrix(r, ar, ac, lda, specials), bf16Matrix(r, br, bc, ldb, specials)
	a, b := placeAny(fa, a0, p, 0, 2), placeAny(fb, b0, p, 1, 2)
	c0 := matrix(r, m, n, ldc, values[float32])
	if beta == 0 {
		for i := range c0 {
			c0[i] = float32(math.NaN())
		}
	}
	c := newBanded[float32](len(c0), r.IntN(4))
	copy(c.s(), c0)
	gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c.s(), ldc)
	return errors(CheckGemmBF16(transA, transB, m, n, k, alpha, a0, lda, b0, ldb, beta, c0, c.s(), ldc),
		unchangedBF16(a, a0), unchangedBF16(b, b0), c.check("c"))
}

// CheckGemmBF16 reports an error unless got, GemmBF16's C computed from c0,
// is within the bound kernels.GemmBF16 documents of the exact result, NaN
// where the exact result is NaN and the same infinity where it is infinite
// (or NaN, if a product of ∞ and a subnormal contributes to it), ±∞ or
// NaN also accepted where the sum of magnitudes nears float32's overflow,
// with C's padding (between rows) unchanged.
func CheckGemmBF16(transA, transB bool, m, n, k int, alpha float32, a []bf16.BFloat16, lda int, b []bf16.BFloat16, ldb int,
	beta float32, c0, got []float32, ldc int) error {
	const u, tiny = 0x1p-24, 0x1p-126
	opA := func(i, l int) float64 {
		if transA {
			return float64(a[l*lda+i].Float32())
		}
		return float64(a[i*lda+l].Float32())
	}
	opB := func(l, j int) float64 {
		if transB {
			return float64(b[j*ldb+l].Float32())
		}
		return float64(b[l*ldb+j].Float32())
	}
	for i := range m {
		for j := range n {
			var s, abs, fin, sub float64
			nanOK := false // ∞·subnormal, which is NaN where subnormals count as zero
			for l := range k {
				x, y := opA(i, l), opB(l, j)
				p := x * y
				s += p
				abs += math.Abs(p)
				if !math.IsInf(p, 0) && !math.IsNaN(p) {
					fin += math.Abs(p)
				}
				if x != 0 && math.Abs(x) < tiny || y != 0 && math.Abs(y) < tiny {
					sub += math.Abs(p)
					nanOK = nanOK || math.IsInf(p, 0)
				}
			}
			cb := 0.0
			if beta != 0 {
				cb = float64(beta) * float64(c0[i*ldc+j])
			}
			want := float64(alpha)*s + cb
			g := float64(got[i*ldc+j])
			fa := math.Abs(float64(alpha))
			if fa*fin+math.Abs(cb) > math.MaxFloat32/2 && (math.IsInf(g, 0) || math.IsNaN(g)) {
				continue // float32 may overflow on the way
			}
			switch {
			case math.IsNaN(want) || math.IsInf(want, 0):
				if !(math.IsNaN(want) && math.IsNaN(g) || g == want || nanOK && math.IsNaN(g)) {
					return fmt.Errorf("C(%d,%d) = %v, want %v", i, j, g, want)
				}
				continue
			}
			bound := float64(k+2)*u*(fa*abs+math.Abs(cb)) + fa*(float64(k)*tiny+sub) + 2*0x1p-149 +
				float64(k)*0x1p-53*fa*abs // the reference's own rounding
			if !(math.Abs(g-want) <= bound) {
				return fmt.Errorf("C(%d,%d) = %v, want %v within %g", i, j, g, want, bound)
			}
		}
		for j := n; j < ldc && i < m-1; j++ {
			if math.Float32bits(got[i*ldc+j]) != math.Float32bits(c0[i*ldc+j]) {
				return fmt.Errorf("padding of C changed at row %d, column %d", i, j)
			}
		}
	}
	return nil
}
