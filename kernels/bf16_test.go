package kernels_test

import (
	"encoding/binary"
	"testing"
	"unsafe"

	"github.com/simdkern/simdkern/kernels"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
)

// TestBF16 runs the harness on the bfloat16 kernels of every path this CPU
// runs.
func TestBF16(t *testing.T) {
	for _, im := range dispatch.Runnable() {
		t.Run(im.Name, func(t *testing.T) { kerneltest.RunBF16(t, im) })
	}
}

func TestBF16Panics(t *testing.T) {
	f32 := make([]float32, 8)
	b16 := make([]kernels.BFloat16, 8)
	for _, tc := range []struct {
		name string
		call func()
		want string
	}{
		{"ToBFloat16 lengths", func() { kernels.ToBFloat16(b16[:3], f32[:4]) }, "kernels.ToBFloat16: len(dst) = 3, len(x) = 4: lengths differ"},
		{"FromBFloat16 lengths", func() { kernels.FromBFloat16(f32[:2], b16[:1]) }, "kernels.FromBFloat16: len(dst) = 2, len(x) = 1: lengths differ"},
		{"ToBFloat16 overlap", func() {
			kernels.ToBFloat16(unsafe.Slice((*kernels.BFloat16)(unsafe.Pointer(&f32[1])), 4), f32[:4])
		}, "kernels.ToBFloat16: dst and x overlap"},
		{"GemmBF16 negative", func() { kernels.GemmBF16(false, false, 2, -1, 2, 1, b16, 2, b16, 2, 0, f32, 2) }, "kernels.GemmBF16: m = 2, n = -1, k = 2: negative size"},
		{"GemmBF16 lda transA", func() { kernels.GemmBF16(true, false, 3, 2, 2, 1, b16, 2, b16, 2, 0, f32, 2) }, "kernels.GemmBF16: a is 2×3 with lda = 2: lda < 3"},
		{"GemmBF16 short b", func() { kernels.GemmBF16(false, true, 2, 3, 2, 1, b16, 2, b16[:5], 2, 0, f32, 3) }, "kernels.GemmBF16: b is 3×2 with ldb = 2: len(b) = 5, want ≥ 6"},
		{"GemmBF16 short c", func() { kernels.GemmBF16(false, false, 3, 3, 1, 1, b16, 1, b16, 3, 0, f32[:8], 3) }, "kernels.GemmBF16: c is 3×3 with ldc = 3: len(c) = 8, want ≥ 9"},
		{"GemmBF16 c overlaps a", func() {
			kernels.GemmBF16(false, false, 1, 2, 2, 1, unsafe.Slice((*kernels.BFloat16)(unsafe.Pointer(&f32[1])), 2), 2, b16, 2, 0, f32, 2)
		}, "kernels.GemmBF16: c and a overlap"},
		{"FromBFloat16 overlap", func() {
			kernels.FromBFloat16(f32[:2], unsafe.Slice((*kernels.BFloat16)(unsafe.Pointer(&f32[1])), 2))
		}, "kernels.FromBFloat16: dst and x overlap"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				err, _ := recover().(error)
				if err == nil || err.Error() != tc.want {
					t.Errorf("panic %v, want an error %q", err, tc.want)
				}
			}()
			tc.call()
		})
	}
}

func TestBF16NoAllocs(t *testing.T) {
	if raceDetector {
		t.Skip("the race detector makes sync.Pool drop buffers")
	}
	x := make([]float32, 1<<16)
	b := make([]kernels.BFloat16, 1<<16)
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		if a := testing.AllocsPerRun(20, func() {
			kernels.ToBFloat16(b[:1000], x[:1000])
			kernels.FromBFloat16(x[:1000], b[:1000])
			kernels.GemmBF16(false, true, 30, 30, 30, 1, b[:900], 30, b[:900], 30, 0.5, x[:900], 30)
			kernels.GemmBF16(false, false, 128, 256, 256, 1, b, 256, b, 256, 0, x[:128*256], 256) // split
		}); a != 0 {
			t.Errorf("%v allocations per run, want 0", a)
		}
	})
}

// FuzzToBFloat16 and FuzzFromBFloat16 compare every path's conversions of
// arbitrary bits with the reference.
func FuzzToBFloat16(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		x := decode[float32](data)
		for _, im := range dispatch.Runnable() {
			dst := make([]kernels.BFloat16, len(x))
			im.BF16.ToBF16(dst, x)
			if err := kerneltest.CheckToBF16(dst, x); err != nil {
				t.Fatalf("%s: %v", im.Name, err)
			}
		}
	})
}

func FuzzFromBFloat16(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		x := make([]kernels.BFloat16, len(data)/2)
		for i := range x {
			x[i] = kernels.BFloat16(binary.LittleEndian.Uint16(data[2*i:]))
		}
		for _, im := range dispatch.Runnable() {
			dst := make([]float32, len(x))
			im.BF16.FromBF16(dst, x)
			if err := kerneltest.CheckFromBF16(dst, x); err != nil {
				t.Fatalf("%s: %v", im.Name, err)
			}
		}
	})
}

// FuzzGemmBF16 multiplies matrices of arbitrary bfloat16 bits, sizes from
// the first three bytes, on every path, checking the bound of GemmBF16.
func FuzzGemmBF16(f *testing.F) {
	f.Add([]byte{3, 40, 5, 0x80, 0x3f, 0x00, 0x40, 0x80, 0x7f, 0x01, 0x00})
	f.Add(make([]byte, 200))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 3 {
			return
		}
		m, n, k := 1+int(data[0])%40, 1+int(data[1])%70, 1+int(data[2])%40
		v := make([]kernels.BFloat16, (len(data)-3)/2)
		for i := range v {
			v[i] = kernels.BFloat16(binary.LittleEndian.Uint16(data[3+2*i:]))
		}
		at := func(i int) kernels.BFloat16 {
			if len(v) == 0 {
				return 0x3f80
			}
			return v[i%len(v)]
		}
		a, b, c0 := make([]kernels.BFloat16, m*k), make([]kernels.BFloat16, k*n), make([]float32, m*n)
		for i := range a {
			a[i] = at(i)
		}
		for i := range b {
			b[i] = at(len(a) + i)
		}
		for i := range c0 {
			c0[i] = at(i + 7).Float32()
		}
		for _, im := range dispatch.Runnable() {
			c := append([]float32(nil), c0...)
			im.BF16.Gemm(false, false, m, n, k, 1.5, a, k, b, n, 0.5, c, n)
			if err := kerneltest.CheckGemmBF16(false, false, m, n, k, 1.5, a, k, b, n, 0.5, c0, c, n); err != nil {
				t.Fatalf("%s: m=%d n=%d k=%d: %v", im.Name, m, n, k, err)
			}
		}
	})
}
