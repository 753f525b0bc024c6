package kernels_test

import (
	"encoding/binary"
	"fmt"
	"math"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
)

// The fuzz targets decode arbitrary bytes into float32 and float64 inputs
// (any bit pattern: NaN payloads, infinities, subnormals) and compare every
// path this CPU runs with the reference, through the harness's checks.
// Run one with e.g. go test ./kernels -run '^$' -fuzz '^FuzzDot$' -fuzztime 1m.

// decode returns the floats whose little-endian bits data holds.
func decode[T dispatch.Float](data []byte) []T {
	if dispatch.Is32[T]() {
		v := make([]T, len(data)/4)
		for i := range v {
			v[i] = T(math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:])))
		}
		return v
	}
	v := make([]T, len(data)/8)
	for i := range v {
		v[i] = T(math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:])))
	}
	return v
}

// halves splits v into two equal-length inputs.
func halves[T dispatch.Float](v []T) (a, b []T) {
	n := len(v) / 2
	return v[:n:n], v[n : 2*n : 2*n]
}

// fuzzBoth runs check on the float32 and the float64 decoding of data, for
// every runnable path.
func fuzzBoth(t *testing.T, data []byte, check32 func(*testing.T, *dispatch.Kernels[float32], []float32), check64 func(*testing.T, *dispatch.Kernels[float64], []float64)) {
	for _, im := range dispatch.Runnable() {
		check32(t, dispatch.For[float32](im), decode[float32](data))
		check64(t, dispatch.For[float64](im), decode[float64](data))
	}
}

func seeds(f *testing.F) {
	f.Add([]byte{})
	f.Add(make([]byte, 8*67))
	b := make([]byte, 8*40)
	for i := range b {
		b[i] = byte(i*37 + 11)
	}
	f.Add(b)
	f.Add(binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint32(nil, 0x7fc00001), math.Float64bits(math.Inf(-1))))
}

func fuzzDot[T dispatch.Float](t *testing.T, k *dispatch.Kernels[T], v []T) {
	x, y := halves(v)
	if err := kerneltest.CheckDot(k.Dot(x, y), x, y); err != nil {
		t.Fatalf("n=%d: %v", len(x), err)
	}
}

func FuzzDot(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzBoth(t, data, fuzzDot[float32], fuzzDot[float64]) })
}

func fuzzAxpy[T dispatch.Float](t *testing.T, k *dispatch.Kernels[T], v []T) {
	if len(v) == 0 {
		return
	}
	alpha := v[0]
	x, y0 := halves(v[1:])
	y := append([]T(nil), y0...)
	k.Axpy(alpha, x, y)
	if err := kerneltest.CheckAxpy(alpha, x, y0, y); err != nil {
		t.Fatalf("n=%d alpha=%v: %v", len(x), alpha, err)
	}
}

func FuzzAxpy(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzBoth(t, data, fuzzAxpy[float32], fuzzAxpy[float64]) })
}

func fuzzReLU[T dispatch.Float](t *testing.T, k *dispatch.Kernels[T], x []T) {
	dst := make([]T, len(x))
	k.ReLU(dst, x)
	if err := kerneltest.CheckReLU(dst, x); err != nil {
		t.Fatalf("n=%d: %v", len(x), err)
	}
}

func FuzzReLU(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzBoth(t, data, fuzzReLU[float32], fuzzReLU[float64]) })
}

func fuzzReLUMask[T dispatch.Float](t *testing.T, k *dispatch.Kernels[T], v []T) {
	dy, z := halves(v)
	dst := make([]T, len(dy))
	k.ReLUMask(dst, dy, z)
	if err := kerneltest.CheckReLUMask(dst, dy, z); err != nil {
		t.Fatalf("n=%d: %v", len(dy), err)
	}
}

func FuzzReLUMask(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzBoth(t, data, fuzzReLUMask[float32], fuzzReLUMask[float64]) })
}

func fuzzColSum[T dispatch.Float](t *testing.T, k *dispatch.Kernels[T], cols, pad int, a []T) {
	lda, rows := cols+pad, 0
	if lda > 0 && len(a) >= cols {
		rows = (len(a)-cols)/lda + 1
	}
	dst := make([]T, cols)
	k.ColSum(dst, a, rows, cols, lda)
	if err := kerneltest.CheckColSum(dst, a, rows, cols, lda); err != nil {
		t.Fatalf("%d×%d lda=%d: %v", rows, cols, lda, err)
	}
}

func FuzzColSum(f *testing.F) {
	f.Add(uint8(3), uint8(1), []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
	f.Add(uint8(40), uint8(0), make([]byte, 8*200))
	f.Fuzz(func(t *testing.T, cols, pad uint8, data []byte) {
		c, p := int(cols), int(pad%8)
		fuzzBoth(t, data,
			func(t *testing.T, k *dispatch.Kernels[float32], a []float32) { fuzzColSum(t, k, c, p, a) },
			func(t *testing.T, k *dispatch.Kernels[float64], a []float64) { fuzzColSum(t, k, c, p, a) })
	})
}

// gemmInput is a product decoded from a fuzz input: shape bits 0–5 m−1,
// 6–11 n−1, 12–18 k−1 (m, n ≤ 64 and k ≤ 128: large enough for the packed
// paths), 19 transA, 20 transB, 21–23, 24–26 and 27–29 the padding of lda,
// ldb and ldc, 30–31 beta (0, 1, or v[1]); alpha is v[0] unless 0 (which the
// public API handles itself); the matrices' elements cycle through the rest
// of v, any bit pattern. Row padding holds NaN, which a kernel reading it
// would carry into C.
type gemmInput[T dispatch.Float] struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    T
	a, b, c0       []T
	lda, ldb, ldc  int
	val            func() T // the next value of v
}

