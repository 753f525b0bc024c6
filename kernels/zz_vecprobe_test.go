package kernels

import (
	"fmt"
	"testing"
)

func BenchmarkZZProbe(b *testing.B) {
	for _, s := range [][2]int{{64, 1024}, {512, 256}, {1024, 1024}} {
		rows, cols := s[0], s[1]
		a, dst := make([]float32, rows*cols), make([]float32, cols)
		for i := range a {
			a[i] = float32(i % 7)
		}
		a = make([]float32, rows*(cols+16))
		for i := range a {
			a[i] = float32(i % 7)
		}
		b.Run(fmt.Sprintf("avx512/%dx%d", rows, cols), func(b *testing.B) {
			for b.Loop() {
				colSumF32AVX512(dst, a, rows, cols, cols)
			}
			b.ReportMetric(float64(rows*cols*4)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
		})
		b.Run(fmt.Sprintf("avx512pad/%dx%d", rows, cols), func(b *testing.B) {
			for b.Loop() {
				colSumF32AVX512(dst, a, rows, cols, cols+16)
			}
			b.ReportMetric(float64(rows*cols*4)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
		})
	}
	for _, n := range []int{65536} {
		x, y := make([]float32, n), make([]float32, n)
		b.Run(fmt.Sprintf("dot/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				dotF32AVX512(x, y)
			}
			b.ReportMetric(float64(n*8)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
		})
		b.Run(fmt.Sprintf("relu/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				reluF32AVX512(x, y)
			}
			b.ReportMetric(float64(n*8)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
		})
	}
}
