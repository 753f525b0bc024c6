package kernels_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/kerneltest"
	"github.com/simdkern/simdkern/kernels"
)

// TestQEMUChild is run by TestQEMU under an emulated CPU: it prints the path
// dispatch picked and checks every kernel of it on short slices.
func TestQEMUChild(t *testing.T) {
	if os.Getenv("SIMDKERN_QEMU_CHILD") == "" {
		t.Skip("run by TestQEMU")
	}
	os.Stdout.WriteString("ISA=" + kernels.ISA() + "\n")
	quickCheck(t, dispatch.For[float32](dispatch.Active()))
	quickCheck(t, dispatch.For[float64](dispatch.Active()))
}

// quickCheck checks k's vector kernels at every length that reaches each
// loop and tail of the SIMD paths, with ±0, ±∞ and NaN among the inputs.
//
// The harness cannot run under QEMU 7.2: its inputs that end at an
// unreadable page make the emulated VMASKMOVPS fault on lanes the mask
// excludes, which real CPUs never do. These slices are on the heap.
func quickCheck[T dispatch.Float](t *testing.T, k *dispatch.Kernels[T]) {
	r := rand.New(rand.NewPCG(1, 2))
	specials := []T{0, T(math.Copysign(0, -1)), T(math.Inf(1)), T(math.Inf(-1)), T(math.NaN())}
	vals := func(n int) []T {
		v := make([]T, n)
		for i := range v {
			v[i] = T(r.Float64()*2 - 1)
			if r.IntN(8) == 0 {
				v[i] = specials[r.IntN(len(specials))]
			}
		}
		return v
	}
	for n := range 200 {
		x, y, z := vals(n), vals(n), vals(n)
		dst := make([]T, n)
		errs := []error{kerneltest.CheckDot(k.Dot(x, y), x, y)}
		k.ReLU(dst, x)
		errs = append(errs, kerneltest.CheckReLU(dst, x))
		k.ReLUMask(dst, y, z)
		errs = append(errs, kerneltest.CheckReLUMask(dst, y, z))
		y0 := slices.Clone(y)
		k.Axpy(-0.75, x, y)
		errs = append(errs, kerneltest.CheckAxpy(-0.75, x, y0, y))
		rows, lda := n%5, n+n%3
		a := vals(rows * lda)
		k.ColSum(dst, a, rows, n, lda)
		errs = append(errs, kerneltest.CheckColSum(dst, a, rows, n, lda))
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
	}
}

// TestQEMU runs this test binary under qemu-x86_64-static emulating older
// CPUs: Haswell (AVX2 and FMA, no AVX-512) must get the avx2 path and
// Nehalem (SSE4.2 only) the generic path, and the kernels must give right
// results there, so no path uses an instruction its CPU check does not cover.
func TestQEMU(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes under emulation")
	}
	qemu, err := exec.LookPath("qemu-x86_64-static")
	if err != nil {
		t.Skip("qemu-x86_64-static is not on PATH")
	}
	for _, tc := range []struct{ cpu, want string }{
		{"Haswell", "avx2"},
		{"Nehalem", "generic"},
	} {
		t.Run(tc.cpu, func(t *testing.T) {
			cmd := exec.Command(qemu, "-cpu", tc.cpu, os.Args[0], "-test.run=^TestQEMUChild$", "-test.v")
			cmd.Env = append(withoutISA(os.Environ()), "SIMDKERN_QEMU_CHILD=1")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s -cpu %s: %v\n%s", qemu, tc.cpu, err, out)
			}
			isa := ""
			for line := range strings.Lines(string(out)) {
				if s, ok := strings.CutPrefix(line, "ISA="); ok {
					isa = strings.TrimSpace(s)
				}
			}
			if isa != tc.want {
				t.Errorf("-cpu %s: ISA() = %q, want %q\n%s", tc.cpu, isa, tc.want, out)
			}
		})
	}
}

// withoutISA returns env without SIMDKERN_ISA, so the child picks its path
// from the emulated CPU alone.
func withoutISA(env []string) []string {
	var r []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "SIMDKERN_ISA=") {
			r = append(r, kv)
		}
	}
	return r
}
