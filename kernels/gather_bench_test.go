package kernels_test

import (
	"math/rand/v2"
	"testing"

	"github.com/simdkern/simdkern/kernels"
)

// gatherBenchSrc is the source of BenchmarkGatherRows, allocated once: 60000
// rows of 784 float32 (188 MB, MNIST's training set).
var gatherBenchSrc []float32

// BenchmarkGatherRows gathers batches of 128 random rows of 784 float32
// from a 188 MB source, with GatherRows (impl=prefetch) and with a plain
// copy loop (impl=copy), in GB/s copied.
func BenchmarkGatherRows(b *testing.B) {
	const rows, cols, batch = 60000, 784, 128
	if gatherBenchSrc == nil {
		gatherBenchSrc = make([]float32, rows*cols)
		for i := range gatherBenchSrc {
			gatherBenchSrc[i] = float32(i)
		}
	}
	src := gatherBenchSrc
	dst := make([]float32, batch*cols)
	rng := rand.New(rand.NewPCG(5, 6))
	idx := make([]int, 1<<16)
	for i := range idx {
		idx[i] = rng.IntN(rows)
	}
	report := func(b *testing.B) {
		b.ReportMetric(float64(b.N)*batch*cols*4/b.Elapsed().Seconds()/1e9, "GB/s")
	}
	b.Run("impl=prefetch", func(b *testing.B) {
		i := 0
		for b.Loop() {
			kernels.GatherRows(dst, cols, src, cols, cols, idx[i:i+batch])
			i = (i + batch) % (len(idx) - batch)
		}
		report(b)
	})
	b.Run("impl=copy", func(b *testing.B) {
		i := 0
		for b.Loop() {
			for k, r := range idx[i : i+batch] {
				copy(dst[k*cols:(k+1)*cols], src[r*cols:(r+1)*cols])
			}
			i = (i + batch) % (len(idx) - batch)
		}
		report(b)
	})
}
