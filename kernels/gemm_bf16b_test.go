package kernels_test

import (
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
)

// TestGemmBF16B runs the harness on the GemmBF16B of every path this CPU
// runs.
func TestGemmBF16B(t *testing.T) {
	for _, im := range dispatch.Runnable() {
		t.Run(im.Name, func(t *testing.T) { kerneltest.GemmBF16B(t, im.BF16.GemmB) })
	}
}
