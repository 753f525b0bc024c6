package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
)

// These tests cover what the generic harness (internal/kerneltest, run by
// impl_test.go) does not: sizes around the tiles and blocks of the packed
// algorithm, every alpha/beta class, and the parallel split.

type gemmFunc[T Float] func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)

// gemmGuard is the width of the sentinel bands around every matrix.
const gemmGuard = 16

// gemmSentinel fills guard bands and row padding: a NaN with a payload no
// kernel produces.
func gemmSentinel[T Float]() T {
	var z T
	if _, ok := any(z).(float32); ok {
		return T(math.Float32frombits(0x7fc5a5a5))
	}
	return T(math.Float64frombits(0x7ff8_5a5a_5a5a_5a5a))
}

func gemmBits[T Float](v T) uint64 {
	switch v := any(v).(type) {
	case float32:
		return uint64(math.Float32bits(v))
	default:
		return math.Float64bits(v.(float64))
	}
}

// gemmMatrix is a rows×cols matrix with leading dimension ld inside a buffer
// of sentinels: guard bands before and after it and in the padding of rows.
type gemmMatrix[T Float] struct {
	buf            []T
	rows, cols, ld int
	size           int // elements of the slice under test
}

func newGemmMatrix[T Float](r *rand.Rand, rows, cols, pad int, fill func() T) *gemmMatrix[T] {
	ld := max(cols+pad, 1)
	size := 0
	if rows > 0 {
		size = (rows-1)*ld + cols
	}
	mat := &gemmMatrix[T]{buf: make([]T, gemmGuard+size+gemmGuard), rows: rows, cols: cols, ld: ld, size: size}
	for i := range mat.buf {
		mat.buf[i] = gemmSentinel[T]()
	}
	s := mat.s()
	for i := range rows {
		for j := range cols {
			s[i*ld+j] = fill()
		}
	}
	return mat
}

func (mat *gemmMatrix[T]) s() []T {
	return mat.buf[gemmGuard : gemmGuard+mat.size : gemmGuard+mat.size]
}

// intact reports the first element outside the matrix proper (guard band or
// row padding) that is no longer a sentinel.
func (mat *gemmMatrix[T]) intact() error {
	sb := gemmBits(gemmSentinel[T]())
	for i, v := range mat.buf {
		o := i - gemmGuard
		inside := o >= 0 && o < mat.size && o%mat.ld < mat.cols
		if !inside && gemmBits(v) != sb {
			return fmt.Errorf("element %d outside the matrix changed to %v", o, v)
		}
	}
	return nil
}

// gemmCase is one product to check.
type gemmCase[T Float] struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    T
}

func (tc gemmCase[T]) String() string {
	layout := []byte("NN")
	if tc.transA {
		layout[0] = 'T'
	}
	if tc.transB {
		layout[1] = 'T'
	}
	return fmt.Sprintf("%s m=%d n=%d k=%d alpha=%v beta=%v", layout, tc.m, tc.n, tc.k, tc.alpha, tc.beta)
}

// check runs gemm on tc with padded, guarded matrices and checks the result
// against the accurate reference, the guards and padding, and that A and B
// are unchanged. With beta == 0, C starts as NaN.
func (tc gemmCase[T]) check(r *rand.Rand, gemm gemmFunc[T]) error {
	val := func() T { return T(r.Float64()*4 - 2) }
	ar, ac := tc.m, tc.k
	if tc.transA {
		ar, ac = ac, ar
	}
	br, bc := tc.k, tc.n
	if tc.transB {
		br, bc = bc, br
	}
	a := newGemmMatrix(r, ar, ac, 1+r.IntN(3), val)
	b := newGemmMatrix(r, br, bc, r.IntN(3), val)
	cfill := val
	if tc.beta == 0 {
		cfill = func() T { return T(math.NaN()) }
	}
	c := newGemmMatrix(r, tc.m, tc.n, r.IntN(4), cfill)
	a0, b0, c0 := slices.Clone(a.buf), slices.Clone(b.buf), slices.Clone(c.s())

	gemm(tc.transA, tc.transB, tc.m, tc.n, tc.k, tc.alpha, a.s(), a.ld, b.s(), b.ld, tc.beta, c.s(), c.ld)

	if !slices.EqualFunc(a.buf, a0, func(x, y T) bool { return gemmBits(x) == gemmBits(y) }) {
		return fmt.Errorf("%v: A changed", tc)
	}
	if !slices.EqualFunc(b.buf, b0, func(x, y T) bool { return gemmBits(x) == gemmBits(y) }) {
		return fmt.Errorf("%v: B changed", tc)
	}
	if err := c.intact(); err != nil {
		return fmt.Errorf("%v: C: %v", tc, err)
	}
	if err := kerneltest.CheckGemm(tc.transA, tc.transB, tc.m, tc.n, tc.k, tc.alpha, a.s(), a.ld, b.s(), b.ld, tc.beta, c0, c.s(), c.ld); err != nil {
		return fmt.Errorf("%v: %v", tc, err)
	}
	return nil
}

var gemmScalars = []float64{0, 1, -0.5, 2}

// gemmSizes returns the sizes to try around a tile of size t: with t = MR,
// the edges of C meet every kernel of fewer rows.
func gemmSizes(t int) []int {
	return slices.Compact(slices.Sorted(slices.Values([]int{1, 2, 3, t - 1, t, t + 1, 2*t + 3})))
}

// testGemmMicro checks the packed algorithm with micro-kernel mk on every
// size, small ones included (the packed Gemm sends those to gemmGeneric).
func testGemmMicro[T Float](t *testing.T, mk *gemmMicro[T]) {
	gemm := func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
		g := gemmArgs[T]{mk, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc}
		g.run()
	}
	testGemmTiles(t, gemm, mk.mr, mk.nr, mk.kc, mk.mc, mk.nc)
}

