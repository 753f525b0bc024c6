package kernels

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/simdkern/simdkern/internal/cpu"
)

// Caches of one core of the machines docs/tuning.md discusses.
var (
	zen5     = cpu.Caches{L1D: 48 << 10, L2: 1 << 20, L3: 4 << 20}    // 32 MiB L3 per 8 cores
	sapphire = cpu.Caches{L1D: 48 << 10, L2: 2 << 20, L3: 15 << 17}   // 1.875 MiB of L3 per core
	zen3     = cpu.Caches{L1D: 32 << 10, L2: 512 << 10, L3: 16 << 20} // this 2-vCPU guest
	unknown  = cpu.Caches{L1D: cpu.FallbackL1D, L2: cpu.FallbackL2, L3: cpu.FallbackL3}
)

// TestGemmBlocking checks the rule of gemm_blocking.go on the micro-kernels
// of every path, and the footprints it promises.
func TestGemmBlocking(t *testing.T) {
	for _, tc := range []struct {
		machine      string
		cs           cpu.Caches
		mr, nr, size int
		want         gemmBlocks
	}{
		// The hand-tuned AVX-512 float32 blocks, reproduced.
		{"zen5 avx512 f32", zen5, 14, 32, 4, gemmBlocks{384, 336, 2048}},
		// Tuned KC = 512 (measured faster than 384), MC = 112, NC = 1024.
		{"zen5 avx512 f64", zen5, 14, 16, 8, gemmBlocks{384, 168, 1024}},
		// Set by hand to 384, 336, 2048 and 384, 168, 1024, not measured.
		{"zen5 avx2 f32", zen5, 6, 16, 4, gemmBlocks{512, 252, 1536}},
		{"zen5 avx2 f64", zen5, 6, 8, 8, gemmBlocks{512, 126, 768}},
		{"sapphire avx512 f32", sapphire, 14, 32, 4, gemmBlocks{384, 672, 960}},
		{"sapphire avx512 f64", sapphire, 14, 16, 8, gemmBlocks{384, 336, 480}},
		{"sapphire avx2 f32", sapphire, 6, 16, 4, gemmBlocks{512, 510, 720}},
		{"sapphire avx2 f64", sapphire, 6, 8, 8, gemmBlocks{512, 252, 360}},
		{"zen3 avx2 f32", zen3, 6, 16, 4, gemmBlocks{512, 126, 1536}},
		{"zen3 avx2 f64", zen3, 6, 8, 8, gemmBlocks{512, 60, 768}},
		{"unknown neon f32", unknown, 8, 12, 4, gemmBlocks{512, 64, 384}},
		{"unknown neon f64", unknown, 8, 6, 8, gemmBlocks{512, 32, 192}},
		// Apple M (as macOS reports it): the 16 MiB L2 of a cluster counts
		// as 2 MiB, the missing L3 as the fallback.
		{"apple neon f32", cpu.Caches{L1D: 128 << 10, L2: 16 << 20, L3: cpu.FallbackL3}, 8, 12, 4, gemmBlocks{512, 512, 384}},
		// Tiny caches: every block is still at least one tile.
		{"tiny", cpu.Caches{L1D: 1 << 10, L2: 4 << 10, L3: 8 << 10}, 14, 32, 8, gemmBlocks{64, 14, 32}},
	} {
		got := gemmBlocking(tc.cs, tc.mr, tc.nr, tc.size)
		if got != tc.want {
			t.Errorf("%s: gemmBlocking(%+v, %d, %d, %d) = %+v, want %+v", tc.machine, tc.cs, tc.mr, tc.nr, tc.size, got, tc.want)
		}
	}
	// The footprints, on random caches.
	r := rand.New(rand.NewPCG(5, 6))
	for range 1000 {
		cs := cpu.Caches{L1D: 16<<10 + r.IntN(256<<10), L2: 128<<10 + r.IntN(4<<20), L3: r.IntN(64 << 20)}
		mr, nr, size := 1+r.IntN(16), 1+r.IntN(48), 4<<r.IntN(2)
		bl := gemmBlocking(cs, mr, nr, size)
		switch {
		case bl.kc%16 != 0 || bl.kc < 64 || bl.kc > 512:
			t.Fatalf("%+v mr=%d nr=%d size=%d: kc = %d, want a multiple of 16 in [64, 512]", cs, mr, nr, size, bl.kc)
		case bl.kc > 64 && bl.kc*nr*size > cs.L1D:
			t.Fatalf("%+v mr=%d nr=%d size=%d: kc = %d: B micro-panel larger than L1", cs, mr, nr, size, bl.kc)
		case bl.mc%mr != 0 || bl.mc > mr && bl.mc*bl.kc*size > cs.L2/2:
			t.Fatalf("%+v mr=%d nr=%d size=%d: mc = %d, kc = %d: A block beyond half of L2", cs, mr, nr, size, bl.mc, bl.kc)
		case bl.nc%nr != 0 || bl.nc > nr && bl.nc*bl.kc*size > min(cs.L3, 4<<20)*3/4:
			t.Fatalf("%+v mr=%d nr=%d size=%d: nc = %d, kc = %d: B block beyond ¾ of L3", cs, mr, nr, size, bl.nc, bl.kc)
		}
	}
}

func TestParseGemmBlocks(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want gemmBlocks
	}{
		{"", gemmBlocks{}},
		{"kc=8", gemmBlocks{kc: 8}},
		{"mc=12,kc=8", gemmBlocks{8, 12, 0}},
		{"kc=256,mc=96,nc=2048", gemmBlocks{256, 96, 2048}},
	} {
		got, err := parseGemmBlocks(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("parseGemmBlocks(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"kc", "kc=", "kc=0", "kc=-8", "kc=x", "kc=8,", "kc=8,kc=16", "KC=8", "kc=8;mc=12",
		" kc=8", "kc=8 ", "mr=8", "nc=65537", "kc=1e3"} {
		if got, err := parseGemmBlocks(in); err == nil {
			t.Errorf("parseGemmBlocks(%q) = %+v, want an error", in, got)
		}
	}
	defer func() {
		if msg, _ := recover().(string); !strings.Contains(msg, gemmBlocksEnv+`="kc=0"`) {
			t.Errorf("mustParseGemmBlocks(\"kc=0\") panicked with %q, want a message naming %s and the value", msg, gemmBlocksEnv)
		}
	}()
	mustParseGemmBlocks("kc=0")
}

func TestGemmBlocksWith(t *testing.T) {
	rule := gemmBlocks{384, 336, 2048}
	for _, tc := range []struct {
		o, want gemmBlocks
	}{
		{gemmBlocks{}, rule},
		{gemmBlocks{kc: 8}, gemmBlocks{8, 336, 2048}},
		{gemmBlocks{mc: 30, nc: 70}, gemmBlocks{384, 28, 64}},
		{gemmBlocks{1, 1, 1}, gemmBlocks{1, 14, 32}},
	} {
		if got := rule.with(tc.o, 14, 32); got != tc.want {
			t.Errorf("%+v.with(%+v, 14, 32) = %+v, want %+v", rule, tc.o, got, tc.want)
		}
	}
}

// gemmBlocks returns the block sizes of mk.
func (mk *gemmMicro[T]) gemmBlocks() gemmBlocks { return gemmBlocks{mk.kc, mk.mc, mk.nc} }
