package kernels

import "testing"

func benchMicro[T Float](b *testing.B, mk *gemmMicro[T]) {
	kc := 256
	a := make([]T, mk.mr*kc)
	bb := make([]T, mk.nr*kc)
	c := make([]T, mk.mr*mk.nr)
	for i := range a {
		a[i] = 1
	}
	for i := range bb {
		bb[i] = 1
	}
	for b.Loop() {
		mk.tile(kc, a, bb, c, mk.nr, 1, 1)
	}
	b.ReportMetric(2*float64(mk.mr*mk.nr*kc)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
func BenchmarkMicro512F32(b *testing.B) { benchMicro(b, &gemmAVX512F32) }
func BenchmarkMicro512F64(b *testing.B) { benchMicro(b, &gemmAVX512F64) }
func BenchmarkMicro2F32(b *testing.B)   { benchMicro(b, &gemmAVX2F32) }
func BenchmarkMicro2F64(b *testing.B)   { benchMicro(b, &gemmAVX2F64) }

func BenchmarkPackA(b *testing.B) {
	for _, tr := range []bool{false, true} {
		b.Run(map[bool]string{false: "N", true: "T"}[tr], func(b *testing.B) {
			mk := &gemmAVX512F32
			src := make([]float32, 512*512)
			dst := make([]float32, mk.mc*mk.kc)
			for b.Loop() {
				packA(&mk.pack, dst, tr, src, 512, 0, 0, mk.mc, mk.kc, mk.mr)
			}
			b.ReportMetric(float64(mk.mc*mk.kc)*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gelem/s")
		})
	}
}
func BenchmarkPackB(b *testing.B) {
	for _, tr := range []bool{false, true} {
		b.Run(map[bool]string{false: "N", true: "T"}[tr], func(b *testing.B) {
			mk := &gemmAVX512F32
			src := make([]float32, 512*512)
			dst := make([]float32, mk.nc*mk.kc)
			for b.Loop() {
				packB(&mk.pack, dst, tr, src, 512, 0, 0, mk.kc, 512, mk.nr)
			}
			b.ReportMetric(float64(512*mk.kc)*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gelem/s")
		})
	}
}
