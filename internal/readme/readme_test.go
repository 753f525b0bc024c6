package readme

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestREADME builds and runs every ```go block of the module's README as a
// program of its own against this module, and compares what it prints with
// the lines after "// Output:" at the end of the block.
func TestREADME(t *testing.T) {
	if testing.Short() {
		t.Skip("builds programs with the go command")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := goBlocks(string(readme))
	if len(blocks) == 0 {
		t.Fatal("README has no ```go block")
	}
	for i, src := range blocks {
		if !strings.HasPrefix(src, "package main\n") {
			t.Errorf("README Go block %d is not a whole program (package main):\n%s", i+1, src)
			continue
		}
		dir := t.TempDir()
		mod := "module readme\n\ngo 1.26\n\nrequire github.com/simdkern/simdkern v0.0.0\n\nreplace github.com/simdkern/simdkern => " + root + "\n"
		for name, data := range map[string][]byte{"go.mod": []byte(mod), "go.sum": sum, "main.go": []byte(src)} {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		cmd := exec.Command(gobin, "run", ".")
		cmd.Dir = dir
		cmd.Env = append(hostEnv(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOSUMDB=off", "GOWORK=off")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Errorf("README Go block %d: go run: %v\n%s", i+1, err, stderr.String())
			continue
		}
		if want, ok := wantOutput(src); ok && strings.TrimSpace(string(out)) != want {
			t.Errorf("README Go block %d prints\n%s\nwant\n%s", i+1, out, want)
		}
	}
}

// hostEnv returns the environment without GOOS and GOARCH, so that go run
// builds for the machine it runs on even when this test runs under an
// emulator for another one (go test -exec qemu-aarch64-static).
func hostEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOOS=") && !strings.HasPrefix(kv, "GOARCH=") {
			env = append(env, kv)
		}
	}
	return env
}

// goBlocks returns the contents of the ```go fenced blocks of md.
func goBlocks(md string) []string {
	var blocks []string
	for {
		_, rest, ok := strings.Cut(md, "```go\n")
		if !ok {
			return blocks
		}
		block, after, _ := strings.Cut(rest, "```")
		blocks = append(blocks, block)
		md = after
	}
}

// wantOutput returns the comment lines after a "// Output:" line of src,
// without their comment markers, as an Example's output.
func wantOutput(src string) (string, bool) {
	_, out, ok := strings.Cut(src, "// Output:\n")
	if !ok {
		return "", false
	}
	var lines []string
	for line := range strings.Lines(out) {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "//") {
			break
		}
		lines = append(lines, strings.TrimSpace(strings.TrimPrefix(line, "//")))
	}
	return strings.Join(lines, "\n"), true
}
