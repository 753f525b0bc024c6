package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestProgress(t *testing.T) {
	var shown bytes.Buffer
	p := newProgress(&shown, 2)
	p.startRound(1)
	for _, l := range []string{
		"goos: linux",
		"BenchmarkGemm",
		"BenchmarkDot/f32/impl=avx2/n=64  \t  100\t  12.5 ns/op\t  40.96 GB/s\t  0 B/op\t  0 allocs/op",
		"BenchmarkDot/f32/impl=avx2/n=4096  \t  100\t  125 ns/op",
		"--- BENCH: BenchmarkGemm/f32",
		"    x_test.go:1: core SkylakeX",
		"PASS",
	} {
		p.follow(l)
	}
	p.endRound()
	p.startRound(2)
	p.shown = time.Now().Add(-11 * time.Second) // 10 s have passed: the next result shows
	p.follow("BenchmarkDot/f32/impl=avx2/n=64  \t  100\t  12.5 ns/op")
	p.follow("BenchmarkDot/f32/impl=avx2/n=64  \t  100\t  12.5 ns/op") // and this one does not
	want := []string{
		"--- BENCH: BenchmarkGemm/f32",
		"    x_test.go:1: core SkylakeX",
		"round 1/2: 2 benchmarks in 0s",
		"[3/4] round 2/2, ~0s left  BenchmarkDot/f32/impl=avx2/n=64",
	}
	if got := strings.Split(strings.TrimSpace(shown.String()), "\n"); !slices.Equal(got, want) {
		t.Errorf("progress:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if p.done != 2 {
		t.Errorf("done = %d, want 2", p.done)
	}
}

func TestDropRepeats(t *testing.T) {
	var b bytes.Buffer
	d := &dropRepeats{w: &b, seen: map[string]bool{}}
	for _, s := range []string{"openblas: x\n", "panic: y\n", "openblas: x\n"} {
		d.Write([]byte(s))
	}
	if got, want := b.String(), "openblas: x\npanic: y\n"; got != want {
		t.Errorf("kept %q, want %q", got, want)
	}
}

// rawOutput is a raw output file: its header, Go results of 6 rounds (the
// fewest for which benchstat gives a ± at 95%) and the numpy baseline's.
const rawOutput = `# run {"Rounds":6,"CPU":"AMD EPYC","Command":"make bench","CoreType":"SkylakeX"}
# ceiling {"Name":"L1 read","ISA":"avx512","Bytes":16384,"Value":300,"Unit":"GB/s"}
goos: linux
cpu: Virtual CPU
BenchmarkDot/f32/impl=avx512/n=64 	 100	 20 ns/op	 25.6 GB/s	 0 B/op	 0 allocs/op
BenchmarkDot/f32/impl=generic/n=64 	 100	 40 ns/op	 12.8 GB/s	 0 B/op	 0 allocs/op
BenchmarkDot/f32/impl=gonum/n=64 	 100	 30 ns/op	 17 GB/s	 0 B/op	 1 allocs/op
BenchmarkDense/f32/impl=avx512 	 100	 1000 ns/op	 0 B/op	 2 allocs/op
BenchmarkDot/f32/impl=avx512/n=64 	 100	 20 ns/op	 25.6 GB/s
BenchmarkDot/f32/impl=avx512/n=64 	 100	 21 ns/op	 25 GB/s
BenchmarkDot/f32/impl=avx512/n=64 	 100	 20 ns/op	 25.6 GB/s
BenchmarkDot/f32/impl=avx512/n=64 	 100	 19 ns/op	 26 GB/s
BenchmarkDot/f32/impl=avx512/n=64 	 100	 40 ns/op	 12.8 GB/s
BenchmarkDot/f32/impl=generic/n=64 	 100	 40 ns/op	 12.8 GB/s
BenchmarkDot/f32/impl=generic/n=64 	 100	 40 ns/op	 12.8 GB/s
BenchmarkDot/f32/impl=generic/n=64 	 100	 40 ns/op	 12.8 GB/s
BenchmarkDot/f32/impl=generic/n=64 	 100	 40 ns/op	 12.8 GB/s
BenchmarkDot/f32/impl=generic/n=64 	 100	 40 ns/op	 12.8 GB/s
BenchmarkSoftmaxCEBackward/mode=combined/samples=3/classes=3 	 1	 20 ns/op
BenchmarkSoftmaxCESpeedup/samples=3/classes=3 	 1	 50 ns/op	 10 ns-combined/op	 40 ns-separate/op	 4 x-vs-combined
# numpy 1.24.2; BLAS: OpenBLAS
BenchmarkSoftmaxCEBackward/mode=combined/samples=3/classes=3/impl=numpy 	 1	 6000 ns/op
BenchmarkSoftmaxCESpeedup/samples=3/classes=3/impl=numpy 	 1	 50 ns/op	 3.6 x-vs-combined
`

func TestReadRaw(t *testing.T) {
	name := filepath.Join(t.TempDir(), "raw.txt")
	if err := os.WriteFile(name, []byte(rawOutput), 0o644); err != nil {
		t.Fatal(err)
	}
	rr, err := readRaw(name)
	if err != nil {
		t.Fatal(err)
	}
	if rr.Rounds != 6 || rr.CPU != "AMD EPYC" || rr.brand != "Virtual CPU" || len(rr.ceilings) != 1 || rr.ceilings[0].Value != 300 ||
		!slices.Equal(rr.numpy, []string{"numpy 1.24.2; BLAS: OpenBLAS"}) {
		t.Errorf("readRaw = %+v", rr)
	}
	if want := []string{"generic", "avx512", "gonum", "numpy"}; !slices.Equal(rr.impls, want) { // generic first
		t.Errorf("impls = %q, want %q", rr.impls, want)
	}
	if len(rr.results) != 8 {
		t.Fatalf("%d results, want 8", len(rr.results))
	}
	r := rr.results[0]
	if r.name != "Dot/f32/n=64" || r.impl != "avx512" || r.values["sec/op"] != 20e-9 || r.key("n") != "64" || !slices.Equal(r.parts, []string{"f32", "n=64"}) {
		t.Errorf("first result = %+v", r)
	}
	// Sorted: 19 20 20 20 21 40; benchstat's 95% interval of the median of
	// 6 is the whole range, so the spread is 40/20 − 1.
	if r.spread != 1 || rr.results[1].spread != 0 {
		t.Errorf("spreads = %g, %g; want 1, 0", r.spread, rr.results[1].spread)
	}
	if x, ok := bytesPerOp(r); !ok || x != 512 {
		t.Errorf("bytesPerOp = %g, %v; want 512 (25.6 GB/s × 20 ns)", x, ok)
	}
	if got := noImpl(rr.results); !slices.Equal(got, []string{"SoftmaxCEBackward", "SoftmaxCESpeedup"}) {
		t.Errorf("noImpl = %q", got)
	}
	if got, want := spreadWarning(rr.results), "warning: 1 of 8 benchmarks vary by more than ±10% between rounds (worst: Dot/f32/n=64 avx512 ±100%)"; !strings.HasPrefix(got, want) {
		t.Errorf("spreadWarning = %q, want it to start %q", got, want)
	}
	if got, want := allocLine(rr.results), "allocations: 1 of 3 benchmarks of simdkern's paths allocate: Dense/f32/impl=avx512 (2 allocs/op)"; got != want {
		t.Errorf("allocLine = %q, want %q", got, want)
	}

	var b bytes.Buffer
	writeSummary(&b, rr)
	md := strings.Join(strings.Fields(b.String()), " ") // the table cells are padded
	for _, want := range []string{
		"on AMD EPYC (cpuid brand: Virtual CPU): suite , 6 rounds",
		"(GOMAXPROCS=1, numpy on one thread, OPENBLAS_CORETYPE=SkylakeX)",
		"allocations: 1 of 3 benchmarks of simdkern's paths allocate: Dense/f32/impl=avx512 (2 allocs/op) warning: 1 of 8 benchmarks vary",
		"| L1 read (16 KiB) | avx512 | 300 GB/s |",
		"| benchmark | generic | avx512 | gonum | | --- | --- | --- | --- |",
		"| Dot/f32/n=64 | 12.8 | 25.6 (2.0×) | 17 (1.3×) |",
		"- numpy 1.24.2; BLAS: OpenBLAS",
		"- 3×3: simdkern 4.0×, numpy 3.6×",
		"- 3×3, simdkern's speed-up over numpy: combined 300×",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}
	if strings.Contains(md, "OpenBLAS on") {
		t.Errorf("summary names OpenBLAS, which did not run:\n%s", b.String())
	}
}

func TestIsConfigLine(t *testing.T) {
	for l, want := range map[string]bool{
		"goos: linux": true, "cpu: AMD EPYC 9004": true, "# numpy 1.24": false,
		"BenchmarkX/impl=numpy\t1\t5 ns/op": false, "    x_test.go:1: a: b": false,
	} {
		if isConfigLine(l) != want {
			t.Errorf("isConfigLine(%q) = %v, want %v", l, !want, want)
		}
	}
}
