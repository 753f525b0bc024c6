package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// benchPkg is the package of the benchmarks, from the module root.
const benchPkg = "./bench"

// buildBench builds the test binary of benchPkg into a new temporary directory
// (so that runs at the same time do not replace each other's binary) and
// returns its path. The caller removes the directory.
func buildBench(tags string) (string, error) {
	dir, err := os.MkdirTemp("", "simdkern-bench-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "bench.test")
	args := []string{"test", "-c", "-o", bin}
	if tags != "" {
		args = append(args, "-tags", tags)
	}
	args = append(args, benchPkg)
	fmt.Printf("building the benchmarks (go %s)…\n", strings.Join(args, " "))
	build := exec.Command("go", args...)
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		os.RemoveAll(dir)
		if tags != "" {
			return "", fmt.Errorf("building the benchmarks with -tags %s failed (see above); it needs the library's headers and a C compiler (Debian: apt install libopenblas-dev gcc)", tags)
		}
		return "", fmt.Errorf("building the benchmarks failed (see above)")
	}
	return bin, nil
}

// The MNIST training step on all cores: with more than one CPU, each round
// of a suite that ran it on one core runs it once more, alone, with
// GOMAXPROCS set to every CPU, where BenchmarkTrainStep times it on the
// path the public API runs as impl=<path>-<N>cores; then the PyTorch
// baseline times it on PyTorch's default threads as impl=torch-default.
const (
	mnistStep     = "BenchmarkTrainStep/f32/net=mnist"
	allCoresBench = `^BenchmarkTrainStep$/^f32$/^net=mnist$/cores$`
	torchDefault  = "torch-default"
)

// runRounds runs the test binary bin for suite s round after round (each
// round runs every selected benchmark once, so the rounds interleave and a
// noisy neighbour spreads over every implementation), copying the output to
// w and showing progress on standard output. The suite runs in environment
// env; if allCores is not nil and the suite ran the MNIST step, each round
// then runs allCoresBench in environment allCores, and runRounds reports
// that it did.
func runRounds(w io.Writer, bin string, s suite, env, allCores []string) (ranAllCores bool, err error) {
	p := newProgress(os.Stdout, s.rounds)
	defer p.clear()
	stderr := &dropRepeats{w: os.Stderr, seen: map[string]bool{}}
	mnist := false
	sawMNIST := func(l string) (string, bool) {
		mnist = mnist || strings.HasPrefix(l, mnistStep+"/impl=")
		return l, true
	}
	command := func(bench string, env []string) *exec.Cmd {
		cmd := exec.Command(bin, "-test.run", "^$", "-test.bench", bench, "-test.benchtime", s.benchtime,
			"-test.count", "1", "-test.benchmem", "-bench.full")
		cmd.Dir, cmd.Env, cmd.Stderr = filepath.FromSlash(benchPkg), env, stderr
		return cmd
	}
	for r := 1; r <= s.rounds; r++ {
		p.startRound(r)
		if err := p.run(command(s.bench, env), w, sawMNIST); err != nil {
			return false, fmt.Errorf("round %d of the benchmarks failed: %v", r, err)
		}
		if p.done == 0 {
			return false, fmt.Errorf("no benchmark matches -bench %q", s.bench)
		}
		if mnist && allCores != nil {
			done := p.done
			if err := p.run(command(allCoresBench, allCores), w, nil); err != nil {
				return false, fmt.Errorf("round %d of the benchmarks, the MNIST step on all cores, failed: %v", r, err)
			}
			if p.done == done {
				return false, fmt.Errorf("no benchmark matches -bench %q on all cores", allCoresBench)
			}
		}
		p.endRound()
	}
	return mnist && allCores != nil, nil
}

// A baseline is a Python script in bench/ that times some of the benchmarks'
// work with a peer library and prints it in the Go benchmark format, its
// lines' impl= key naming the peer.
type baseline struct {
	peer   string // as its comment lines start: "# <peer> "
	script string // from the module root
	what   string // what it times, for the summary
}

var (
	numpyBaseline = baseline{"numpy", "bench/numpy_baseline.py", "the book's code"}
	torchBaseline = baseline{"PyTorch", "bench/torch_baseline.py", "BenchmarkTrainStep's training step"}
	baselines     = []baseline{numpyBaseline, torchBaseline}
)

// run runs the baseline with python, -count rounds, and appends its results
// to w without its configuration lines, so that benchstat puts them in the
// same table as the Go results.
func (b baseline) run(w io.Writer, python string, env []string, rounds int) error {
	fmt.Printf("timing the %s baseline (%s %s, one thread)…\n", b.peer, python, b.script)
	return b.exec(w, python, env, dropConfig, "-count", fmt.Sprint(rounds))
}

// exec runs the baseline's script with python and args in environment env,
// appending to w its output as edit leaves it.
func (b baseline) exec(w io.Writer, python string, env []string, edit func(string) (string, bool), args ...string) error {
	cmd := exec.Command(python, append([]string{b.script}, args...)...)
	cmd.Env, cmd.Stderr = env, os.Stderr
	p := newProgress(os.Stdout, 1)
	defer p.clear()
	p.startRound(1)
	if err := p.run(cmd, w, edit); err != nil {
		return fmt.Errorf("%s baseline: %v", b.peer, err)
	}
	return nil
}

// dropConfig leaves out the configuration lines of the benchmark format.
func dropConfig(l string) (string, bool) { return l, !isConfigLine(l) }

