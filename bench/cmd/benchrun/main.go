// Command benchrun runs simdkern's benchmarks the way `make bench` does: it
// measures the machine's ceilings, builds the benchmarks of package bench
// once, runs them for several interleaved rounds while showing how far the
// run is, and reports them (report). Everything runs on one core but, on a
// machine of more than one CPU, the MNIST training step, which each round
// also times on every core (and the PyTorch baseline on its default
// threads) for the summary to show beside its one-core figure. From the
// module root:
//
//	go run ./bench/cmd/benchrun [-full] [-tags openblas] [-bench regexp] [-numpy python3] [-torch python3]
//	go run ./bench/cmd/benchrun -chart bench/out/latest.txt
//
// With -readme it also writes the results section of a markdown file, the
// tables and chart it links to in -out, and the raw output there as
// bench.txt; bench/README.md's results were published so:
//
//	go run ./bench/cmd/benchrun -chart bench/out/latest.txt -out bench/results -readme bench/README.md
package main

import (
	"cmp"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/simdkern/simdkern/internal/cpu"
	"github.com/simdkern/simdkern/internal/probe"
)

// suite is one set of benchmark settings. Every suite passes -bench.full,
// so that bench sets up every size and a regexp selects among them.
type suite struct {
	name      string
	bench     string // -test.bench regexp
	rounds    int    // runs of the whole suite; benchstat wants at least 6
	benchtime string // -test.benchtime of each benchmark in each round
}

// quickBench selects the quick suite (from the benchmarks -bench.full sets
// up): the vector kernels in L1, L2 and beyond the caches; Gemm at three
// sizes, every layout in float32 and NN in float64; GemmBF16 NN at three
// sizes on the SIMD paths of amd64; the skinny products of
// BenchmarkGemmSkinny, every shape and layout in float32; and the nn passes:
// the dense step, the notebook's softmax + cross-entropy comparison and a
// network's training step.
const quickBench = `^Benchmark(Dot|Axpy|ReLUMask)$/./impl=/^n=(64|4096|65536|4194304)$` +
	`|^BenchmarkReLU$/./impl=/^n=(4096|4194304)$` +
	`|^BenchmarkColSum$/./impl=/^shape=512x256$` +
	`|^BenchmarkGemm$/^f32$/^layout=(NN|NT|TN|TT)$/impl=/^n=(64|256|512)$` +
	`|^BenchmarkGemm$/^f64$/^layout=NN$/impl=/^n=(64|256|512)$` +
	`|^BenchmarkGemm$/^bf16$/^layout=NN$/impl=(avx512|avx2)$/^n=(256|512|1024)$` +
	`|^BenchmarkGemmSkinny$/^f32$/^shape=/^layout=(NN|NT|TN|TT)$/impl=` +
	`|^Benchmark(DenseBackward|SoftmaxCEBackward|SoftmaxCESpeedup|TrainStep)$`

var (
	quick = suite{"quick", quickBench, 8, "50ms"}
	full  = suite{"full", ".", 10, "100ms"}
)

func main() {
	var (
		fullFlag = flag.Bool("full", false, "run the complete suite (every benchmark and size, 10 rounds)")
		tags     = flag.String("tags", "", "build tags for the benchmarks: `openblas` adds the OpenBLAS peer (cgo)")
		bench    = flag.String("bench", "", "run only the benchmarks matching `regexp` (go test -bench syntax), at every size")
		numpy    = flag.String("numpy", "", "also time the numpy baseline with this `python` and merge it")
		torch    = flag.String("torch", "", "also time the PyTorch training steps with this `python` (and the MNIST step on PyTorch's default threads) and merge them")
		coretype = flag.String("coretype", "", "OPENBLAS_CORETYPE for OpenBLAS, numpy and PyTorch (default SkylakeX on AVX-512 CPUs)")
		out      = flag.String("out", "bench/out", "`dir`ectory for the raw output and charts")
		chart    = flag.String("chart", "", "only report (tables, summary, chart) the raw output `file`")
		command  = flag.String("command", "", "the `command` to record as the one that ran (make passes its own)")
		readme   = flag.String("readme", "", "also write the results section (between <!-- results:start --> and <!-- results:end -->) of the markdown `file`, linking to -out")
	)
	flag.Parse()
	if flag.NArg() > 0 {
		fail("unexpected argument %q: benchrun takes only flags (see -help)", flag.Arg(0))
	}
	if *chart != "" {
		if err := report(*chart, *out, *readme); err != nil {
			fail("%v", err)
		}
		return
	}
	s := quick
	if *fullFlag {
		s = full
	}
	if *bench != "" {
		s.name, s.bench = s.name+", -bench "+*bench, *bench
	}
	if *command == "" {
		*command = strings.Join(append([]string{filepath.Base(os.Args[0])}, os.Args[1:]...), " ")
	}
	pythons := map[baseline]string{numpyBaseline: *numpy, torchBaseline: *torch}
	if err := run(s, *tags, pythons, *coretype, *out, *command, *readme); err != nil {
		fail("%v", err)
	}
}

