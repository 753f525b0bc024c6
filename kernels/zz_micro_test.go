package kernels

import (
	"fmt"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"
)

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

func threadCPU() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

func tune[T Float](t *testing.T, mk *gemmMicro[T], n int, layouts []int) {
	for _, layout := range layouts {
		ta, tb := layout&2 != 0, layout&1 != 0
		var best float64
		a, b, c := make([]T, n*n), make([]T, n*n), make([]T, n*n)
		g := gemmPacked(mk)
		g(ta, tb, n, n, n, 1, a, n, b, n, 0, c, n)
		for rep := 0; rep < 15; rep++ {
			it := max(1, int(2e8/float64(n*n*n)))
			t0 := time.Now()
			for range it {
				g(ta, tb, n, n, n, 1, a, n, b, n, 0, c, n)
			}
			best = max(best, 2*float64(n*n*n)*float64(it)/time.Since(t0).Seconds()/1e9)
		}
		t.Logf("n=%d layout=%d kc=%d mc=%d nc=%d %.1f GFLOP/s best", n, layout, mk.kc, mk.mc, mk.nc, best)
	}
}

func TestTune(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.LockOSThread()
	var kc, mc, nc int
	fmt.Sscan(os.Getenv("KC"), &kc)
	fmt.Sscan(os.Getenv("MC"), &mc)
	fmt.Sscan(os.Getenv("NC"), &nc)
	m32, m64 := gemmAVX512F32, gemmAVX512F64
	if os.Getenv("AVX2") != "" {
		m32, m64 = gemmAVX2F32, gemmAVX2F64
	}
	for _, mk := range []*gemmMicro[float32]{&m32} {
		if kc > 0 {
			mk.kc = kc
		}
		if mc > 0 {
			mk.mc = mc
		}
		if nc > 0 {
			mk.nc = nc
		}
	}
	for _, mk := range []*gemmMicro[float64]{&m64} {
		if kc > 0 {
			mk.kc = kc
		}
		if mc > 0 {
			mk.mc = mc / 2 / mk.mr * mk.mr
		}
		if nc > 0 {
			mk.nc = nc
		}
	}
	for _, n := range []int{256, 512} {
		if os.Getenv("F64") == "" {
			tune(t, &m32, n, []int{0, 3})
		} else {
			tune(t, &m64, n, []int{0, 3})
		}
	}
}

func TestSmall(t *testing.T) {
	for _, n := range []int{4, 5, 6, 7, 8} {
		for _, mk := range []*gemmMicro[float32]{&gemmAVX512F32, &gemmAVX2F32} {
			a, b, c := make([]float32, n*n), make([]float32, n*n), make([]float32, n*n)
			var bu, bp float64
			for rep := 0; rep < 20; rep++ {
				it := max(1, int(2e6/float64(n*n*n)))
				t0 := time.Now()
				for range it {
					gemmGeneric(false, false, n, n, n, 1, a, n, b, n, 0, c, n)
				}
				bu = max(bu, 2*float64(n*n*n)*float64(it)/time.Since(t0).Seconds()/1e9)
				t0 = time.Now()
				for range it {
					g := gemmArgs[float32]{mk, false, false, n, n, n, 1, a, n, b, n, 0, c, n}
					g.run()
				}
				bp = max(bp, 2*float64(n*n*n)*float64(it)/time.Since(t0).Seconds()/1e9)
			}
			t.Logf("n=%d mr=%d unpacked %.1f packed %.1f GFLOP/s", n, mk.mr, bu, bp)
		}
	}
}
