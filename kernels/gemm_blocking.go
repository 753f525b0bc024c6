package kernels

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"unsafe"

	"github.com/simdkern/simdkern/internal/cpu"
)

// Block sizes of the packed Gemm from the caches of the CPU, after the
// analytical model of BLIS (Low, Igual, Smith and Quintana-Ortí, "Analytical
// modeling is enough for high-performance BLIS", 2016), simplified to the
// sizes cpuid reports (no associativity). For a micro-kernel of MR×NR tiles
// of s-byte elements, with L1, L2 the data caches of one core and L3 its
// share of the last level:
//
//   - KC: the B micro-panel, KC·NR·s, takes about L1 (it is reused by every
//     tile of the A block, while A's micro-panels stream through);
//   - MC: the packed A block, MC·KC·s, takes about half of L2, leaving the
//     rest to the B micro-panels and the lines of C, counting at most 2 MiB
//     of L2 (the most a core has to itself today: a larger one, as on Apple
//     M, is shared by a cluster of cores);
//   - NC: the packed B block, KC·NC·s, takes about ¾ of L3, counting at most
//     4 MiB of it (the share of one core of current server parts: a Gemm
//     split over every core packs one B block on each).
//
// KC is a multiple of 16 from 64 to 512 (beyond, each pass over C is already
// spread over 512 multiply-adds an element, and the A micro-panel outgrows
// L1 beside B), MC a multiple of MR and NC one of NR, each at least one tile.
// docs/tuning.md compares the rule with the block sizes tuned by hand and
// has the measurements.

// gemmBlocksEnv names the environment variable that overrides the rule, for
// tuning: SIMDKERN_GEMM_BLOCKS=kc=256,mc=96,nc=2048, any subset, read at
// init. mc and nc are rounded down to a multiple of each micro-kernel's MR
// and NR (to one tile at least); a malformed value panics at init.
const gemmBlocksEnv = "SIMDKERN_GEMM_BLOCKS"

// gemmBlocks are the block sizes of the packed Gemm; zero is "not set".
type gemmBlocks struct{ kc, mc, nc int }

// gemmCaches are this CPU's caches, and gemmOverride the block sizes set by
// gemmBlocksEnv.
var (
	gemmCaches   = cpu.DetectCaches()
	gemmOverride = mustParseGemmBlocks(os.Getenv(gemmBlocksEnv))
)

// gemmCacheBlocked sets the block sizes of mk, whose mr and nr are set, from
// this CPU's caches (gemmBlocking) and any override (setGemm calls it on
// each path's micro-kernels).
func gemmCacheBlocked[T Float](mk *gemmMicro[T]) {
	var t T
	bl := gemmBlocking(gemmCaches, mk.mr, mk.nr, int(unsafe.Sizeof(t)))
	bl = bl.with(gemmOverride, mk.mr, mk.nr)
	mk.kc, mk.mc, mk.nc = bl.kc, bl.mc, bl.nc
}

// gemmBlocking returns the block sizes of the rule above for a micro-kernel
// of mr×nr tiles of size-byte elements on a core with caches cs.
func gemmBlocking(cs cpu.Caches, mr, nr, size int) gemmBlocks {
	kc := clamp(cs.L1D/(nr*size)/16*16, 64, 512)
	mc := max(min(cs.L2, 2<<20)/2/(kc*size)/mr*mr, mr)
	nc := max(min(cs.L3, 4<<20)*3/4/(kc*size)/nr*nr, nr)
	return gemmBlocks{kc, mc, nc}
}

func clamp(v, lo, hi int) int { return min(max(v, lo), hi) }

// with returns bl with the sizes set in o, mc and nc rounded down to a
// multiple of mr and nr, at least one tile.
func (bl gemmBlocks) with(o gemmBlocks, mr, nr int) gemmBlocks {
	if o.kc > 0 {
		bl.kc = o.kc
	}
	if o.mc > 0 {
		bl.mc = max(o.mc/mr*mr, mr)
	}
	if o.nc > 0 {
		bl.nc = max(o.nc/nr*nr, nr)
	}
	return bl
}

// mustParseGemmBlocks parses the value of gemmBlocksEnv and panics, naming
// the variable, if it is malformed.
func mustParseGemmBlocks(s string) gemmBlocks {
	bl, err := parseGemmBlocks(s)
	if err != nil {
		panic(fmt.Sprintf("simdkern: %s=%q: %v", gemmBlocksEnv, s, err))
	}
	return bl
}

// parseGemmBlocks parses "kc=…,mc=…,nc=…" (any subset, each at most once,
// positive integers up to 1<<16); "" sets nothing.
func parseGemmBlocks(s string) (gemmBlocks, error) {
	var bl gemmBlocks
	if s == "" {
		return bl, nil
	}
	for _, kv := range strings.Split(s, ",") {
		key, val, ok := strings.Cut(kv, "=")
		var p *int
		switch key {
		case "kc":
			p = &bl.kc
		case "mc":
			p = &bl.mc
		case "nc":
			p = &bl.nc
		default:
			return bl, fmt.Errorf("%q: want kc=, mc= or nc= followed by a size, separated by commas", kv)
		}
		if !ok || *p != 0 {
			return bl, fmt.Errorf("%q: want %s= once, followed by a size", kv, key)
		}
		v, err := strconv.Atoi(val)
		if err != nil || v < 1 || v > 1<<16 {
			return bl, fmt.Errorf("%q: want a size from 1 to 65536", kv)
		}
		*p = v
	}
	return bl, nil
}
