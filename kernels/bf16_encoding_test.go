package kernels_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// encodedFiles are the generated assembly files holding byte-encoded
// instructions: the bfloat16 kernels (asm/bf16) and the probe's
// VDPBF16PS peak loop (asm/probe).
var encodedFiles = []string{"bf16_amd64.s", "../internal/probe/probe_amd64.s"}

// TestBF16Encodings decodes every instruction that encodedFiles hold as
// bytes (a comment in Intel syntax, then LONG, WORD and BYTE directives)
// with llvm-mc or binutils' objdump, and compares it with the comment.
func TestBF16Encodings(t *testing.T) {
	re := regexp.MustCompile(`(?m)^\s*// (vdpbf16ps [^\n]*)\n((?:\s*(?:LONG|WORD|BYTE)\s+\$0x[0-9a-f]+\n)+)`)
	data := regexp.MustCompile(`(LONG|WORD|BYTE)\s+\$0x([0-9a-f]+)`)
	var want []string
	var code []byte
	for _, name := range encodedFiles {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		found, directives := 0, 0
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			for _, d := range data.FindAllStringSubmatch(m[2], -1) {
				v, _ := strconv.ParseUint(d[2], 16, 32)
				switch d[1] {
				case "LONG":
					code = binary.LittleEndian.AppendUint32(code, uint32(v))
				case "WORD":
					code = binary.LittleEndian.AppendUint16(code, uint16(v))
				default:
					code = append(code, byte(v))
				}
				directives++
			}
			want = append(want, m[1])
			found++
		}
		if found == 0 {
			t.Fatalf("no byte-encoded instruction found in %s", name)
		}
		if n := len(regexp.MustCompile(`(?m)^\s*(BYTE|WORD|LONG|QUAD)\s`).FindAll(src, -1)); n != directives {
			t.Fatalf("%s has %d data directives, %d of them after a commented instruction", name, n, directives)
		}
	}
	got, tool, err := disassemble(t, code)
	if err != nil {
		t.Fatal(err)
	}
	if tool == "" {
		t.Skip("neither llvm-mc nor objdump is installed: byte-encoded instructions not checked (install binutils or llvm)")
	}
	if len(got) != len(want) {
		t.Fatalf("%s decoded %d instructions, want %d:\n%s", tool, len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if norm(got[i]) != norm(want[i]) {
			t.Errorf("instruction %d: %s decodes %q, the comment says %q", i, tool, got[i], want[i])
		}
	}
	t.Logf("%d instructions checked with %s", len(want), tool)
}

// norm lowercases s and removes its spaces.
func norm(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), "")) }

// disassemble decodes code, instructions in a row, with llvm-mc or
// objdump in Intel syntax, returning one instruction a line and the tool's
// name, or no tool if neither is installed.
func disassemble(t *testing.T, code []byte) ([]string, string, error) {
	if path, err := exec.LookPath("llvm-mc"); err == nil {
		var in strings.Builder
		for _, b := range code {
			fmt.Fprintf(&in, "0x%02x ", b)
		}
		cmd := exec.Command(path, "--disassemble", "-triple=x86_64", "-output-asm-variant=1")
		cmd.Stdin = strings.NewReader(in.String())
		out, err := cmd.CombinedOutput()
		if err != nil {
			return nil, "", fmt.Errorf("llvm-mc: %v\n%s", err, out)
		}
		var lines []string
		for _, l := range strings.Split(string(out), "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, ".") {
				lines = append(lines, l)
			}
		}
		return lines, "llvm-mc", nil
	}
	if path, err := exec.LookPath("objdump"); err == nil {
		f := filepath.Join(t.TempDir(), "code.bin")
		if err := os.WriteFile(f, code, 0o644); err != nil {
			return nil, "", err
		}
		out, err := exec.Command(path, "-D", "-b", "binary", "-m", "i386:x86-64", "-M", "intel", f).CombinedOutput()
		if err != nil {
			return nil, "", fmt.Errorf("objdump: %v\n%s", err, out)
		}
		// Lines "   0:\t62 92 2e 40 52 c0 \tvdpbf16ps zmm0,zmm26,zmm24".
		var lines []string
		for _, l := range bytes.Split(out, []byte("\n")) {
			if f := strings.Split(string(l), "\t"); len(f) == 3 && strings.HasSuffix(strings.TrimSpace(f[0]), ":") {
				lines = append(lines, strings.TrimSpace(f[2]))
			}
		}
		return lines, "objdump", nil
	}
	return nil, "", nil
}
