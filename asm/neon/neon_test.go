package neon_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/simdkern/simdkern/asm/neon"
	"github.com/simdkern/simdkern/asm/neon/neontest"
)

// generate writes f and returns its assembly and declarations.
func generate(t *testing.T, f *neon.File) (s, stubs string) {
	t.Helper()
	dir := t.TempDir()
	sf, gf := filepath.Join(dir, "x_arm64.s"), filepath.Join(dir, "x_stubs_arm64.go")
	if err := f.Write(sf, gf, "test"); err != nil {
		t.Fatal(err)
	}
	sb, err := os.ReadFile(sf)
	if err != nil {
		t.Fatal(err)
	}
	gb, err := os.ReadFile(gf)
	if err != nil {
		t.Fatal(err)
	}
	return string(sb), string(gb)
}

// TestWordEncodings emits every WORD instruction with every register in
// each operand position, every arrangement it takes and every lane, and
// decodes them all.
func TestWordEncodings(t *testing.T) {
	f := neon.NewFile("p", "")
	fn := f.Func("words", "func()")
	want := 0
	for _, a := range []neon.Arrangement{neon.S2, neon.S4, neon.D2} {
		for r := range 32 {
			// r in each position in turn, the other two elsewhere.
			regs := [][3]int{{r, (r + 7) % 32, (r + 19) % 32}, {(r + 5) % 32, r, (r + 11) % 32}, {(r + 3) % 32, (r + 29) % 32, r}}
			for _, p := range regs {
				m, n, d := neon.V(p[0]).As(a), neon.V(p[1]).As(a), neon.V(p[2]).As(a)
				fn.FADD(m, n, d)
				fn.FMUL(m, n, d)
				fn.FADDP(m, n, d)
				fn.FCMGTZero(n, d)
				fn.FCMLEZero(n, d)
				fn.FCMEQ(m, n, d)
				want += 6
				size := 4
				if a == neon.D2 {
					size = 8
				}
				for i := range 16 / size { // any lane of m's 128 bits
					fn.FMLAElem(m.Reg.Lane(size, i), n, d)
					want++
				}
			}
		}
	}
	for r := range 32 {
		fn.FADDPScalar(neon.V((r+9)%32).As(neon.S2), neon.V(r).Scalar(4))
		fn.FADDPScalar(neon.V((r+9)%32).As(neon.D2), neon.V(r).Scalar(8))
		want += 2
	}
	s, _ := generate(t, f)
	n, err := neontest.CheckWords([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	if n != want {
		t.Fatalf("checked %d WORDs, emitted %d", n, want)
	}
}

// TestCheckWordsCatches checks that the encoding test fails on a wrong
// WORD, a comment that names another instruction, and an undecodable word.
func TestCheckWordsCatches(t *testing.T) {
	for _, src := range []string{
		"\tWORD    $0x4e23d441 // fadd v1.4s, v2.4s, v4.4s\n", // another register
		"\tWORD    $0x6e23dc41 // fadd v1.4s, v2.4s, v3.4s\n", // fmul
		"\tWORD    $0x4fbc1b03 // fmla v3.4s, v24.4s, v28.s[2]\n",
		"\tWORD    $0x00000000 // udf #0\n",
		"\tWORD    $0x4e23d441\n",
	} {
		if _, err := neontest.CheckWords([]byte(src)); err == nil {
			t.Errorf("CheckWords(%q) passed", src)
		}
	}
	if n, err := neontest.CheckWords([]byte("\tWORD    $0x4e23d441 // fadd v1.4s, v2.4s, v3.4s\n")); n != 1 || err != nil {
		t.Errorf("a right WORD: %d checked, error %v", n, err)
	}
}

// TestFrame checks the argument layout against the one the Go compiler
// uses (which go vet's asmdecl also checks on the generated files).
func TestFrame(t *testing.T) {
	f := neon.NewFile("p", "!purego")
	dot := f.Func("dot", "func(x, y []float32) float32", "dot is a test.")
	axpy := f.Func("axpy", "func(alpha float64, x, y []float64)")
	gemm := f.Func("gemm", "func(k int, a []float32, as int, b []float32, bs int, c []float32, ldc int, alpha, beta float32)")
	for _, tc := range []struct {
		arg  neon.Arg
		want string
	}{
		{dot.Base("x"), "x_base+0(FP)"},
		{dot.Len("x"), "x_len+8(FP)"},
		{dot.Base("y"), "y_base+24(FP)"},
		{dot.Param("ret"), "ret+48(FP)"},
		{axpy.Param("alpha"), "alpha+0(FP)"},
		{axpy.Base("x"), "x_base+8(FP)"},
		{axpy.Base("y"), "y_base+32(FP)"},
		{gemm.Param("alpha"), "alpha+104(FP)"},
		{gemm.Param("beta"), "beta+108(FP)"},
	} {
		fn := f.Func("use", "func()")
		fn.MOVD(tc.arg, neon.R(0))
		s, _ := generate(t, f)
		if !strings.Contains(s, "MOVD    "+tc.want+", R0") {
			t.Errorf("argument at %s: not in\n%s", tc.want, s)
		}
	}
	s, stubs := generate(t, f)
	for _, want := range []string{"TEXT ·dot(SB), NOSPLIT, $0-52", "TEXT ·axpy(SB), NOSPLIT, $0-56", "TEXT ·gemm(SB), NOSPLIT, $0-112"} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in\n%s", want, s)
		}
	}
	for _, want := range []string{"//go:build !purego", "// dot is a test.\n//\n//go:noescape\nfunc dot(x []float32, y []float32) float32\n"} {
		if !strings.Contains(stubs, want) {
			t.Errorf("missing %q in\n%s", want, stubs)
		}
	}
}

