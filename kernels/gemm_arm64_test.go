//go:build !purego

package kernels

import (
	"testing"

	"github.com/simdkern/simdkern/internal/cpu"
)

// TestGemmMicroARM64 checks the packed algorithm on the neon micro-kernels
// around their tiles and blocks, and logs the blocks this CPU's caches gave.
func TestGemmMicroARM64(t *testing.T) {
	if !cpu.Detect().NEON {
		t.Skip("this CPU cannot run neon")
	}
	f32, f64 := pathGemm[float32]("neon"), pathGemm[float64]("neon")
	t.Logf("float32: %d×%d tiles, kc=%d mc=%d nc=%d", f32.mr, f32.nr, f32.kc, f32.mc, f32.nc)
	t.Logf("float64: %d×%d tiles, kc=%d mc=%d nc=%d", f64.mr, f64.nr, f64.kc, f64.mc, f64.nc)
	t.Run("f32", func(t *testing.T) { testGemmMicro(t, f32) })
	t.Run("f64", func(t *testing.T) { testGemmMicro(t, f64) })
}
