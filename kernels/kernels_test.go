package kernels_test

import (
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/simdkern/simdkern/internal/cpu"
	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
	"github.com/simdkern/simdkern/kernels"
)

func TestPanics(t *testing.T) {
	f32 := make([]float32, 12)
	b16 := make([]kernels.BFloat16, 8)
	for _, tc := range []struct {
		name string
		call func()
		want string
	}{
		{"Dot lengths", func() { kernels.Dot(f32[:3], f32[:4]) }, "kernels.Dot: len(x) = 3, len(y) = 4: lengths differ"},
		{"Axpy lengths", func() { kernels.Axpy(1, f32[:5], f32[:4]) }, "kernels.Axpy: len(x) = 5, len(y) = 4: lengths differ"},
		{"ReLU lengths", func() { kernels.ReLU(f32[:2], f32[:1]) }, "kernels.ReLU: len(dst) = 2, len(x) = 1: lengths differ"},
		{"Exp lengths", func() { kernels.Exp(f32[:2], f32[:3]) }, "kernels.Exp: len(dst) = 2, len(x) = 3: lengths differ"},
		{"Sigmoid lengths", func() { kernels.Sigmoid(f32[:4], f32[:1]) }, "kernels.Sigmoid: len(dst) = 4, len(x) = 1: lengths differ"},
		{"Softmax lengths", func() { kernels.Softmax(f32[:0], f32[:1]) }, "kernels.Softmax: len(dst) = 0, len(x) = 1: lengths differ"},
		{"ReLUMask dy", func() { kernels.ReLUMask(f32[:2], f32[:3], f32[:2]) }, "kernels.ReLUMask: len(dst) = 2, len(dy) = 3: lengths differ"},
		{"ReLUMask z", func() { kernels.ReLUMask(f32[:2], f32[:2], f32[:1]) }, "kernels.ReLUMask: len(dst) = 2, len(z) = 1: lengths differ"},
		{"ColSum negative", func() { kernels.ColSum(f32, f32, -1, 2, 2) }, "kernels.ColSum: a is -1×2: negative size"},
		{"ColSum lda", func() { kernels.ColSum(f32, f32, 2, 3, 2) }, "kernels.ColSum: a is 2×3 with lda = 2: lda < 3"},
		{"ColSum short a", func() { kernels.ColSum(f32, f32[:10], 3, 4, 4) }, "kernels.ColSum: a is 3×4 with lda = 4: len(a) = 10, want ≥ 12"},
		{"ColSum short dst", func() { kernels.ColSum(f32[:3], f32, 3, 4, 4) }, "kernels.ColSum: len(dst) = 3, want ≥ cols = 4"},
		{"ColSum overflow", func() { kernels.ColSum(f32, f32, math.MaxInt/2, 4, 8) }, fmt.Sprintf("kernels.ColSum: a is %d×4 with lda = 8: too large", math.MaxInt/2)},
		{"Gemm negative", func() { kernels.Gemm(false, false, 2, -1, 2, 1, f32, 2, f32, 2, 0, f32, 2) }, "kernels.Gemm: m = 2, n = -1, k = 2: negative size"},
		{"Gemm lda transA", func() { kernels.Gemm(true, false, 3, 2, 2, 1, f32, 2, f32, 2, 0, f32, 2) }, "kernels.Gemm: a is 2×3 with lda = 2: lda < 3"},
		{"Gemm short b", func() { kernels.Gemm(false, true, 2, 4, 3, 1, f32, 3, f32[:11], 3, 0, f32, 4) }, "kernels.Gemm: b is 4×3 with ldb = 3: len(b) = 11, want ≥ 12"},
		{"Gemm ldc", func() { kernels.Gemm(false, false, 2, 3, 1, 1, f32, 1, f32, 3, 0, f32, 2) }, "kernels.Gemm: c is 2×3 with ldc = 2: ldc < 3"},
		{"Gemm short c", func() { kernels.Gemm(false, false, 3, 4, 1, 1, f32, 1, f32, 4, 0, f32[:11], 4) }, "kernels.Gemm: c is 3×4 with ldc = 4: len(c) = 11, want ≥ 12"},
		{"Axpy overlap", func() { kernels.Axpy(1, f32[0:7], f32[1:8]) }, "kernels.Axpy: y and x overlap"},
		{"Axpy overlap before", func() { kernels.Axpy(1, f32[3:9], f32[0:6]) }, "kernels.Axpy: y and x overlap"},
		{"ReLU overlap", func() { kernels.ReLU(f32[2:6], f32[0:4]) }, "kernels.ReLU: dst and x overlap"},
		{"Exp overlap", func() { kernels.Exp(f32[1:5], f32[0:4]) }, "kernels.Exp: dst and x overlap"},
		{"Sigmoid overlap", func() { kernels.Sigmoid(f32[0:4], f32[3:7]) }, "kernels.Sigmoid: dst and x overlap"},
		{"Softmax overlap", func() { kernels.Softmax(f32[2:8], f32[0:6]) }, "kernels.Softmax: dst and x overlap"},
		{"ReLUMask dy overlap", func() { kernels.ReLUMask(f32[0:4], f32[1:5], f32[8:12]) }, "kernels.ReLUMask: dst and dy overlap"},
		{"ReLUMask z overlap", func() { kernels.ReLUMask(f32[4:8], f32[4:8], f32[5:9]) }, "kernels.ReLUMask: dst and z overlap"},
		{"ColSum overlap", func() { kernels.ColSum(f32[5:], f32, 3, 3, 3) }, "kernels.ColSum: dst and a overlap"},
		{"Gemm c is a", func() { kernels.Gemm(false, false, 2, 2, 2, 1, f32, 2, f32[6:], 2, 0, f32, 2) }, "kernels.Gemm: c and a overlap"},
		{"Gemm c overlaps b", func() { kernels.Gemm(false, true, 2, 2, 2, 1, f32, 2, f32[5:], 2, 0, f32[6:], 2) }, "kernels.Gemm: c and b overlap"},
		{"GemmBF16B negative", func() { kernels.GemmBF16B(false, false, 2, -1, 2, 1, f32, 2, b16, 2, 0, f32, 2) }, "kernels.GemmBF16B: m = 2, n = -1, k = 2: negative size"},
		{"GemmBF16B lda transA", func() { kernels.GemmBF16B(true, false, 3, 2, 2, 1, f32, 2, b16, 2, 0, f32, 2) }, "kernels.GemmBF16B: a is 2×3 with lda = 2: lda < 3"},
		{"GemmBF16B short b", func() { kernels.GemmBF16B(false, true, 2, 3, 2, 1, f32, 2, b16[:5], 2, 0, f32, 3) }, "kernels.GemmBF16B: b is 3×2 with ldb = 2: len(b) = 5, want ≥ 6"},
		{"GemmBF16B short c", func() { kernels.GemmBF16B(false, false, 1, 3, 1, 1, f32, 1, b16, 3, 0, f32[:2], 3) }, "kernels.GemmBF16B: c is 1×3 with ldc = 3: len(c) = 2, want ≥ 3"},
		{"GemmBF16B c is a", func() { kernels.GemmBF16B(false, false, 1, 2, 2, 1, f32, 2, b16, 2, 0, f32[1:], 2) }, "kernels.GemmBF16B: c and a overlap"},
		{"GemmBF16B c overlaps b", func() {
			kernels.GemmBF16B(false, false, 1, 2, 2, 1, f32[4:], 2, unsafe.Slice((*kernels.BFloat16)(unsafe.Pointer(&f32[1])), 4), 2, 0, f32[:2], 2)
		}, "kernels.GemmBF16B: c and b overlap"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				err, _ := recover().(error)
				if err == nil || err.Error() != tc.want {
					t.Errorf("panic %v, want an error %q", err, tc.want)
				}
			}()
			tc.call()
		})
	}
}