// torchDefaultThreads times PyTorch's MNIST step on its default threads in
// environment env (without the one-thread settings) with python, -count
// rounds of -benchtime 0.1 s (the one-thread run keeps the script's 0.5 s:
// the script times everything it knows, and this pass keeps only the MNIST
// step), as impl=torchDefault, and appends it to w. Its comment line, which
// names its threads and its BLAS's, says "(torchDefault, its default
// threads)" after the peer.
func torchDefaultThreads(w io.Writer, python string, env []string, rounds int) error {
	fmt.Printf("timing the PyTorch baseline's MNIST step on PyTorch's default threads (%s %s -threads 0)…\n", python, torchBaseline.script)
	note := "# " + torchBaseline.peer + " "
	edit := func(l string) (string, bool) {
		if rest, ok := strings.CutPrefix(l, note); ok {
			return note + "(" + torchDefault + ", its default threads) " + rest, true
		}
		return l, !isConfigLine(l) && (!strings.HasPrefix(l, "Benchmark") || strings.HasPrefix(l, mnistStep+"/"))
	}
	return torchBaseline.exec(w, python, env, edit, "-count", fmt.Sprint(rounds), "-benchtime", "0.1", "-threads", "0", "-impl", torchDefault)
}

// progress follows the output of the benchmark rounds and shows how far the
// run is: on a terminal one line rewritten after each result, elsewhere a
// line every 10 seconds. Other lines of output (logs, failures) show as
// they come.
type progress struct {
	w      io.Writer
	tty    bool
	width  int // of the terminal
	rounds int

	round      int
	total      int // results a round, known after the first round
	done       int // results in this round
	roundStart time.Time
	roundTime  time.Duration // of the first round
	shown      time.Time     // when the last progress line was printed
	line       bool          // a progress line is on screen without a newline
}

func newProgress(w io.Writer, rounds int) *progress {
	p := &progress{w: w, rounds: rounds, width: 80, shown: time.Now()}
	if f, ok := w.(*os.File); ok {
		fi, err := f.Stat()
		p.tty = err == nil && fi.Mode()&os.ModeCharDevice != 0 && os.Getenv("TERM") != "dumb"
	}
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 1 {
		p.width = n
	}
	return p
}

func (p *progress) startRound(r int) { p.round, p.done, p.roundStart = r, 0, time.Now() }

func (p *progress) endRound() {
	if p.round == 1 {
		p.total, p.roundTime = p.done, time.Since(p.roundStart)
	}
	p.println(fmt.Sprintf("round %d/%d: %d benchmarks in %s", p.round, p.rounds, p.done, time.Since(p.roundStart).Round(time.Second)))
}

// run runs cmd, copying its standard output to w line by line as edit
// returns it (leaving out a line if it returns false; nil copies every line)
// and following it.
func (p *progress) run(cmd *exec.Cmd, w io.Writer, edit func(string) (string, bool)) error {
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	s := bufio.NewScanner(stdout)
	s.Buffer(nil, 1<<20)
	for s.Scan() {
		line := s.Text()
		if edit != nil {
			var keep bool
			if line, keep = edit(line); !keep {
				continue
			}
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			return err
		}
		p.follow(line)
	}
	if err := cmd.Wait(); err != nil {
		return err
	}
	return s.Err()
}

// follow handles one line of benchmark output.
func (p *progress) follow(line string) {
	name, _, result := strings.Cut(line, "\t")
	switch {
	case strings.HasPrefix(line, "Benchmark") && result:
		p.done++
		p.status(strings.TrimSpace(name))
	case line == "" || line == "PASS" || strings.HasPrefix(line, "Benchmark") || isConfigLine(line):
		// A name printed alone (the benchmark has sub-benchmarks) or the format's framing.
	default:
		p.println(line)
	}
}

// status shows "[ 65/288] round 2/8, ~2m10s left  name" on a terminal,
// and elsewhere if 10 seconds have passed since it last did.
func (p *progress) status(name string) {
	msg := fmt.Sprintf("[%4d/?] round 1/%d  %s", p.done, p.rounds, name)
	if p.total > 0 {
		all := p.total * p.rounds
		left := time.Duration(float64(p.roundTime)*float64(p.rounds-p.round+1)) - time.Since(p.roundStart)
		msg = fmt.Sprintf("[%*d/%d] round %d/%d, ~%s left  %s", len(fmt.Sprint(all)), (p.round-1)*p.total+p.done, all,
			p.round, p.rounds, max(left, 0).Round(time.Second), name)
	}
	switch {
	case p.tty:
		if r := []rune(msg); len(r) >= p.width { // one screen line, or \r cannot take it back
			msg = string(r[:p.width-2]) + "…"
		}
		fmt.Fprintf(p.w, "\r\x1b[K%s", msg)
		p.line = true
	case time.Since(p.shown) >= 10*time.Second:
		p.println(msg)
	}
}

// println prints a line of its own, after taking back a progress line.
func (p *progress) println(s string) {
	p.clear()
	fmt.Fprintln(p.w, s)
	p.shown = time.Now()
}

func (p *progress) clear() {
	if p.line {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.line = false
	}
}

// isConfigLine reports a "key: value" line of the benchmark format.
func isConfigLine(line string) bool {
	k, _, ok := strings.Cut(line, ": ")
	return ok && k != "" && !strings.ContainsAny(k, " \t") && k == strings.ToLower(k)
}

// dropRepeats passes writes to w, except those it has passed before: the
// line package bench prints at start in every round (the OpenBLAS core)
// shows once.
type dropRepeats struct {
	w    io.Writer
	seen map[string]bool
}

func (d *dropRepeats) Write(b []byte) (int, error) {
	if d.seen[string(b)] {
		return len(b), nil
	}
	d.seen[string(b)] = true
	return d.w.Write(b)
}