func decodeGemm[T dispatch.Float](shape uint32, v []T) gemmInput[T] {
	return decodeGemmDims(shape, 0, v)
}

// decodeGemmDims is decodeGemm with sizes changed by dims: bits 0, 1 and 2
// set m, n and k to 0, bit 3 multiplies m by 16 (up to 1024, enough for a
// product to be split between goroutines).
func decodeGemmDims[T dispatch.Float](shape uint32, dims uint8, v []T) gemmInput[T] {
	field := func(shift, bits uint) int { return int(shape >> shift & (1<<bits - 1)) }
	g := gemmInput[T]{m: field(0, 6) + 1, n: field(6, 6) + 1, k: field(12, 7) + 1,
		transA: field(19, 1) == 1, transB: field(20, 1) == 1,
		alpha: 1, beta: T(field(30, 2))} // beta 0 or 1, or from v below
	if dims&8 != 0 {
		g.m *= 16
	}
	for i, d := range []*int{&g.m, &g.n, &g.k} {
		if dims>>i&1 != 0 {
			*d = 0
		}
	}
	if len(v) > 0 && v[0] != 0 {
		g.alpha = v[0]
	}
	if len(v) > 1 && g.beta > 1 {
		g.beta = v[1]
	}
	if len(v) > 2 {
		v = v[2:]
	}
	next := 0
	g.val = func() T { // values cycle through v
		if len(v) == 0 {
			return 1
		}
		next++
		return v[(next-1)%len(v)]
	}
	mat := func(rows, cols, pad int) ([]T, int) {
		ld := cols + pad
		if rows == 0 || cols == 0 {
			return nil, ld
		}
		s := make([]T, (rows-1)*ld+cols)
		for i := range s {
			s[i] = T(math.NaN())
			if i%ld < cols {
				s[i] = g.val()
			}
		}
		return s, ld
	}
	ar, ac, br, bc := dispatch.Stored(g.transA, g.transB, g.m, g.n, g.k)
	g.a, g.lda = mat(ar, ac, field(21, 3))
	g.b, g.ldb = mat(br, bc, field(24, 3))
	g.c0, g.ldc = mat(g.m, g.n, field(27, 3))
	return g
}

func (g *gemmInput[T]) String() string {
	return fmt.Sprintf("transA=%v transB=%v m=%d n=%d k=%d lda=%d ldb=%d ldc=%d alpha=%v beta=%v",
		g.transA, g.transB, g.m, g.n, g.k, g.lda, g.ldb, g.ldc, g.alpha, g.beta)
}

func fuzzGemm[T dispatch.Float](t *testing.T, k *dispatch.Kernels[T], shape uint32, v []T) {
	g := decodeGemm(shape, v)
	c := append([]T(nil), g.c0...)
	k.Gemm(g.transA, g.transB, g.m, g.n, g.k, g.alpha, g.a, g.lda, g.b, g.ldb, g.beta, c, g.ldc)
	if err := kerneltest.CheckGemm(g.transA, g.transB, g.m, g.n, g.k, g.alpha, g.a, g.lda, g.b, g.ldb, g.beta, g.c0, c, g.ldc); err != nil {
		t.Fatalf("%v: %v", &g, err)
	}
	for i, x := range c {
		if i%g.ldc >= g.n && !math.IsNaN(float64(x)) {
			t.Fatalf("padding c[%d] (ldc=%d, n=%d) written: %v", i, g.ldc, g.n, x)
		}
	}
}

func FuzzGemm(f *testing.F) {
	f.Add(uint32(0), []byte{})
	f.Add(uint32(15|15<<6|31<<12|3<<19), make([]byte, 64))
	f.Add(uint32(4|6<<6|8<<12|1<<20|5<<21|2<<24|3<<27|2<<30), []byte{0, 0, 0x80, 0x3f, 1, 2, 3, 4, 5, 6, 7, 8})
	// 1×1×1 in float32: alpha = 1e30, beta = 2, A = 1e10, B = 1e-30, C = 1e10.
	// alpha scales the finished sum, so C becomes 3e10, not +Inf.
	f.Add(uint32(2<<30), []byte{0xca, 0xf2, 0x49, 0x71, 0, 0, 0, 0x40, 0xf9, 0x02, 0x15, 0x50, 0x60, 0x42, 0xa2, 0x0d})
	f.Fuzz(func(t *testing.T, shape uint32, data []byte) {
		fuzzBoth(t, data,
			func(t *testing.T, k *dispatch.Kernels[float32], v []float32) { fuzzGemm(t, k, shape, v) },
			func(t *testing.T, k *dispatch.Kernels[float64], v []float64) { fuzzGemm(t, k, shape, v) })
	})
}
