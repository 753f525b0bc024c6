package kernels_test

import (
	"math"
	"slices"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
	"github.com/simdkern/simdkern/kernels"
)

// fuzzGemmEpilogue checks on path k that GemmEpilogue gives the bits of
// Gemm, Axpy and ReLU one after the other, and writes no padding. The bits
// of mode: 0 a bias (from the input), 1 a ReLU output, 2–3 its padding, 4
// the ReLU in place (into C).
func fuzzGemmEpilogue[T dispatch.Float](t *testing.T, k *dispatch.Kernels[T], shape uint32, mode uint8, v []T) {
	g := decodeGemm(shape, v)
	var bias []T
	if mode&1 != 0 {
		bias = make([]T, g.n)
		for j := range bias {
			bias[j] = g.val()
		}
	}
	ldr := g.n + int(mode>>2&3)
	got, want := slices.Clone(g.c0), slices.Clone(g.c0)
	gotR := slices.Repeat([]T{T(math.NaN())}, (g.m-1)*ldr+g.n)
	wantR := slices.Clone(gotR)
	var relu, wrelu []T
	if mode&2 != 0 {
		relu, wrelu = gotR, wantR
	}
	inPlace := mode&16 != 0 && relu != nil
	if inPlace {
		relu, wrelu, ldr = got, want, g.ldc
	}
	if relu == nil {
		ldr = 0
	}
	k.GemmEpilogue(g.transA, g.transB, g.m, g.n, g.k, g.alpha, g.a, g.lda, g.b, g.ldb, g.beta, got, g.ldc, bias, relu, ldr)

	k.Gemm(g.transA, g.transB, g.m, g.n, g.k, g.alpha, g.a, g.lda, g.b, g.ldb, g.beta, want, g.ldc)
	for i := range g.m {
		row := want[i*g.ldc : i*g.ldc+g.n]
		if bias != nil {
			k.Axpy(1, bias, row)
		}
		if wrelu != nil {
			k.ReLU(wrelu[i*ldr:i*ldr+g.n], row)
		}
	}
	if err := kerneltest.Diff("c", got, want); err != nil {
		t.Fatalf("%v bias=%v relu=%v in-place=%v: %v", &g, bias != nil, relu != nil, inPlace, err)
	}
	if err := kerneltest.Diff("relu", gotR, wantR); err != nil {
		t.Fatalf("%v bias=%v relu=%v in-place=%v: %v", &g, bias != nil, relu != nil, inPlace, err)
	}
}

func FuzzGemmEpilogue(f *testing.F) {
	f.Add(uint32(0), uint8(3), []byte{})
	f.Add(uint32(15|15<<6|31<<12|3<<19), uint8(1), make([]byte, 64))
	f.Add(uint32(40|6<<6|100<<12|1<<20|5<<21|2<<24|3<<27|2<<30), uint8(7), []byte{0, 0, 0x80, 0x3f, 1, 2, 3, 4, 5, 6, 7, 0xff})
	f.Add(uint32(63|63<<6|127<<12|1<<19|1<<30), uint8(19), []byte{0, 0, 0x80, 0xbf, 0, 0, 0xc0, 0x7f, 0, 0, 0x80, 0xff})
	f.Fuzz(func(t *testing.T, shape uint32, mode uint8, data []byte) {
		fuzzBoth(t, data,
			func(t *testing.T, k *dispatch.Kernels[float32], v []float32) { fuzzGemmEpilogue(t, k, shape, mode, v) },
			func(t *testing.T, k *dispatch.Kernels[float64], v []float64) { fuzzGemmEpilogue(t, k, shape, mode, v) })
	})
}

// FuzzReLUMaskColSum compares ReLUMaskColSum on every path with ReLUMask and
// ColSum on the same path: the mask bit for bit, the sums value for value
// (any NaN for a NaN).
func FuzzReLUMaskColSum(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, im := range dispatch.Runnable() {
			restore := dispatch.Use(im)
			fuzzReLUMaskColSum(t, decode[float32](data))
			fuzzReLUMaskColSum(t, decode[float64](data))
			restore()
		}
	})
}

func fuzzReLUMaskColSum[T dispatch.Float](t *testing.T, v []T) {
	dy, z := halves(v)
	cols := 1
	if len(v) > 0 {
		cols += int(math.Float64bits(float64(v[0])) % 37)
	}
	n := len(dy) / cols * cols
	dy, z = dy[:n], z[:n]
	dst, sums := make([]T, n), make([]T, cols)
	kernels.ReLUMaskColSum(dst, sums, dy, z, cols)
	want, wantSums := make([]T, n), make([]T, cols)
	kernels.ReLUMask(want, dy, z)
	kernels.ColSum(wantSums, want, n/cols, cols, cols)
	if err := kerneltest.Diff("dst", dst, want); err != nil {
		t.Fatalf("%s cols=%d: %v", dispatch.Active().Name, cols, err)
	}
	if err := kerneltest.DiffValues("sums", sums, wantSums); err != nil {
		t.Fatalf("%s cols=%d: %v", dispatch.Active().Name, cols, err)
	}
}