// TestAliasing checks the exact aliasing the docs allow, and that matrices
// interleaved in one buffer (blocks of columns of a larger matrix) are not
// taken for overlapping ones.
func TestAliasing(t *testing.T) {
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		x := []float64{-1, 2, -3, 4}
		kernels.ReLU(x, x)
		if !slices.Equal(x, []float64{0, 2, 0, 4}) {
			t.Errorf("ReLU(x, x) = %v", x)
		}
		dy, z := []float64{1, 2, 3, 4}, []float64{1, -1, 1, -1}
		kernels.ReLUMask(dy, dy, z)
		kernels.ReLUMask(z, dy, z)
		if !slices.Equal(z, []float64{1, 0, 3, 0}) {
			t.Errorf("ReLUMask(z, dy, z) after ReLUMask(dy, dy, z) = %v", z)
		}
		y := []float32{1, 2}
		kernels.Axpy(2, y, y)
		if !slices.Equal(y, []float32{3, 6}) {
			t.Errorf("Axpy(2, y, y) = %v", y)
		}
		// One 2×4 buffer: A is its first two columns, C its last two.
		buf := []float32{1, 2, 0, 0, 3, 4, 0, 0}
		b := []float32{1, 0, 0, 1}
		kernels.Gemm(false, false, 2, 2, 2, 1, buf, 4, b, 2, 0, buf[2:], 4)
		if !slices.Equal(buf, []float32{1, 2, 1, 2, 3, 4, 3, 4}) {
			t.Errorf("Gemm of interleaved blocks: %v", buf)
		}
	})
}

