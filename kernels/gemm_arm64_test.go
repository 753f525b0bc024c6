//go:build !purego

package kernels

import (
	"testing"

	"github.com/simdkern/simdkern/internal/cpu"
)

func TestGemmMicroARM64(t *testing.T) {
	if !cpu.Detect().NEON {
		t.Skip("this CPU cannot run neon")
	}
	t.Run("f32", func(t *testing.T) { testGemmMicro(t, &gemmNEONF32) })
	t.Run("f64", func(t *testing.T) { testGemmMicro(t, &gemmNEONF64) })
}
