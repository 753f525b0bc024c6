// Command benchrun runs simdkern's benchmarks the way `make bench` does:
// it measures the machine's ceilings, builds the benchmarks of package bench
// once, runs them for several rounds while showing which benchmark runs and
// how far the run is, keeps the raw output under bench/out/, prints
// benchstat tables with one column per implementation (generic first, so the
// "vs base" columns compare with it) and draws the roofline chart.
//
// Usage (from the module root):
//
//	go run ./bench/cmd/benchrun [-full] [-tags openblas] [-bench regexp] [-numpy python3]
//	go run ./bench/cmd/benchrun -chart bench/out/latest.txt
//
// The quick suite (the default) takes a few minutes on a two-core machine;
// -full runs every benchmark at every size with more rounds.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// suite is one set of benchmark settings.
type suite struct {
	name      string
	bench     string   // -test.bench regexp
	rounds    int      // runs of the whole suite; benchstat wants at least 6
	benchtime string   // -test.benchtime of each benchmark in each round
	args      []string // more flags for the test binary
}

// quickBench selects the quick suite: the vector kernels in L1, L2 and
// beyond the caches, Gemm NN at three sizes, and the nn passes of the seed
// and of ANCHORS.md.
const quickBench = `^Benchmark(Dot|Axpy|ReLUMask)$/./impl=/^n=(64|4096|65536|4194304)$` +
	`|^BenchmarkReLU$/./impl=/^n=(4096|4194304)$` +
	`|^BenchmarkColSum$/./impl=/^shape=512x256$` +
	`|^BenchmarkGemm$/./^layout=NN$/impl=/^n=(64|256|512)$` +
	`|^Benchmark(DenseBackward|SoftmaxCEBackward|SoftmaxCESpeedup)$`

var (
	quick = suite{"quick", quickBench, 8, "50ms", nil}
	full  = suite{"full", ".", 10, "100ms", []string{"-gemm.large"}}
)

func main() {
	var (
		fullFlag = flag.Bool("full", false, "run the complete suite (every benchmark and size, 10 rounds)")
		tags     = flag.String("tags", "", "build tags for the benchmarks: `openblas` adds the OpenBLAS peer (cgo)")
		bench    = flag.String("bench", "", "run only the benchmarks matching `regexp` (go test -bench syntax)")
		numpy    = flag.String("numpy", "", "also time the numpy baseline with this `python` and merge it")
		coretype = flag.String("coretype", "", "OPENBLAS_CORETYPE for OpenBLAS and numpy (default SkylakeX on AVX-512 CPUs)")
		pkg      = flag.String("pkg", "./bench", "the benchmark `package` to build")
		out      = flag.String("out", "bench/out", "`dir`ectory for the raw output and charts")
		chart    = flag.String("chart", "", "only draw the chart (and print the tables) of this raw output `file`")
		command  = flag.String("command", "", "the `command` to record as the one that ran (make passes its own; default: benchrun's)")
	)
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: go run ./bench/cmd/benchrun [flags]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		fail("unexpected argument %q: benchrun takes only flags (see -help)", flag.Arg(0))
	}
	if *chart != "" {
		if err := report(*chart, *out, ""); err != nil {
			fail("%v", err)
		}
		return
	}
	s := quick
	if *fullFlag {
		s = full
	}
	if *bench != "" {
		if _, err := regexp.Compile(strings.ReplaceAll(*bench, "/", `\/`)); err != nil {
			fail("-bench %q is not a regular expression: %v", *bench, err)
		}
		s.name, s.bench, s.args = s.name+", -bench "+*bench, *bench, nil
	}
	for _, t := range strings.Fields(strings.ReplaceAll(*tags, ",", " ")) {
		if t != "openblas" {
			fail("unknown build tag %q: the benchmarks know only openblas", t)
		}
	}
	if *command == "" {
		*command = strings.Join(append([]string{filepath.Base(os.Args[0])}, os.Args[1:]...), " ")
	}
	if err := run(s, *tags, *numpy, *coretype, *pkg, *out, *command); err != nil {
		fail("%v", err)
	}
}

// run runs suite s and reports it, recording command as what ran.
func run(s suite, tags, python, coretype, pkg, out, command string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	start := time.Now()
	cs := measureCeilings()
	env, coretype := benchEnv(coretype, tags != "" || python != "")
	bin, err := buildBench(tags, pkg)
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
	writeRunInfo(f, runInfo{
		Date:      start.UTC().Format(time.RFC3339),
		Command:   command,
		Suite:     s.name,
		Rounds:    s.rounds,
		Benchtime: s.benchtime,
		Tags:      tags,
		CPU:       cpuModel(),
		CoreType:  coretype,
	})
	writeCeilings(f, cs)
	if err := runGo(f, bin, s, pkg, env); err != nil {
		return fmt.Errorf("%v (raw output so far in %s)", err, raw)
	}
	if python != "" {
		if err := runNumpy(f, python, env, s.rounds); err != nil {
			return fmt.Errorf("numpy baseline: %v", err)
		}
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := copyFile(raw, filepath.Join(out, "latest.txt")); err != nil {
		return err
	}
	fmt.Printf("\nraw output: %s (and %s), %s in all\n\n", raw, filepath.Join(out, "latest.txt"), time.Since(start).Round(time.Second))
	return report(raw, out, stamp)
}

// benchEnv returns the environment of the benchmark processes: everything on
// one core (GOMAXPROCS=1 keeps Gemm serial and sets OpenBLAS's threads in
// package bench; numpy's OpenBLAS reads OPENBLAS_NUM_THREADS), and the core
// OpenBLAS runs: coretype, or SkylakeX on an AVX-512 CPU, OpenBLAS's fastest
// kernels there (OpenBLAS 0.3.21 does not recognise recent CPUs and falls
// back to an SSE3 kernel). If blas is set, it says which core that is. It
// also returns that core, "" if OpenBLAS picks it.
func benchEnv(coretype string, blas bool) (env []string, core string) {
	env = append(os.Environ(), "GOMAXPROCS=1", "OPENBLAS_NUM_THREADS=1", "OMP_NUM_THREADS=1")
	if coretype == "" && hasAVX512() {
		coretype = "SkylakeX"
	}
	if coretype != "" {
		env = append(env, "OPENBLAS_CORETYPE="+coretype)
	}
	if blas {
		switch prev := os.Getenv("OPENBLAS_CORETYPE"); {
		case coretype == "":
			fmt.Println("OpenBLAS picks its core itself (OPENBLAS_CORETYPE unset)")
		case prev != "" && prev != coretype:
			fmt.Printf("OpenBLAS core: OPENBLAS_CORETYPE=%s (not %s from the environment; choose with OPENBLAS_CORETYPE=… on make's command line)\n", coretype, prev)
		default:
			fmt.Printf("OpenBLAS core: OPENBLAS_CORETYPE=%s\n", coretype)
		}
	}
	if coretype == "" {
		coretype = os.Getenv("OPENBLAS_CORETYPE")
	}
	return env, coretype
}

// cpuModel returns the model name in /proc/cpuinfo ("" elsewhere), which
// may differ from the cpuid brand string of the benchmarks' "cpu:" line.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

// fail prints a one-line message and exits.
func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "benchrun: "+format+"\n", args...)
	os.Exit(1)
}