// run runs suite s, then each baseline with its python in pythons (none
// where it is ""), and reports them, recording command as what ran (and
// writing the results section of readme, if not "").
func run(s suite, tags string, pythons map[baseline]string, coretype, out, command, readme string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	start := time.Now()
	fmt.Println("measuring this core's ceilings (FMA peak, read bandwidth from L1, L2, DRAM)…")
	cs := probe.Measure()
	if len(cs) == 0 {
		fmt.Println("  no probe for this CPU: the chart has no ceiling lines")
	}
	for _, c := range cs {
		fmt.Println("  " + c.String())
	}
	peers := tags != ""
	for _, p := range pythons {
		peers = peers || p != ""
	}
	env, allCores, coretype := benchEnv(coretype, peers)
	bin, err := buildBench(tags)
	if err != nil {
		return err
	}
	defer os.RemoveAll(filepath.Dir(bin))

	stamp := start.UTC().Format("20060102T150405Z")
	raw := filepath.Join(out, "bench-"+stamp+".txt")
	f, err := os.Create(raw)
	if err != nil {
		return err
	}
	defer f.Close()
	writeHeader(f, runInfo{
		Date:      start.UTC().Format("2006-01-02 15:04 UTC"),
		Command:   command,
		Suite:     s.name,
		Rounds:    s.rounds,
		Benchtime: s.benchtime,
		Tags:      tags,
		CPU:       cpuModel(),
		CoreType:  coretype,
	}, cs)
	ranAllCores, err := runRounds(f, bin, s, env, allCores)
	if err != nil {
		return fmt.Errorf("%v (raw output so far in %s)", err, raw)
	}
	for _, b := range baselines {
		if python := pythons[b]; python != "" {
			if err := b.run(f, python, env, s.rounds); err != nil {
				return err
			}
		}
	}
	if python := pythons[torchBaseline]; python != "" && ranAllCores {
		if err := torchDefaultThreads(f, python, allCores, s.rounds); err != nil {
			return err
		}
	}
	if err := f.Close(); err != nil {
		return err
	}
	b, err := os.ReadFile(raw)
	if err == nil {
		err = os.WriteFile(filepath.Join(out, "latest.txt"), b, 0o644)
	}
	if err != nil {
		return err
	}
	fmt.Printf("\nraw output: %s (and %s), %s in all\n\n", raw, filepath.Join(out, "latest.txt"), time.Since(start).Round(time.Second))
	return report(raw, out, readme)
}

// benchEnv returns the environments of the benchmark processes. In env,
// everything runs on one core (GOMAXPROCS=1 keeps Gemm serial and sets
// OpenBLAS's threads in package bench; numpy's OpenBLAS reads
// OPENBLAS_NUM_THREADS); in allCores, nil on a machine of one CPU, Go runs
// on every CPU (GOMAXPROCS) and PyTorch and OpenBLAS on their default
// threads. Both set the core OpenBLAS runs: coretype, else
// $OPENBLAS_CORETYPE, else SkylakeX on an AVX-512 CPU (OpenBLAS 0.3.21 does
// not recognise recent CPUs and falls back to an SSE3 kernel), else the one
// OpenBLAS picks (core ""). If blas is set, it says which.
func benchEnv(coretype string, blas bool) (env, allCores []string, core string) {
	core = cmp.Or(coretype, os.Getenv("OPENBLAS_CORETYPE"))
	if core == "" && cpu.Detect().AVX512 {
		core = "SkylakeX"
	}
	base := os.Environ()
	if core != "" {
		base = append(base, "OPENBLAS_CORETYPE="+core)
	}
	env = append(slices.Clip(base), "GOMAXPROCS=1", "OPENBLAS_NUM_THREADS=1", "OMP_NUM_THREADS=1")
	if n := runtime.NumCPU(); n > 1 {
		allCores = append(slices.Clip(base), fmt.Sprintf("GOMAXPROCS=%d", n))
	}
	if blas {
		fmt.Println("OpenBLAS core:", cmp.Or(core, "the one OpenBLAS picks (OPENBLAS_CORETYPE unset)"))
	}
	return env, allCores, core
}

// cpuModel returns the model name in /proc/cpuinfo ("" elsewhere), which
// may differ from the cpuid brand string of the benchmarks' "cpu:" line.
func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for l := range strings.Lines(string(b)) {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// fail prints a one-line message and exits.
func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "benchrun: "+format+"\n", args...)
	os.Exit(1)
}
