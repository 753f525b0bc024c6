package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
)

// TestGemmBF16Widen runs the harness on the widening GemmBF16 of every
// path, which runs on CPUs without AVX512_BF16.
func TestGemmBF16Widen(t *testing.T) {
	for _, im := range dispatch.Runnable() {
		t.Run(im.Name, func(t *testing.T) { kerneltest.GemmBF16(t, gemmBF16Widen(im.BF16.FromBF16, im.F32.Gemm)) })
	}
}

// BenchmarkGemmBF16 times n×n×n products on every path this CPU runs:
// impl=<path>-f32 is Gemm on float32, <path>-convert FromBFloat16 of A and
// B then Gemm (what a caller without GemmBF16 would do), <path>-bf16
// GemmBF16 (on VDPBF16PS where the path has it) and, on such a path,
// <path>-widen the widening GemmBF16 that CPUs without AVX512_BF16 run.
// Compare with go tool benchstat -col /impl.
func BenchmarkGemmBF16(b *testing.B) {
	for _, n := range []int{256, 512, 1024} {
		r := rand.New(rand.NewPCG(1, uint64(n)))
		a32, b32, c := make([]float32, n*n), make([]float32, n*n), make([]float32, n*n)
		a16, b16 := make([]BFloat16, n*n), make([]BFloat16, n*n)
		aw, bw := make([]float32, n*n), make([]float32, n*n)
		for i := range a32 {
			a16[i], b16[i] = BFloat16Of(2*r.Float32()-1), BFloat16Of(2*r.Float32()-1)
			a32[i], b32[i] = a16[i].Float32(), b16[i].Float32()
		}
		for _, im := range dispatch.Runnable() {
			ways := []struct {
				name string
				f    func()
			}{
				{"f32", func() { im.F32.Gemm(false, false, n, n, n, 1, a32, n, b32, n, 0, c, n) }},
				{"convert", func() {
					im.BF16.FromBF16(aw, a16)
					im.BF16.FromBF16(bw, b16)
					im.F32.Gemm(false, false, n, n, n, 1, aw, n, bw, n, 0, c, n)
				}},
				{"bf16", func() { im.BF16.Gemm(false, false, n, n, n, 1, a16, n, b16, n, 0, c, n) }},
			}
			if im.BF16.Dot {
				widen := gemmBF16Widen(im.BF16.FromBF16, im.F32.Gemm)
				ways = append(ways, struct {
					name string
					f    func()
				}{"widen", func() { widen(false, false, n, n, n, 1, a16, n, b16, n, 0, c, n) }})
			}
			for _, w := range ways {
				b.Run(fmt.Sprintf("n=%d/impl=%s-%s", n, im.Name, w.name), func(b *testing.B) {
					b.ReportAllocs()
					w.f() // fill the pools
					for b.Loop() {
						w.f()
					}
					b.ReportMetric(2*float64(n*n*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				})
			}
		}
	}
}
