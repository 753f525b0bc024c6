package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/simdkern/simdkern/asm/neon/neontest"
)

// TestWords decodes every WORD the generator emits and compares it with the
// instruction its comment names.
func TestWords(t *testing.T) {
	dir := t.TempDir()
	s := filepath.Join(dir, "x_arm64.s")
	if err := generate("kernels").Write(s, filepath.Join(dir, "x_stubs_arm64.go"), "test"); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(s)
	if err != nil {
		t.Fatal(err)
	}
	n, err := neontest.CheckWords(src)
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no WORD checked")
	}
	t.Logf("%d WORDs decoded", n)
}
