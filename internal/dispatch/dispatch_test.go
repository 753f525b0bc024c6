package dispatch

import (
	"strings"
	"testing"

	"github.com/simdkern/simdkern/internal/cpu"
)

func TestChoose(t *testing.T) {
	avx512 := &Impl{Name: "avx512", Runs: false}
	avx2 := &Impl{Name: "avx2", Runs: true}
	generic := &Impl{Name: "generic", Runs: true}
	impls := []*Impl{avx512, avx2, generic}
	// The avx512 path runs, with and without the bfloat16 dot products.
	dot := &Impl{Name: "avx512", Runs: true, BF16: BF16Kernels{Dot: true}}
	noDot := &Impl{Name: "avx512", Runs: true}
	for _, tc := range []struct {
		impls                   []*Impl
		env, want, warning, err string
		dot                     bool
	}{
		{env: "", want: "avx2"},
		{env: "  ", err: `SIMDKERN_ISA="  " is not a path name`},
		{env: " avx2", err: `SIMDKERN_ISA=" avx2" is not a path name`},
		{env: "avx2\n", err: `SIMDKERN_ISA="avx2\n" is not a path name`},
		{env: "avx2", want: "avx2"},
		{env: "generic", want: "generic"},
		{env: "avx512", want: "avx2", warning: "this CPU cannot run avx512; using avx2"},
		{env: "avx512bf16", want: "avx2", warning: "SIMDKERN_ISA=avx512bf16: this CPU cannot run avx512bf16; using avx2"},
		{env: "neon", want: "avx2", warning: "no neon path on this architecture; using avx2"},
		{env: "AVX2", err: `SIMDKERN_ISA="AVX2" is not a path name; want one of generic, avx2, avx512, avx512bf16, neon`},
		{env: "AVX512BF16", err: `SIMDKERN_ISA="AVX512BF16" is not a path name`},
		{env: "avx512_bf16", err: `SIMDKERN_ISA="avx512_bf16" is not a path name`},
		{env: "sse", err: `"sse" is not a path name`},

		{impls: []*Impl{dot, avx2, generic}, env: "", want: "avx512", dot: true},
		{impls: []*Impl{dot, avx2, generic}, env: "avx512bf16", want: "avx512", dot: true},
		{impls: []*Impl{noDot, avx2, generic}, env: "avx512", want: "avx512"},
		{impls: []*Impl{noDot, avx2, generic}, env: "avx512bf16", want: "avx512",
			warning: "SIMDKERN_ISA=avx512bf16: this CPU cannot run avx512bf16; using avx512"},
		// arm64, and the generic build.
		{impls: []*Impl{{Name: "neon", Runs: true}, generic}, env: "avx512bf16", want: "neon",
			warning: "SIMDKERN_ISA=avx512bf16: no avx512bf16 path on this architecture; using neon"},
		{impls: []*Impl{generic}, env: "avx512bf16", want: "generic",
			warning: "SIMDKERN_ISA=avx512bf16: no avx512bf16 path on this architecture; using generic"},
	} {
		if tc.impls == nil {
			tc.impls = impls
		}
		im, warning, err := Choose(tc.impls, tc.env)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Choose(%q) error = %v, want %q", tc.env, err, tc.err)
			}
		case err != nil:
			t.Errorf("Choose(%q): %v", tc.env, err)
		case im.Name != tc.want || im.BF16.Dot != tc.dot:
			t.Errorf("Choose(%q) = %s (bfloat16 dot %v), want %s (%v)", tc.env, im.Name, im.BF16.Dot, tc.want, tc.dot)
		case tc.warning == "" && warning != "",
			tc.warning != "" && !strings.Contains(warning, tc.warning):
			t.Errorf("Choose(%q) warning = %q, want %q", tc.env, warning, tc.warning)
		}
	}
}

// TestLower checks that every SIMDKERN_ISA value but the empty one and
// avx512bf16 turns the bfloat16 dot products off, and nothing else.
func TestLower(t *testing.T) {
	all := cpu.Features{AVX2: true, AVX512: true, AVX512BF16: true, NEON: true}
	for _, env := range append([]string{"", "sse"}, Names...) {
		want := all
		want.AVX512BF16 = env == "" || env == BF16Dot
		if got := Lower(all, env); got != want {
			t.Errorf("Lower(%+v, %q) = %+v, want %+v", all, env, got, want)
		}
	}
	if got := Lower(cpu.Features{AVX2: true}, BF16Dot); got != (cpu.Features{AVX2: true}) {
		t.Errorf("Lower turned on %+v", got)
	}
}

func TestUse(t *testing.T) {
	a, b := &Impl{Name: "a", Runs: true}, &Impl{Name: "b", Runs: true}
	Register([]*Impl{a, b}, a)
	restore := Use(b)
	if Active() != b {
		t.Fatalf("Active() = %s after Use(b)", Active().Name)
	}
	restore()
	if Active() != a {
		t.Fatalf("Active() = %s after restore", Active().Name)
	}
	defer func() {
		if recover() == nil {
			t.Error("Use of a path the CPU cannot run did not panic")
		}
	}()
	Use(&Impl{Name: "c"})
}

func TestFor(t *testing.T) {
	dot32 := func(x, y []float32) float32 { return 32 }
	dot64 := func(x, y []float64) float64 { return 64 }
	im := &Impl{F32: Kernels[float32]{Dot: dot32}, F64: Kernels[float64]{Dot: dot64}}
	if For[float32](im).Dot(nil, nil) != 32 || For[float64](im).Dot(nil, nil) != 64 {
		t.Error("For picked the wrong element type")
	}
}
