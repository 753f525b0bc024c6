package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
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
// fewest for which benchstat gives a ± at 95%), the numpy baseline's and
// the PyTorch baseline's.
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
BenchmarkTrainStep/f32/impl=avx512 	 10	 10000000 ns/op	 102400 samples/s	 0 B/op	 0 allocs/op
# PyTorch 1.13.0, Python 3.11.2, 1 thread(s); BLAS: OpenBLAS
BenchmarkTrainStep/f32/impl=torch 	 10	 20000000 ns/op	 51200 samples/s
`

// readFixture writes the raw output text to a file and reads it back.
func readFixture(t *testing.T, text string) (rr *rawRun, name string) {
	t.Helper()
	name = filepath.Join(t.TempDir(), "raw.txt")
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	rr, err := readRaw(name)
	if err != nil {
		t.Fatal(err)
	}
	return rr, name
}

func TestReadRaw(t *testing.T) {
	rr, _ := readFixture(t, rawOutput)
	if rr.Rounds != 6 || rr.CPU != "AMD EPYC" || rr.brand != "Virtual CPU" || len(rr.ceilings) != 1 || rr.ceilings[0].Value != 300 ||
		!slices.Equal(rr.notes["numpy"], []string{"numpy 1.24.2; BLAS: OpenBLAS"}) ||
		!slices.Equal(rr.notes["PyTorch"], []string{"PyTorch 1.13.0, Python 3.11.2, 1 thread(s); BLAS: OpenBLAS"}) {
		t.Errorf("readRaw = %+v", rr)
	}
	if want := []string{"generic", "avx512", "gonum", "numpy", "torch"}; !slices.Equal(rr.impls, want) { // generic first
		t.Errorf("impls = %q, want %q", rr.impls, want)
	}
	if len(rr.results) != 10 {
		t.Fatalf("%d results, want 10", len(rr.results))
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
	if got, want := spreadWarning(rr.results), "warning: 1 of 10 benchmarks vary by more than ±10% between rounds (worst: Dot/f32/n=64 avx512 ±100%)"; !strings.HasPrefix(got, want) {
		t.Errorf("spreadWarning = %q, want it to start %q", got, want)
	}
	if got, want := allocLine(rr.results), "allocations: 1 of 4 benchmarks of simdkern's paths allocate: Dense/f32/impl=avx512 (2 allocs/op)"; got != want {
		t.Errorf("allocLine = %q, want %q", got, want)
	}

	var b bytes.Buffer
	writeSummary(&b, rr)
	md := strings.Join(strings.Fields(b.String()), " ") // the table cells are padded
	for _, want := range []string{
		"on AMD EPYC (cpuid brand: Virtual CPU): suite , 6 rounds",
		"(GOMAXPROCS=1, numpy and torch on one thread, OPENBLAS_CORETYPE=SkylakeX)",
		"allocations: 1 of 4 benchmarks of simdkern's paths allocate: Dense/f32/impl=avx512 (2 allocs/op) warning: 1 of 10 benchmarks vary",
		"| L1 read (16 KiB) | avx512 | 300 GB/s |",
		"| benchmark | generic | avx512 | gonum | | --- | --- | --- | --- |",
		"| Dot/f32/n=64 | 12.8 | 25.6 (2.0×) | 17 (1.3×) |",
		"The numpy baseline (`bench/numpy_baseline.py`, the book's code): - numpy 1.24.2; BLAS: OpenBLAS",
		"| benchmark | avx512 | torch | | --- | --- | --- | | TrainStep/f32 | 102400 | 51200 |",
		"The PyTorch baseline (`bench/torch_baseline.py`, BenchmarkTrainStep's training step): - PyTorch 1.13.0, Python 3.11.2, 1 thread(s); BLAS: OpenBLAS",
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

// gemmOutput is a raw output file with FMA ceilings of two paths and the
// GFLOP/s of Gemm and the dense step: a path's percentage is of its own
// peak, generic's and the peers' of the best path's (avx512), by type.
const gemmOutput = `# run {"Rounds":1,"Suite":"quick"}
# ceiling {"Name":"FMA f32","ISA":"avx512","Value":200,"Unit":"GFLOP/s"}
# ceiling {"Name":"FMA f64","ISA":"avx512","Value":100,"Unit":"GFLOP/s"}
# ceiling {"Name":"FMA f32","ISA":"avx2","Value":100,"Unit":"GFLOP/s"}
# ceiling {"Name":"FMA f64","ISA":"avx2","Value":50,"Unit":"GFLOP/s"}
# ceiling {"Name":"L1 read","ISA":"avx512","Bytes":16384,"Value":300,"Unit":"GB/s"}
BenchmarkGemm/f32/layout=TN/impl=generic/n=256 	 1	 4000 ns/op	 8 GFLOP/s
BenchmarkGemm/f32/layout=TN/impl=avx512/n=256 	 1	 200 ns/op	 150 GFLOP/s
BenchmarkGemm/f32/layout=TN/impl=avx2/n=256 	 1	 400 ns/op	 80 GFLOP/s
BenchmarkGemm/f32/layout=TN/impl=openblas/n=256 	 1	 200 ns/op	 170 GFLOP/s
BenchmarkGemmSmall/n=8/impl=avx2 	 1	 100 ns/op	 10 GFLOP/s
BenchmarkDenseBackward/f64/impl=generic 	 1	 4000 ns/op	 5 GFLOP/s
BenchmarkDenseBackward/f64/impl=avx2 	 1	 500 ns/op	 40 GFLOP/s
BenchmarkDenseBackward/f64/impl=numpy 	 1	 800 ns/op	 25 GFLOP/s
BenchmarkDot/f32/impl=avx2/n=64 	 1	 20 ns/op	 25.6 GB/s
`

func TestPeakPercent(t *testing.T) {
	rr, _ := readFixture(t, gemmOutput)
	want := map[string]float64{ // name impl → % of peak
		"Gemm/f32/layout=TN/n=256 generic":  4,  // 8 of avx512's 200
		"Gemm/f32/layout=TN/n=256 avx512":   75, // 150 of 200
		"Gemm/f32/layout=TN/n=256 avx2":     80, // 80 of avx2's 100
		"Gemm/f32/layout=TN/n=256 openblas": 85, // 170 of avx512's 200
		"GemmSmall/n=8 avx2":                10, // float32 without a type in the name
		"DenseBackward/f64 generic":         5,  // 5 of avx512's f64 100
		"DenseBackward/f64 avx2":            80, // 40 of avx2's f64 50
		"DenseBackward/f64 numpy":           25,
	}
	for _, r := range rr.results {
		got, ok := peakPercent(r, rr.ceilings)
		if w, has := want[r.name+" "+r.impl]; ok != has || got != w {
			t.Errorf("peakPercent(%s %s) = %g, %v; want %g, %v", r.name, r.impl, got, ok, w, has)
		}
	}
	if _, ok := peakPercent(rr.results[0], nil); ok {
		t.Error("peakPercent without ceilings is ok")
	}

	var b bytes.Buffer
	writeSummary(&b, rr)
	md := strings.Join(strings.Fields(b.String()), " ")
	for _, want := range []string{
		"| benchmark | generic | % peak | avx512 | % peak | avx2 | % peak | openblas | % peak | numpy | % peak | | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
		"| Gemm/f32/layout=TN/n=256 | 8 | 4.0% | 150 (20×) | 75% | 80 (10×) | 80% | 170 (20×) | 85% | | |",
		"| GemmSmall/n=8 | | | | | 10 | 10% | | | | |",
		"| DenseBackward/f64 | 5 | 5.0% | | | 40 (8.0×) | 80% | | | 25 (5.0×) | 25% |",
		"% peak = GFLOP/s ÷ the FMA peak of the element type measured in this run (the ceilings above): " +
			"avx512, avx2 of the path's own instructions; generic, openblas, numpy of the best path's (avx512).",
		"| benchmark | avx2 | | --- | --- | | Dot/f32/n=64 | 25.6 |", // no % peak for GB/s
	} {
		if !strings.Contains(md, want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}

	rr.ceilings = rr.ceilings[4:] // no FMA peak measured: no column
	b.Reset()
	writeSummary(&b, rr)
	if strings.Contains(b.String(), "% peak") {
		t.Errorf("summary without an FMA ceiling has a %% peak column:\n%s", b.String())
	}
}

// benchSelects reports whether go test -bench pattern runs the benchmark
// name (its levels separated by /), as package testing matches: pattern
// splits into alternatives at | and into levels at /, both outside
// brackets and parentheses, and a name runs if some alternative's
// regexps each match the level they stand at.
func benchSelects(pattern, name string) bool {
	var alts [][]string
	var levels []string
	depth, class := 0, false
	start := 0
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; {
		case c == '\\':
			i++
		case c == '[':
			class = true
		case c == ']':
			class = false
		case c == '(' && !class:
			depth++
		case c == ')' && !class:
			depth--
		case (c == '/' || c == '|') && !class && depth == 0:
			levels = append(levels, pattern[start:i])
			start = i + 1
			if c == '|' {
				alts, levels = append(alts, levels), nil
			}
		}
	}
	alts = append(alts, append(levels, pattern[start:]))
	parts := strings.Split(name, "/")
next:
	for _, alt := range alts {
		for i, re := range alt[:min(len(alt), len(parts))] {
			if !regexp.MustCompile(re).MatchString(parts[i]) {
				continue next
			}
		}
		return true
	}
	return false
}

// TestQuickSuite checks which Gemm benchmarks of a -bench.full run the
// quick suite selects: float32 in every layout at n = 64, 256, 512 and
// float64 NN, the skinny shapes in every layout in float32, nothing else.
func TestQuickSuite(t *testing.T) {
	impls := []string{"avx2", "generic", "gonum", "openblas"}
	layouts := []string{"NN", "NT", "TN", "TT"}
	var names []string
	for _, typ := range []string{"f32", "f64"} {
		for _, l := range layouts {
			for _, im := range impls {
				for _, n := range []int{64, 128, 256, 512, 1024} {
					names = append(names, fmt.Sprintf("BenchmarkGemm/%s/layout=%s/impl=%s/n=%d", typ, l, im, n))
				}
			}
		}
		for _, s := range []string{"1x512x512", "4x512x512", "16x512x512", "1024x3x512", "1024x10x512", "1024x64x2"} {
			for _, l := range layouts {
				for _, im := range impls {
					names = append(names, fmt.Sprintf("BenchmarkGemmSkinny/%s/shape=%s/layout=%s/impl=%s", typ, s, l, im))
				}
			}
		}
		names = append(names, "BenchmarkGemmDense/"+typ+"/op=forward/impl=avx2", "BenchmarkDenseBackward/"+typ+"/impl=avx2", "BenchmarkTrainStep/"+typ+"/impl=avx2")
	}
	names = append(names, "BenchmarkGemmBatch/m=16/impl=avx2", "BenchmarkGemmSmall/n=8/impl=avx2", "BenchmarkDot/f32/impl=avx2/n=1024")

	quickOne := func(name string) bool {
		square := regexp.MustCompile(`^BenchmarkGemm/(f32/layout=..|f64/layout=NN)/impl=\w+/n=(64|256|512)$`)
		return square.MatchString(name) || strings.HasPrefix(name, "BenchmarkGemmSkinny/f32/") || strings.HasPrefix(name, "BenchmarkDenseBackward/") || strings.HasPrefix(name, "BenchmarkTrainStep/")
	}
	var got []string
	for _, n := range names {
		sel := benchSelects(quickBench, n)
		if sel != quickOne(n) {
			t.Errorf("quick suite selects %s: %v, want %v", n, sel, !sel)
		}
		if sel {
			got = append(got, n)
		}
	}
	// 4 implementations × (4 layouts × 3 sizes in f32 + 3 sizes in f64 + 6 skinny shapes × 4 layouts) + 2 dense steps + 2 training steps
	if want := 4*(4*3+3+6*4) + 2 + 2; len(got) != want {
		t.Errorf("quick suite selects %d of these benchmarks, want %d", len(got), want)
	}
	for _, c := range []struct {
		pattern, name string
		want          bool
	}{{"a/b|c", "c/x", true}, {"a/b|c", "a/x", false}, {"a/(b|c)", "a/c", true}, {"a/[/]", "a/x", false}} {
		if got := benchSelects(c.pattern, c.name); got != c.want {
			t.Errorf("benchSelects(%q, %q) = %v, want %v", c.pattern, c.name, got, c.want)
		}
	}
}

// TestPublish writes a results section twice (the second replaces the
// first) and checks the text around it, its links relative to the
// markdown file and the copy of the raw output.
func TestPublish(t *testing.T) {
	dir := t.TempDir()
	readme, out, raw := filepath.Join(dir, "README.md"), filepath.Join(dir, "results"), filepath.Join(dir, "raw.txt")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		readme: "# Title\n\nBefore.\n" + resultsStart + "old results\n" + resultsEnd + "After.\n",
		raw:    rawOutput,
	} {
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	byMode := []byte("goos: linux\ncpu: Virtual CPU\n\n   │ combined │\nSoftmaxCEBackward 20n\n")
	charts := []string{filepath.Join(out, "roofline.svg"), filepath.Join(out, "roofline.png")}
	for range 2 {
		if err := publish(readme, raw, out, []byte("Summary.\n"), byMode, charts); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	if !strings.HasPrefix(md, "# Title\n\nBefore.\n"+resultsStart+"Summary.\n") || !strings.HasSuffix(md, resultsEnd+"After.\n") {
		t.Errorf("the text around the section changed, or the summary is not first:\n%s", md)
	}
	for _, want := range []string{"```\n   │ combined │\nSoftmaxCEBackward 20n\n```", "](results/roofline.png)", "([SVG](results/roofline.svg))",
		"[results/benchstat.txt](results/benchstat.txt)", "[results/bench.txt](results/bench.txt)",
		"`go tool benchstat -ignore /gomaxprocs -col /impl " + filepath.ToSlash(filepath.Join(out, "bench.txt")) + "`"} {
		if !strings.Contains(md, want) {
			t.Errorf("section lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "old results") || strings.Contains(md, "goos:") || strings.Count(md, resultsStart) != 1 {
		t.Errorf("section not replaced cleanly:\n%s", md)
	}
	if got, err := os.ReadFile(filepath.Join(out, rawName)); err != nil || string(got) != rawOutput {
		t.Errorf("raw output not copied to %s: %v", rawName, err)
	}
	if err := os.WriteFile(readme, []byte("no markers\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := publish(readme, raw, out, nil, nil, nil); err == nil || !strings.Contains(err.Error(), "no results section") {
		t.Errorf("publish without markers: err = %v, want no results section", err)
	}
}

// mnistOutput is a raw output file with the MNIST step on every path on one
// core, on the avx512 path on two (GOMAXPROCS=2, so the name ends in -2; in
// two rounds, one of which allocates), and in PyTorch on one thread and on
// its default threads.
const mnistOutput = `# run {"Rounds":1,"CPU":"AMD EPYC","Command":"make bench"}
BenchmarkTrainStep/f32/net=mnist/impl=generic 	 10	 20000000 ns/op	 6400 samples/s	 0 B/op	 0 allocs/op
BenchmarkTrainStep/f32/net=mnist/impl=avx512 	 10	 1000000 ns/op	 128000 samples/s	 0 B/op	 0 allocs/op
BenchmarkTrainStep/f32/net=mnist/impl=avx2 	 10	 2000000 ns/op	 64000 samples/s	 0 B/op	 0 allocs/op
BenchmarkTrainStep/f32/net=mnist/impl=avx512-2cores-2 	 10	 640000 ns/op	 200000 samples/s	 0 B/op	 1 allocs/op
BenchmarkTrainStep/f32/net=mnist/impl=avx512-2cores-2 	 10	 640000 ns/op	 200000 samples/s	 0 B/op	 0 allocs/op
# PyTorch 1.13.0, Python 3.11.2, 1 thread(s); BLAS: OpenBLAS, 1 thread(s)
BenchmarkTrainStep/f32/net=mnist/impl=torch 	 10	 2560000 ns/op	 50000 samples/s
# PyTorch (torch-default, its default threads) 1.13.0, Python 3.11.2, 1 thread(s); BLAS: OpenBLAS, 2 thread(s)
BenchmarkTrainStep/f32/net=mnist/impl=torch-default 	 10	 1600000 ns/op	 80000 samples/s
`

func TestMNISTAllCores(t *testing.T) {
	rr, raw := readFixture(t, mnistOutput)
	if want := []string{"generic", "avx512", "avx2", "avx512-2cores", "torch", "torch-default"}; !slices.Equal(rr.impls, want) {
		t.Errorf("impls = %q, want %q", rr.impls, want)
	}
	if got, want := allocLine(rr.results), "allocations: 1 of 4 benchmarks of simdkern's paths allocate: TrainStep/f32/net=mnist/impl=avx512-2cores (0.5 allocs/op)"; got != want { // the median of 1 and 0
		t.Errorf("allocLine = %q, want %q", got, want)
	}

	var b bytes.Buffer
	writeSummary(&b, rr)
	md := strings.Join(strings.Fields(b.String()), " ")
	for _, want := range []string{
		"every implementation on one core (GOMAXPROCS=1, torch on one thread, OpenBLAS picks its core) but the MNIST training step's columns " +
			"avx512-2cores on all 2 cores (GOMAXPROCS=2) and torch-default, PyTorch on its default threads.",
		"| benchmark | generic | avx512 | avx2 | avx512-2cores | torch | torch-default |",
		"| TrainStep/f32/net=mnist | 6400 | 128000 (20×) | 64000 (10×) | 200000 (31×) | 50000 (7.8×) | 80000 (12×) |",
		"MNIST training step (784 → 128 → 128 → 10, Adam, batch 128; BenchmarkTrainStep/f32/net=mnist): " +
			"- one core: simdkern avx512 128000 samples/s, PyTorch 1 thread 50000 samples/s; simdkern 2.6× PyTorch " +
			"- all 2 cores: simdkern avx512 200000 samples/s (1.6× its one-core figure), " +
			"PyTorch on its default threads (1 thread, its BLAS 2 threads) 80000 samples/s; simdkern 2.5× PyTorch",
		"- PyTorch (torch-default, its default threads) 1.13.0, Python 3.11.2, 1 thread(s); BLAS: OpenBLAS, 2 thread(s)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}

	// benchstat puts the step on two cores in the row of the others.
	byImpl, _, err := benchstat(raw, rr)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(byImpl), "TrainStep/f32/net=mnist"); n != 2 || strings.Contains(string(byImpl), "net=mnist-2") {
		t.Errorf("benchstat has %d rows of the MNIST step (want one for each unit, sec/op and samples/s):\n%s", n, byImpl)
	}

	// Without the runs on all cores: the one-core line; without PyTorch as well: none.
	rr.results = slices.DeleteFunc(rr.results, func(r *result) bool { return r.impl == "avx512-2cores" || r.impl == "torch-default" })
	if got, want := mnistLines(rr), []string{"one core: simdkern avx512 128000 samples/s, PyTorch 1 thread 50000 samples/s; simdkern 2.6× PyTorch"}; len(got) != 2 || got[1] != want[0] {
		t.Errorf("mnistLines without the runs on all cores = %q, want the title and %q", got, want)
	}
	rr.results = slices.DeleteFunc(rr.results, func(r *result) bool { return r.impl == "torch" })
	if got := mnistLines(rr); got != nil {
		t.Errorf("mnistLines of simdkern on one core alone = %q, want none", got)
	}
}

func TestSimdkernPath(t *testing.T) {
	for _, c := range []struct {
		impl, path string
		cores      int
		ok         bool
	}{
		{"avx512", "avx512", 1, true},
		{"generic", "generic", 1, true},
		{"avx512-2cores", "avx512", 2, true},
		{"neon-16cores", "neon", 16, true},
		{"torch", "", 0, false},
		{"torch-default", "", 0, false},
		{"gonum-2cores", "", 0, false},
		{"avx512-cores", "", 0, false},
		{"", "", 0, false},
	} {
		path, cores, ok := simdkernPath(c.impl)
		if path != c.path || cores != c.cores || ok != c.ok {
			t.Errorf("simdkernPath(%q) = %q, %d, %v; want %q, %d, %v", c.impl, path, cores, ok, c.path, c.cores, c.ok)
		}
	}
}

// fakeCommand writes an executable shell script of body into dir and
// returns its path.
func fakeCommand(t *testing.T, dir, name, body string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestRunRoundsAllCores runs two rounds of a fake test binary, which prints
// the MNIST step's key on every core when it runs allCoresBench and its
// one-core results otherwise: the pass on all cores follows each round's
// one-core run in its own environment, and only if the round ran the step.
func TestRunRoundsAllCores(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake benchmarks are shell scripts")
	}
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.Mkdir(benchPkg, 0o755); err != nil { // the binary runs there
		t.Fatal(err)
	}
	bin := fakeCommand(t, dir, "bench.test", `echo "goos: linux"
