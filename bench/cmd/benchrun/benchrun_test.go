package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// chunks is a reader that returns its chunks one per Read, as a pipe does
// while a benchmark runs.
type chunks []string

func (c *chunks) Read(p []byte) (int, error) {
	if len(*c) == 0 {
		return 0, io.EOF
	}
	n := copy(p, (*c)[0])
	*c = (*c)[1:]
	return n, nil
}

func TestProgressScan(t *testing.T) {
	in := chunks{
		"goos: linux\ncpu: X\nBenchmarkDot/f32/impl=avx512/n=64  \t",
		"  100\t  12.5 ns/op\t  40.96 GB/s\t  0 B/op\t  0 allocs/op\n",
		"BenchmarkGemm\n",
		"BenchmarkGemm/f32/impl=generic/n=64 \t",
		"     10\t 1000 ns/op\t 0.5 GFLOP/s\n--- BENCH: BenchmarkGemm/f32\n    x_test.go:1: core SkylakeX\nPASS",
	}
	var raw, shown bytes.Buffer
	p := newProgress(&shown, 2)
	p.startRound(1)
	if err := p.scan(&in, &raw); err != nil {
		t.Fatal(err)
	}
	if got, want := raw.String(), strings.Join(chunks{
		"goos: linux\ncpu: X\nBenchmarkDot/f32/impl=avx512/n=64  \t",
		"  100\t  12.5 ns/op\t  40.96 GB/s\t  0 B/op\t  0 allocs/op\n",
		"BenchmarkGemm\n",
		"BenchmarkGemm/f32/impl=generic/n=64 \t",
		"     10\t 1000 ns/op\t 0.5 GFLOP/s\n--- BENCH: BenchmarkGemm/f32\n    x_test.go:1: core SkylakeX\nPASS\n",
	}, ""); got != want {
		t.Errorf("raw output:\n%s\nwant:\n%s", got, want)
	}
	if p.done != 2 {
		t.Errorf("done = %d, want 2", p.done)
	}
	want := []string{
		"[   1/?] round 1/2  BenchmarkDot/f32/impl=avx512/n=64  12.5 ns/op  40.96 GB/s",
		"[   2/?] round 1/2  BenchmarkGemm/f32/impl=generic/n=64  1000 ns/op  0.5 GFLOP/s",
		"--- BENCH: BenchmarkGemm/f32",
		"    x_test.go:1: core SkylakeX",
	}
	if got := strings.Split(strings.TrimSpace(shown.String()), "\n"); !slices.Equal(got, want) {
		t.Errorf("progress:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRunningName(t *testing.T) {
	for _, c := range []struct {
		in   string
		name string
		ok   bool
	}{
		{"BenchmarkDot/f32/impl=avx2/n=4096   \t", "BenchmarkDot/f32/impl=avx2/n=4096", true},
		{"", "", false},
		{"    log line", "", false},
	} {
		if name, ok := runningName([]byte(c.in)); name != c.name || ok != c.ok {
			t.Errorf("runningName(%q) = %q, %v; want %q, %v", c.in, name, ok, c.name, c.ok)
		}
	}
}

func TestColumnOrder(t *testing.T) {
	for _, c := range []struct{ in, want []string }{
		{[]string{"avx512", "avx2", "generic", "naive", "gonum"}, []string{"generic", "avx512", "avx2", "naive", "gonum"}},
		{[]string{"generic", "avx2"}, []string{"generic", "avx2"}},
		{[]string{"gonum", "numpy"}, []string{"gonum", "numpy"}},
		{nil, nil},
	} {
		if got := columnOrder(c.in); !slices.Equal(got, c.want) {
			t.Errorf("columnOrder(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestReadResults(t *testing.T) {
	raw := `# run {"Rounds":8,"CPU":"AMD EPYC"}
# ceiling {"Name":"L1 read","ISA":"avx512","Bytes":16384,"Value":300,"Unit":"GB/s"}
goos: linux
BenchmarkDot/f32/impl=avx512/n=64 	 100	 10 ns/op	 51.2 GB/s	 0 B/op	 0 allocs/op
BenchmarkDot/f32/impl=generic/n=64 	 100	 40 ns/op	 12.8 GB/s	 0 B/op	 0 allocs/op
BenchmarkDot/f32/impl=avx512/n=64 	 100	 30 ns/op	 17 GB/s	 0 B/op	 0 allocs/op
BenchmarkDot/f32/impl=avx512/n=64 	 100	 20 ns/op	 25.6 GB/s	 0 B/op	 0 allocs/op
BenchmarkSoftmaxCESpeedup/samples=3/classes=3 	 1	 50 ns/op	 10 ns-combined/op	 40 ns-separate/op	 4 x-vs-combined
BenchmarkSoftmaxCESpeedup/samples=3/classes=3/impl=numpy 	 1	 50 ns/op	 3.6 x-vs-combined
`
	name := filepath.Join(t.TempDir(), "raw.txt")
	if err := os.WriteFile(name, []byte(raw), 0o644); err != nil {
		t.Fatal(err)
	}
	rs, impls, err := readResults(name)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"avx512", "generic", "numpy"}; !slices.Equal(impls, want) {
		t.Errorf("impls = %q, want %q", impls, want)
	}
	if len(rs) != 4 {
		t.Fatalf("%d results, want 4", len(rs))
	}
	r := rs[0]
	if r.name != "Dot/f32/n=64" || r.impl != "avx512" || r.values["sec/op"] != 20e-9 || r.key("n") != "64" || !r.has("f32") {
		t.Errorf("first result = %+v", r)
	}
	if x, ok := bytesPerOp(r); !ok || x != 512 {
		t.Errorf("bytesPerOp = %g, %v; want 512 (25.6 GB/s × 20 ns)", x, ok)
	}
	if got := noImpl(rs); !slices.Equal(got, []string{"SoftmaxCESpeedup"}) {
		t.Errorf("noImpl = %q", got)
	}
	ri, cs, err := readRaw(name)
	if err != nil || len(cs) != 1 || cs[0].Value != 300 || cs[0].Bytes != 16384 || ri.Rounds != 8 || ri.CPU != "AMD EPYC" {
		t.Errorf("readRaw = %+v, %+v, %v", ri, cs, err)
	}

	var md bytes.Buffer
	writeMarkdown(&md, ri, rs, columnOrder(impls), cs)
	for _, want := range []string{
		"| L1 read (16 KiB) | avx512 | 300 GB/s |",
		"| benchmark | generic | avx512 |",
		"| Dot/f32/n=64 | 12.8 | 25.6 (2.0×) |",
		"- 3×3: simdkern 4.0×, numpy 3.6×",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
}

func TestLineFilter(t *testing.T) {
	var b bytes.Buffer
	f := lineFilter{&b}
	for _, l := range []string{"goos: linux\n", "cpu: AMD EPYC\n", "# numpy 1.24\n", "BenchmarkX/impl=numpy\t1\t5 ns/op\n"} {
		f.Write([]byte(l))
	}
	if got, want := b.String(), "# numpy 1.24\nBenchmarkX/impl=numpy\t1\t5 ns/op\n"; got != want {
		t.Errorf("kept %q, want %q", got, want)
	}
}
