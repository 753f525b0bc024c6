// Package neontest checks the WORD-encoded instructions of generated arm64
// assembly: each is decoded with golang.org/x/arch/arm64/arm64asm and must
// be the instruction its comment names.
package neontest

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/simdkern/simdkern/asm/neon"
	"golang.org/x/arch/arm64/arm64asm"
)

// CheckWords decodes every "WORD $0x… // instruction" line of the assembly
// src and compares the decoded instruction, in GNU syntax, with the comment.
// It returns the number of WORDs checked and the first mismatch.
func CheckWords(src []byte) (int, error) {
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(src))
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || fields[0] != "WORD" {
			continue
		}
		if len(fields) < 4 || fields[2] != "//" {
			return n, fmt.Errorf("line %d: %q: want WORD $0x… // instruction", line, sc.Text())
		}
		enc, err := strconv.ParseUint(strings.TrimPrefix(fields[1], "$0x"), 16, 32)
		if err != nil {
			return n, fmt.Errorf("line %d: %q: %v", line, sc.Text(), err)
		}
		want := strings.Join(fields[3:], " ")
		got, err := Decode(uint32(enc))
		if err != nil {
			return n, fmt.Errorf("line %d: %#08x (%s) does not decode: %v", line, enc, want, err)
		}
		if got != Normalize(want) {
			return n, fmt.Errorf("line %d: %#08x decodes as %q, the comment says %q", line, enc, got, want)
		}
		n++
	}
	return n, sc.Err()
}

// Decode returns the instruction encoded by enc in GNU syntax.
func Decode(enc uint32) (string, error) {
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], enc)
	inst, err := arm64asm.Decode(b[:])
	if err != nil {
		return "", err
	}
	return arm64asm.GNUSyntax(inst), nil
}

// Normalize spells an instruction in standard syntax as arm64asm's GNU
// syntax does: the zero of the compares against zero is #0 there, #0.0 in
// the Arm manual and in GNU objdump.
func Normalize(std string) string { return strings.ReplaceAll(std, ", #0.0", ", #0") }

// CheckGenerator writes what generate makes into a temporary directory and
// checks every WORD of its assembly with CheckWords; it fails t if there is
// none.
func CheckGenerator(t testing.TB, generate func(pkg string) *neon.File) {
	t.Helper()
	dir := t.TempDir()
	s := filepath.Join(dir, "x_arm64.s")
	if err := generate("kernels").Write(s, filepath.Join(dir, "x_stubs_arm64.go"), "test"); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(s)
	if err != nil {
		t.Fatal(err)
	}
	n, err := CheckWords(src)
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no WORD checked")
	}
	t.Logf("%d WORDs decoded", n)
}
