package kernels_test

import (
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
)

// TestGemmBF16 runs the harness on the GemmBF16 of every path this CPU
// runs (on VDPBF16PS where the path has it; TestGemmBF16Widen tests the
// widening one of every path).
func TestGemmBF16(t *testing.T) {
	for _, im := range dispatch.Runnable() {
		t.Run(im.Name, func(t *testing.T) { kerneltest.GemmBF16(t, im.BF16.Gemm) })
	}
}
