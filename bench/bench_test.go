// Package bench holds simdkern's benchmarks against its peers: every kernel
// and nn pass, as sub-benchmarks keyed impl=… (every path this CPU runs,
// then naive Go loops, gonum and, with -tags openblas, OpenBLAS) and by
// size, with throughput metrics for benchstat.
//
// By default each benchmark runs a representative size, so that
// `go test -bench . ./...` stays short; -bench.full runs every size, layout
// and element type. `make bench` (bench/cmd/benchrun) always passes
// -bench.full: FULL=1 runs everything, and its quick suite narrows it with a
// -test.bench regexp (benchrun's quickBench) to the vector kernels at four
// sizes, Gemm at n = 64, 256, 512 in every layout in float32 and NN in
// float64, BenchmarkGemmSkinny's shapes in every layout in float32, and the
// nn passes; a benchmark joins the quick suite through that regexp.
package bench

import (
	"flag"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	_ "github.com/simdkern/simdkern/kernels" // registers the paths
)

var full = flag.Bool("bench.full", false, "run every size, layout and element type, not a representative set")

// sweep returns all with -bench.full and def otherwise.
func sweep[E any](def, all []E) []E {
	if *full {
		return all
	}
	return def
}

// paths returns every simdkern path this CPU runs, best first.
func paths() []*dispatch.Impl { return dispatch.Runnable() }

// bothTypes runs f32 and f64 as the sub-benchmarks "f32" and "f64"; f64
// only with -bench.full.
func bothTypes(b *testing.B, f32, f64 func(*testing.B)) {
	b.Run("f32", f32)
	if *full {
		b.Run("f64", f64)
	}
}

// reportGBs reports a GB/s metric for an op that moves bytes bytes.
func reportGBs(b *testing.B, bytes int) {
	b.ReportMetric(float64(bytes)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
}

// reportGFLOPs reports a GFLOP/s metric for an op of flops floating-point operations.
func reportGFLOPs(b *testing.B, flops float64) {
	b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
