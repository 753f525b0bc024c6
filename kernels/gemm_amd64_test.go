//go:build !purego

package kernels

import (
	"testing"

	"github.com/simdkern/simdkern/internal/cpu"
)

func TestGemmMicroAMD64(t *testing.T) {
	f := cpu.Detect()
	for _, tc := range []struct {
		name string
		runs bool
		f32  *gemmMicro[float32]
		f64  *gemmMicro[float64]
	}{
		{"avx512", f.AVX512, &gemmAVX512F32, &gemmAVX512F64},
		{"avx2", f.AVX2, &gemmAVX2F32, &gemmAVX2F64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.runs {
				t.Skip("this CPU cannot run", tc.name)
			}
			t.Run("f32", func(t *testing.T) { testGemmMicro(t, tc.f32) })
			t.Run("f64", func(t *testing.T) { testGemmMicro(t, tc.f64) })
		})
	}
}
