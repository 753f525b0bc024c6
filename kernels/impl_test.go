package kernels_test

import (
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
	_ "github.com/simdkern/simdkern/kernels"
)

// TestImpls runs the harness on every path this CPU runs, not only the one
// dispatch picked.
func TestImpls(t *testing.T) {
	runnable := dispatch.Runnable()
	if len(runnable) == 0 || runnable[len(runnable)-1].Name != "generic" {
		t.Fatalf("runnable paths %v do not end with generic", names(runnable))
	}
	for _, im := range runnable {
		t.Run(im.Name, func(t *testing.T) {
			t.Parallel()
			kerneltest.Run(t, im)
		})
	}
}

func names(impls []*dispatch.Impl) []string {
	var s []string
	for _, im := range impls {
		s = append(s, im.Name)
	}
	return s
}
