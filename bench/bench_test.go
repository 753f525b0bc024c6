// Package bench holds simdkern's benchmarks: every kernel and nn pass, as
// sub-benchmarks keyed impl=… (every path this CPU runs, and the peers) and
// by size, with throughput metrics for benchstat.
package bench

import (
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	_ "github.com/simdkern/simdkern/kernels" // registers the paths
)

// paths returns every simdkern path this CPU runs, best first.
func paths() []*dispatch.Impl { return dispatch.Runnable() }

// reportGBs reports a GB/s metric for an op that moves bytes bytes.
func reportGBs(b *testing.B, bytes int) {
	b.ReportMetric(float64(bytes)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
}

// reportGFLOPs reports a GFLOP/s metric for an op of flops floating-point operations.
func reportGFLOPs(b *testing.B, flops float64) {
	b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