// testGemmTiles checks gemm over every layout and combinations of sizes
// around the mr×nr tile and the blocks kc, mc, nc, with every alpha and beta
// (cycled through the size combinations, all sixteen pairs on one shape).
func testGemmTiles[T Float](t *testing.T, gemm gemmFunc[T], mr, nr, kc, mc, nc int) {
	r := rand.New(rand.NewPCG(uint64(mr), uint64(nr)))
	ms, ns := gemmSizes(mr), gemmSizes(nr)
	ks := []int{1, 2, 3, 17, kc, kc + 1, 2*kc + 5}
	// Under -short and the race detector, a sample of the combinations:
	// each size still meets each other size in some layout.
	sample := 1
	switch {
	case raceEnabled:
		sample = 12
	case testing.Short():
		sample = 5
	}
	var cases []gemmCase[T]
	for layout := range 4 {
		ta, tb := layout&2 != 0, layout&1 != 0
		for i, m := range ms {
			for j, n := range ns {
				for l, k := range ks {
					s := i + 3*j + 5*l + 7*layout
					if (i+j+l+layout)%sample != 0 {
						continue
					}
					cases = append(cases, gemmCase[T]{ta, tb, m, n, k,
						T(gemmScalars[1+s%3]), T(gemmScalars[(s/3)%4])})
				}
			}
		}
		// Several blocks of rows and columns, edges everywhere.
		if sample == 1 || layout == 1 {
			cases = append(cases,
				gemmCase[T]{ta, tb, mc + mr + 1, nr + 1, kc + 1, 1, 0},
				gemmCase[T]{ta, tb, 2, nc + nr + 3, 5, -0.5, 2},
			)
		}
		for _, alpha := range gemmScalars {
			for _, beta := range gemmScalars {
				cases = append(cases, gemmCase[T]{ta, tb, mr + 1, nr - 1, 9, T(alpha), T(beta)})
			}
		}
	}
	for _, tc := range cases {
		if err := tc.check(r, gemm); err != nil {
			t.Fatal(err)
		}
	}
}

// TestGemmPublic runs the public Gemm on every runnable path, through
// dispatch.Use, on zero sizes, alpha == 0 and shapes large enough to pack.
func TestGemmPublic(t *testing.T) {
	for _, im := range dispatch.Runnable() {
		t.Run(im.Name, func(t *testing.T) {
			defer dispatch.Use(im)()
			testGemmPublic[float32](t)
			testGemmPublic[float64](t)
		})
	}
}

func testGemmPublic[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	sample := 4
	if raceEnabled {
		sample = 12
	}
	for layout := range 4 {
		ta, tb := layout&2 != 0, layout&1 != 0
		for i, sz := range [][3]int{{0, 0, 0}, {0, 5, 3}, {4, 0, 3}, {4, 5, 0}, {3, 4, 2}, {33, 65, 40}, {70, 31, 129}} {
			for j, alpha := range gemmScalars {
				for l, beta := range gemmScalars {
					if sz[0]*sz[1]*sz[2] > 1000 && (i+j+l+layout)%sample != 0 {
						continue // all sixteen pairs on the small shapes only
					}
					tc := gemmCase[T]{ta, tb, sz[0], sz[1], sz[2], T(alpha), T(beta)}
					if err := tc.check(r, Gemm[T]); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
}

// TestGemmParallel checks that the split over goroutines gives the bits of
// the serial computation, for splits over rows and over columns, with uneven
// parts (GOMAXPROCS above the number of CPUs).
func TestGemmParallel(t *testing.T) {
	for _, im := range dispatch.Runnable() {
		t.Run(im.Name, func(t *testing.T) {
			if raceEnabled && im.Name == "generic" {
				t.Skip("the generic path runs on one goroutine; too slow under the race detector")
			}
			testGemmParallel(t, dispatch.For[float32](im).Gemm)
			testGemmParallel(t, dispatch.For[float64](im).Gemm)
		})
	}
}

func testGemmParallel[T Float](t *testing.T, gemm gemmFunc[T]) {
	r := rand.New(rand.NewPCG(3, 4))
	shapes := [][3]int{{401, 297, 301}, {45, 1500, 300}}
	if testing.Short() || raceEnabled {
		shapes = shapes[:1]
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, sz := range shapes {
		m, n, k := sz[0], sz[1], sz[2]
		for layout := range 4 {
			if raceEnabled && layout%3 != 0 {
				continue // NN and TT only
			}
			ta, tb := layout&2 != 0, layout&1 != 0
			val := func() T { return T(r.Float64()*2 - 1) }
			ar, ac, br, bc := m, k, k, n
			if ta {
				ar, ac = ac, ar
			}
			if tb {
				br, bc = bc, br
			}
			a := newGemmMatrix(r, ar, ac, 1, val)
			b := newGemmMatrix(r, br, bc, 2, val)
			c := newGemmMatrix(r, m, n, 3, val)
			c0 := slices.Clone(c.s())
			var want []T
			for _, procs := range []int{1, 2, 3, 5} {
				runtime.GOMAXPROCS(procs)
				got := slices.Clone(c0)
				gemm(ta, tb, m, n, k, 0.75, a.s(), a.ld, b.s(), b.ld, -1.5, got, c.ld)
				if want == nil {
					want = got
					continue
				}
				for i := range got {
					if gemmBits(got[i]) != gemmBits(want[i]) {
						t.Fatalf("m=%d n=%d k=%d layout %d: GOMAXPROCS=%d differs from 1 at %d: %v != %v",
							m, n, k, layout, procs, i, got[i], want[i])
					}
				}
			}
		}
	}
}
