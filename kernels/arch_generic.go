//go:build (!amd64 && !arm64) || purego

package kernels

import (
	"github.com/simdkern/simdkern/internal/cpu"
	"github.com/simdkern/simdkern/internal/dispatch"
)

// archImpls returns the SIMD paths of this architecture, best first: none
// yet, so the generic path runs.
func archImpls(cpu.Features) []*dispatch.Impl { return nil }
