package dispatch

import (
	"strings"
	"testing"
)

func TestChoose(t *testing.T) {
	avx512 := &Impl{Name: "avx512", Runs: false}
	avx2 := &Impl{Name: "avx2", Runs: true}
	generic := &Impl{Name: "generic", Runs: true}
	impls := []*Impl{avx512, avx2, generic}
	for _, tc := range []struct {
		env, want, warning, err string
	}{
		{env: "", want: "avx2"},
		{env: "  ", err: `SIMDKERN_ISA="  " is not a path name`},
		{env: " avx2", err: `SIMDKERN_ISA=" avx2" is not a path name`},
		{env: "avx2\n", err: `SIMDKERN_ISA="avx2\n" is not a path name`},
		{env: "avx2", want: "avx2"},
		{env: "generic", want: "generic"},
		{env: "avx512", want: "avx2", warning: "this CPU cannot run avx512; using avx2"},
		{env: "neon", want: "avx2", warning: "no neon path on this architecture; using avx2"},
		{env: "AVX2", err: `SIMDKERN_ISA="AVX2" is not a path name; want one of generic, avx2, avx512, neon`},
		{env: "sse", err: `"sse" is not a path name`},
	} {
		im, warning, err := Choose(impls, tc.env)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Choose(%q) error = %v, want %q", tc.env, err, tc.err)
			}
		case err != nil:
			t.Errorf("Choose(%q): %v", tc.env, err)
		case im.Name != tc.want:
			t.Errorf("Choose(%q) = %s, want %s", tc.env, im.Name, tc.want)
		case tc.warning == "" && warning != "",
			tc.warning != "" && !strings.Contains(warning, tc.warning):
			t.Errorf("Choose(%q) warning = %q, want %q", tc.env, warning, tc.warning)
		}
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