// TestExtremeScalars checks that alpha scales the finished sum on every
// path, at every size: scaling A or B first would overflow to +Inf here.
func TestExtremeScalars(t *testing.T) {
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		c := []float32{0}
		kernels.Gemm(false, false, 1, 1, 1, 1e30, []float32{1e10}, 1, []float32{1e-30}, 1, 0, c, 1)
		if c[0] != 1e10 {
			t.Errorf("1×1×1, alpha = 1e30, A = 1e10, B = 1e-30: C = %v, want 1e10", c[0])
		}
		for _, n := range []int{8, 40} {
			for layout := range 4 {
				ta, tb := layout&2 != 0, layout&1 != 0
				a, b, c := make([]float32, n*n), make([]float32, n*n), make([]float32, n*n)
				for i := range a {
					a[i], b[i] = 1e10, 1e-30
				}
				kernels.Gemm(ta, tb, n, n, n, 1e30, a, n, b, n, 0, c, n)
				want := float32(n) * 1e10
				for i, v := range c {
					if math.Abs(float64(v-want)) > 1e-5*float64(want) {
						t.Fatalf("%d³ layout %d: C[%d] = %v, want %v", n, layout, i, v, want)
					}
				}
			}
		}
	})
}

func TestZeroSizes(t *testing.T) {
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		if got := kernels.Dot[float64](nil, nil); got != 0 || math.Signbit(got) {
			t.Errorf("Dot(nil, nil) = %v, want +0", got)
		}
		kernels.Axpy[float32](2, nil, nil)
		kernels.ReLU[float32](nil, nil)
		kernels.ReLUMask[float64](nil, nil, nil)
		dst := []float32{7, 7, 7, 7}
		kernels.ColSum(dst, nil, 0, 3, 3)
		if dst[0] != 0 || dst[1] != 0 || dst[2] != 0 || math.Signbit(float64(dst[0])) || dst[3] != 7 {
			t.Errorf("ColSum of 0 rows: dst = %v, want [0 0 0 7]", dst)
		}
		kernels.ColSum[float32](nil, nil, 5, 0, 0)
		kernels.ColSum[float32](nil, nil, 2, 0, 1)
		kernels.ColSum[float64](nil, nil, 1<<30, 0, 1) // returns at once, not after 2³⁰ rows
		kernels.ColSum(dst[:0], nil, 0, 0, 0)
		kernels.Gemm[float64](false, false, 0, 0, 0, 1, nil, 0, nil, 0, 0, nil, 0)
	})
}

