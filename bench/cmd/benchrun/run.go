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

// runRounds runs the test binary bin for suite s round after round (each
// round runs every selected benchmark once, so the rounds interleave and a
// noisy neighbour spreads over every implementation), copying the output to
// w and showing progress on standard output.
func runRounds(w io.Writer, bin string, s suite, env []string) error {
	p := newProgress(os.Stdout, s.rounds)
	defer p.clear()
	stderr := &dropRepeats{w: os.Stderr, seen: map[string]bool{}}
	for r := 1; r <= s.rounds; r++ {
		p.startRound(r)
		cmd := exec.Command(bin, "-test.run", "^$", "-test.bench", s.bench, "-test.benchtime", s.benchtime,
			"-test.count", "1", "-test.benchmem", "-bench.full")
		cmd.Dir, cmd.Env, cmd.Stderr = filepath.FromSlash(benchPkg), env, stderr
		if err := p.run(cmd, w, false); err != nil {
			return fmt.Errorf("round %d of the benchmarks failed: %v", r, err)
		}
		if p.done == 0 {
			return fmt.Errorf("no benchmark matches -bench %q", s.bench)
		}
		p.endRound()
	}
	return nil
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
	cmd := exec.Command(python, b.script, "-count", fmt.Sprint(rounds))
	cmd.Env, cmd.Stderr = env, os.Stderr
	p := newProgress(os.Stdout, 1)
	defer p.clear()
	p.startRound(1)
	if err := p.run(cmd, w, true); err != nil {
		return fmt.Errorf("%s baseline: %v", b.peer, err)
	}
	return nil
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

// run runs cmd, copying its standard output to w line by line (leaving out
// the configuration lines if noConfig is set) and following it.
func (p *progress) run(cmd *exec.Cmd, w io.Writer, noConfig bool) error {
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
		if noConfig && isConfigLine(line) {
			continue
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
