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
	x := make([]float32, 1000)
	b := make([]kernels.BFloat16, 1000)
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		if a := testing.AllocsPerRun(20, func() {
			kernels.ToBFloat16(b, x)
			kernels.FromBFloat16(x, b)
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
