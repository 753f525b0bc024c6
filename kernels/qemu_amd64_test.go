//go:build amd64 && !purego

package kernels_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestQEMU runs this test binary under qemu-x86_64-static emulating older
// CPUs: Haswell (AVX2 and FMA, no AVX-512) must get the avx2 path and
// Nehalem (SSE4.2 only) the generic path, and the harness must pass on that
// path there, so no path uses an instruction its CPU check does not cover.
// (Inputs stay off unreadable pages: QEMU 7.2's VMASKMOVPS faults on lanes
// its mask excludes, which real CPUs never do.)
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
			cmd := exec.Command(qemu, "-cpu", tc.cpu, os.Args[0], "-test.run=^TestChild$", "-test.v")
			cmd.Env = append(withoutISA(os.Environ()), "SIMDKERN_TEST_CHILD=harness", "SIMDKERN_TEST_NOFENCE=1")
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