// TestGemmShortcuts checks the cases the public Gemm handles itself: m or n
// zero touches nothing, k == 0 or alpha == 0 scales C by beta without reading
// A or B, and beta == 0 never reads C.
func TestGemmShortcuts(t *testing.T) {
	nan := math.NaN()
	a := []float64{nan, nan, nan, nan}
	b := []float64{nan, nan, nan, nan}
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		for _, tc := range []struct {
			name        string
			m, n, k     int
			alpha, beta float64
			c, want     []float64
		}{
			{"m=0", 0, 2, 2, 1, 0, []float64{nan, 5}, []float64{nan, 5}},
			{"k=0 beta=2", 1, 2, 0, 1, 2, []float64{1.5, -3, 9}, []float64{3, -6, 9}},
			{"k=0 beta=0", 1, 2, 0, 1, 0, []float64{nan, math.Inf(1), 9}, []float64{0, 0, 9}},
			{"alpha=0 beta=1", 1, 2, 2, 0, 1, []float64{1, 2, 9}, []float64{1, 2, 9}},
			{"alpha=0 beta=-0.5", 1, 2, 2, 0, -0.5, []float64{1, 2, 9}, []float64{-0.5, -1, 9}},
		} {
			c := append([]float64(nil), tc.c...)
			kernels.Gemm(false, false, tc.m, tc.n, tc.k, tc.alpha, a, 2, b, 2, tc.beta, c, 2)
			for i := range c {
				if math.Float64bits(c[i]) != math.Float64bits(tc.want[i]) && !(math.IsNaN(c[i]) && math.IsNaN(tc.want[i])) {
					t.Errorf("%s: c = %v, want %v", tc.name, c, tc.want)
					break
				}
			}
		}
		// beta == 0 with k > 0: NaN in C must not propagate.
		c := []float32{float32(nan), float32(nan)}
		kernels.Gemm(false, false, 1, 2, 1, 2, []float32{3}, 1, []float32{1, -1}, 2, 0, c, 2)
		if c[0] != 6 || c[1] != -6 {
			t.Errorf("beta=0 over NaN C: c = %v, want [6 -6]", c)
		}
	})
}

// TestISA checks that with SIMDKERN_ISA unset the best path this CPU runs is
// active.
func TestISA(t *testing.T) {
	if os.Getenv("SIMDKERN_ISA") != "" {
		t.Skip("SIMDKERN_ISA is set")
	}
	if best := dispatch.Runnable()[0].Name; kernels.ISA() != best {
		t.Errorf("ISA() = %s, want %s", kernels.ISA(), best)
	}
}

// TestChild is run by TestISAEnv and TestQEMU in a child process: it prints
// the path dispatch picked, whether GemmBF16 runs on bfloat16 dot products
// and whether it flushed a subnormal input, and, with
// SIMDKERN_TEST_CHILD=harness, runs the harness on that path.
func TestChild(t *testing.T) {
	mode := os.Getenv("SIMDKERN_TEST_CHILD")
	if mode == "" {
		t.Skip("run by TestISAEnv and TestQEMU")
	}
	os.Stdout.WriteString("ISA=" + kernels.ISA() + "\n")
	if x := []float32{1, 2, 3}; kernels.Dot(x, x) != 14 {
		t.Fatalf("Dot(x, x) = %v, want 14", kernels.Dot(x, x))
	}
	// The smallest subnormal bfloat16 (2⁻¹³³) times 1: widened to float32,
	// 2⁻¹³³; on VDPBF16PS, which treats subnormal inputs as zero, 0.
	c := []float32{-1}
	kernels.GemmBF16(false, false, 1, 1, 1, 1, []kernels.BFloat16{1}, 1, []kernels.BFloat16{kernels.BFloat16Of(1)}, 1, 0, c, 1)
	fmt.Printf("BF16DOT=%v\nBF16FLUSH=%v\n", kernels.GemmBF16Dot(), c[0] == 0)
	if mode == "harness" {
		kerneltest.Run(t, dispatch.Active())
	}
}