case "$4" in
*cores*) printf 'BenchmarkTrainStep/f32/net=mnist/impl=avx512-%scores-%s\t1\t5 ns/op\n' "$GOMAXPROCS" "$GOMAXPROCS" ;;
*mnist*) printf 'BenchmarkTrainStep/f32/net=mnist/impl=avx512\t1\t10 ns/op\n' ;;
*) printf 'BenchmarkDot/f32/impl=avx512/n=64\t1\t10 ns/op\n' ;;
esac
`)
	env, allCores := []string{"GOMAXPROCS=1"}, []string{"GOMAXPROCS=2"}
	for _, c := range []struct {
		bench    string
		allCores []string
		want     []string // benchmark lines of each round
	}{
		{"mnist", allCores, []string{"BenchmarkTrainStep/f32/net=mnist/impl=avx512", "BenchmarkTrainStep/f32/net=mnist/impl=avx512-2cores-2"}},
		{"mnist", nil, []string{"BenchmarkTrainStep/f32/net=mnist/impl=avx512"}}, // one CPU
		{"Dot", allCores, []string{"BenchmarkDot/f32/impl=avx512/n=64"}},         // no MNIST step
	} {
		var out bytes.Buffer
		ran, err := runRounds(&out, bin, suite{"test", c.bench, 2, "1ms"}, env, c.allCores)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for l := range strings.Lines(out.String()) {
			if name, _, ok := strings.Cut(l, "\t"); ok {
				got = append(got, name)
			}
		}
		if want := slices.Concat(c.want, c.want); !slices.Equal(got, want) || ran != (len(c.want) == 2) {
			t.Errorf("-bench %s, all cores %q: ran %q (all cores: %v), want %q", c.bench, c.allCores, got, ran, want)
		}
	}
}

// TestTorchDefaultThreads runs a fake python that prints what
// torch_baseline.py prints: the pass on PyTorch's default threads keeps its
// MNIST step and its note, marked as the default threads', and passes the
// script its flags.
func TestTorchDefaultThreads(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake python is a shell script")
	}
	python := fakeCommand(t, t.TempDir(), "python", `echo "goos: linux"
echo "# PyTorch 1.13.0, Python 3.11.2, 1 thread(s); BLAS: OpenBLAS, 2 thread(s)"
echo "# args: $*"
printf 'BenchmarkTrainStep/f32/net=spiral/impl=torch-default\t1\t9 ns/op\n'
printf 'BenchmarkTrainStep/f32/net=mnist/impl=torch-default\t1\t8 ns/op\n'
printf 'BenchmarkTrainStep/f64/net=mnist/impl=torch-default\t1\t7 ns/op\n'
`)
	var out bytes.Buffer
	if err := torchDefaultThreads(&out, python, nil, 3); err != nil {
		t.Fatal(err)
	}
	want := "# PyTorch (torch-default, its default threads) 1.13.0, Python 3.11.2, 1 thread(s); BLAS: OpenBLAS, 2 thread(s)\n" +
		"# args: bench/torch_baseline.py -count 3 -benchtime 0.1 -threads 0 -impl torch-default\n" +
		"BenchmarkTrainStep/f32/net=mnist/impl=torch-default\t1\t8 ns/op\n"
	if out.String() != want {
		t.Errorf("kept:\n%s\nwant:\n%s", out.String(), want)
	}
}