// TestPanics checks that operands the instructions cannot take are refused
// when generating, not at run time.
func TestPanics(t *testing.T) {
	fn := neon.NewFile("p", "").Func("f", "func()")
	for name, f := range map[string]func(){
		"R18":                 func() { neon.R(18) },
		"V32":                 func() { neon.V(32) },
		"lane 4 of S":         func() { neon.V(0).Lane(4, 4) },
		"lane 2 of D":         func() { neon.V(0).Lane(8, 2) },
		"fadd 16b":            func() { fn.FADD(neon.V(0).B16(), neon.V(1).B16(), neon.V(2).B16()) },
		"fadd mixed":          func() { fn.FADD(neon.V(0).As(neon.S4), neon.V(1).As(neon.D2), neon.V(2).As(neon.S4)) },
		"fmla lane size":      func() { fn.FMLAElem(neon.V(0).Lane(8, 1), neon.V(1).As(neon.S4), neon.V(2).As(neon.S4)) },
		"faddp scalar arr":    func() { fn.FADDPScalar(neon.V(0).As(neon.S4), neon.V(1).Scalar(4)) },
		"list not contiguous": func() { fn.VLD1(neon.Mem(neon.R(0)), neon.V(0).As(neon.S4), neon.V(2).As(neon.S4)) },
		"list of five": func() {
			fn.VLD1(neon.Mem(neon.R(0)), neon.V(0).As(neon.S4), neon.V(1).As(neon.S4), neon.V(2).As(neon.S4), neon.V(3).As(neon.S4), neon.V(4).As(neon.S4))
		},
		"bad signature": func() { neon.NewFile("p", "").Func("g", "func(x map[int]int)") },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

// TestCommittedWords decodes every WORD of the committed arm64 assembly of
// package kernels: what ships, not only what the generators emit now.
func TestCommittedWords(t *testing.T) {
	files, err := filepath.Glob("../../kernels/*_arm64.s")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 2 {
		t.Fatalf("arm64 assembly files %v: want vector and gemm", files)
	}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		n, err := neontest.CheckWords(src)
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if n == 0 {
			t.Errorf("%s: no WORD", name)
		}
		t.Logf("%s: %d WORDs decoded", filepath.Base(name), n)
	}
}