// TestISAEnv runs this test binary with SIMDKERN_ISA set: every name lowers
// the path or warns, and a misspelled one stops the program with a message.
// avx512bf16 keeps GemmBF16 on the bfloat16 dot products where the CPU has
// them; every other name turns them off.
func TestISAEnv(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	type result struct {
		isa, stderr string
		failed      bool
		// dot is GemmBF16Dot, flush whether GemmBF16 flushed a subnormal
		// input to zero (on VDPBF16PS).
		dot, flush bool
	}
	run := func(env string) result {
		cmd := self(t, "-test.run=^TestChild$", "-test.v")
		cmd.Env = append(os.Environ(), "SIMDKERN_TEST_CHILD=1", "SIMDKERN_ISA="+env)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		r := result{stderr: stderr.String(), failed: err != nil}
		for line := range strings.Lines(string(out)) {
			key, value, _ := strings.Cut(strings.TrimSpace(line), "=")
			switch key {
			case "ISA":
				r.isa = value
			case "BF16DOT":
				r.dot = value == "true"
			case "BF16FLUSH":
				r.flush = value == "true"
			}
		}
		return r
	}
	best := dispatch.Runnable()[0].Name
	// dotHere: this build has the avx512 path and this CPU AVX512_BF16.
	dotHere := findPath("avx512") != nil && cpu.Detect().AVX512BF16
	results := map[string]result{}
	for _, name := range dispatch.Names {
		r := run(name)
		results[name] = r
		want, runs := name, findPath(name) != nil && findPath(name).Runs
		if name == dispatch.BF16Dot {
			want, runs = "avx512", dotHere
		}
		switch {
		case r.failed:
			t.Errorf("SIMDKERN_ISA=%s: child failed: %s", name, r.stderr)
		case runs:
			if r.isa != want || r.stderr != "" {
				t.Errorf("SIMDKERN_ISA=%s: ISA() = %q, stderr %q; want %s and no warning", name, r.isa, r.stderr, want)
			}
		default:
			if r.isa == "" || !strings.Contains(r.stderr, "SIMDKERN_ISA="+name) {
				t.Errorf("SIMDKERN_ISA=%s (not runnable here): ISA() = %q, stderr %q; want a fallback and a warning", name, r.isa, r.stderr)
			}
		}
	}
	r := run("")
	results[""] = r
	if r.isa != best {
		t.Errorf("SIMDKERN_ISA empty: ISA() = %q, want %s", r.isa, best)
	}
	r = run("avx-512")
	if !r.failed || !strings.Contains(r.stderr, `SIMDKERN_ISA="avx-512" is not a path name`) {
		t.Errorf("SIMDKERN_ISA=avx-512: failed = %v, stderr %q; want a failure naming the value", r.failed, r.stderr)
	}
	t.Run("GemmBF16Dot", func(t *testing.T) {
		for env, r := range results {
			if r.failed {
				continue // reported above
			}
			want := dotHere && (env == "" || env == dispatch.BF16Dot)
			if r.dot != want || r.flush != want {
				t.Errorf("SIMDKERN_ISA=%s: GemmBF16Dot() = %v, subnormal input flushed %v; want %v", env, r.dot, r.flush, want)
			}
		}
		if !dotHere {
			t.Skip("no avx512 path with AVX512_BF16 here (CPU or build): no SIMDKERN_ISA value runs the bfloat16 dot products")
		}
		if r := results["avx512"]; r.isa != "avx512" || r.dot {
			t.Errorf("SIMDKERN_ISA=avx512: ISA() = %q, GemmBF16Dot() = %v; want avx512 on the widening route", r.isa, r.dot)
		}
	})
}

// self returns a command that runs this test binary again with args:
// directly, or, when this host cannot run it (go test -exec
// qemu-aarch64-static on another architecture), under the same kind of
// emulator, qemu-<arch>-static from PATH. Without one the test is skipped.
func self(t *testing.T, args ...string) *exec.Cmd {
	err := exec.Command(os.Args[0], "-test.list=^$").Run()
	if err == nil {
		return exec.Command(os.Args[0], args...)
	}
	if !errors.Is(err, syscall.ENOEXEC) {
		t.Fatalf("running this test binary again: %v", err)
	}
	qemuArch := map[string]string{"arm64": "aarch64", "amd64": "x86_64", "386": "i386"}[runtime.GOARCH]
	if qemuArch == "" {
		qemuArch = runtime.GOARCH
	}
	qemu, lerr := exec.LookPath("qemu-" + qemuArch + "-static")
	if lerr != nil {
		t.Skipf("this host cannot run the %s test binary again (%v) and has no emulator: %v", runtime.GOARCH, err, lerr)
	}
	return exec.Command(qemu, append([]string{os.Args[0]}, args...)...)
}

func findPath(name string) *dispatch.Impl {
	for _, im := range dispatch.All() {
		if im.Name == name {
			return im
		}
	}
	return nil
}
