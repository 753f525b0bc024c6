package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// buildBench builds the test binary of pkg into a new temporary directory
// (so that runs at the same time do not replace each other's binary) and
// returns its path. The caller removes the directory.
func buildBench(tags, pkg string) (string, error) {
	dir, err := os.MkdirTemp("", "simdkern-bench-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "bench.test")
	fmt.Printf("building the benchmarks of %s (go test -c%s)…\n", pkg, tagFlag(tags))
	build := exec.Command("go", "test", "-c", "-o", bin)
	if tags != "" {
		build.Args = append(build.Args, "-tags", tags)
	}
	build.Args = append(build.Args, pkg)
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

// runGo runs the test binary bin for suite s round after round (each round
// runs every selected benchmark once, so the rounds interleave and a noisy
// neighbour spreads over every implementation), copying the output to w and
// showing progress on standard output.
func runGo(w io.Writer, bin string, s suite, pkg string, env []string) error {
	p := newProgress(os.Stdout, s.rounds)
	stderr := &onceWriter{w: os.Stderr, prefix: "openblas:", seen: map[string]bool{}}
	for r := 1; r <= s.rounds; r++ {
		p.startRound(r)
		cmd := exec.Command(bin, append([]string{
			"-test.run", "^$", "-test.bench", s.bench, "-test.benchtime", s.benchtime,
			"-test.count", "1", "-test.benchmem"}, s.args...)...)
		cmd.Dir = pkgDir(pkg)
		cmd.Env = env
		cmd.Stderr = stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			return err
		}
		if err := cmd.Start(); err != nil {
			return err
		}
		scanErr := p.scan(stdout, w)
		if err := cmd.Wait(); err != nil {
			p.finish()
			return fmt.Errorf("round %d of the benchmarks failed: %v", r, err)
		}
		if scanErr != nil {
			return scanErr
		}
		if p.done == 0 {
			p.finish()
			return fmt.Errorf("no benchmark matches -bench %q", s.bench)
		}
		p.endRound()
	}
	p.finish()
	return nil
}

func tagFlag(tags string) string {
	if tags == "" {
		return ""
	}
	return " -tags " + tags
}

// pkgDir returns the directory of package pkg ("./bench"), where go test
// would run its test binary.
func pkgDir(pkg string) string { return filepath.FromSlash(pkg) }

// progress follows the output of the benchmark rounds and shows which
// benchmark runs and how far the run is: on a terminal as one line
// rewritten in place, elsewhere as one line per finished benchmark.
type progress struct {
	w      io.Writer
	tty    bool
	width  int // of the terminal
	rounds int

	round      int
	total      int // benchmarks per round, known after the first round
	done       int // benchmarks finished in this round
	roundStart time.Time
	roundTime  time.Duration // duration of the first round
	line       bool          // a progress line is on screen without a newline
}

func newProgress(w io.Writer, rounds int) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			tty = os.Getenv("TERM") != "dumb"
		}
	}
	return &progress{w: w, tty: tty, width: termWidth(), rounds: rounds}
}

// termWidth returns the width of the terminal on standard input, from
// $COLUMNS or stty, or 80.
func termWidth() int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	cmd := exec.Command("stty", "size")
	cmd.Stdin = os.Stdin
	if b, err := cmd.Output(); err == nil {
		if f := strings.Fields(string(b)); len(f) == 2 {
			if n, err := strconv.Atoi(f[1]); err == nil && n > 0 {
				return n
			}
		}
	}
	return 80
}

func (p *progress) startRound(r int) {
	p.round, p.done, p.roundStart = r, 0, time.Now()
}

func (p *progress) endRound() {
	if p.round == 1 {
		p.total, p.roundTime = p.done, time.Since(p.roundStart)
	}
	p.clear()
	fmt.Fprintf(p.w, "round %d/%d: %d benchmarks in %s\n", p.round, p.rounds, p.done, time.Since(p.roundStart).Round(time.Second))
}

// status is the "[ 65/288] round 2/6, 2m10s left" prefix of a progress line.
func (p *progress) status() string {
	if p.total == 0 {
		return fmt.Sprintf("[%4d/?] round 1/%d", p.done+1, p.rounds)
	}
	n := (p.round-1)*p.total + p.done + 1
	left := time.Duration(float64(p.roundTime)*float64(p.rounds-p.round+1)) - time.Since(p.roundStart)
	return fmt.Sprintf("[%*d/%d] round %d/%d, ~%s left", len(fmt.Sprint(p.total*p.rounds)), n, p.total*p.rounds, p.round, p.rounds, max(left, 0).Round(time.Second))
}

// scan copies the benchmark output r to w line by line, and reports each
// benchmark as soon as its name appears (the testing package prints it
// before running it) and again with its result.
func (p *progress) scan(r io.Reader, w io.Writer) error {
	buf := make([]byte, 32<<10)
	var pending []byte // output not yet ended by a newline
	for {
		n, err := r.Read(buf)
		pending = append(pending, buf[:n]...)
		for {
			i := bytes.IndexByte(pending, '\n')
			if i < 0 {
				break
			}
			if _, werr := w.Write(pending[:i+1]); werr != nil {
				return werr
			}
			p.lineDone(string(pending[:i]))
			pending = pending[:copy(pending, pending[i+1:])]
		}
		if name, ok := runningName(pending); ok {
			p.show(name, "")
		}
		if err == io.EOF {
			if len(pending) > 0 {
				if _, werr := fmt.Fprintf(w, "%s\n", pending); werr != nil {
					return werr
				}
				p.lineDone(string(pending))
			}
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// runningName reports the benchmark name at the start of an unfinished line.
func runningName(pending []byte) (string, bool) {
	if !bytes.HasPrefix(pending, []byte("Benchmark")) {
		return "", false
	}
	name, _, _ := strings.Cut(string(pending), "\t")
	return strings.TrimSpace(name), true
}

// lineDone handles one complete line of benchmark output.
func (p *progress) lineDone(line string) {
	name, res, ok := parseResult(line)
	switch {
	case ok:
		p.show(name, res)
		p.done++
	case line == "PASS" || strings.HasPrefix(line, "ok ") || isConfigLine(line):
	case strings.HasPrefix(line, "Benchmark") && !strings.Contains(line, "\t"):
		// A name printed alone: the benchmark has sub-benchmarks.
	default:
		// Logs, failures, the OpenBLAS core name: show them.
		p.clear()
		fmt.Fprintln(p.w, line)
	}
}

// show reports a benchmark that runs (res == "") or has finished.
func (p *progress) show(name, res string) {
	msg := p.status() + "  " + name
	if res != "" {
		msg += "  " + res
	}
	if p.tty {
		// One screen line, or \r cannot take it back.
		if r := []rune(msg); len(r) >= p.width {
			msg = string(r[:p.width-2]) + "…"
		}
		fmt.Fprintf(p.w, "\r\x1b[K%s", msg)
		p.line = true
		return
	}
	if res != "" {
		fmt.Fprintln(p.w, msg)
	}
}

func (p *progress) clear() {
	if p.line {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.line = false
	}
}

func (p *progress) finish() { p.clear() }

// parseResult splits a benchmark result line into the benchmark's name and
// its measurements, shortened to time and throughput.
func parseResult(line string) (name, res string, ok bool) {
	f := strings.Split(line, "\t")
	if len(f) < 3 || !strings.HasPrefix(f[0], "Benchmark") {
		return "", "", false
	}
	name = strings.TrimSpace(f[0])
	var keep []string
	for _, m := range f[2:] {
		m = strings.TrimSpace(m)
		if strings.HasSuffix(m, " ns/op") || strings.HasSuffix(m, "/s") {
			keep = append(keep, m)
		}
	}
	return name, strings.Join(keep, "  "), len(keep) > 0
}

// isConfigLine reports a "key: value" line of the benchmark format.
func isConfigLine(line string) bool {
	k, _, ok := strings.Cut(line, ": ")
	return ok && k != "" && !strings.ContainsAny(k, " \t") && k == strings.ToLower(k)
}

// onceWriter passes writes to w, except those starting with prefix that it
// has passed before: the line package bench prints at start in every round
// (the OpenBLAS core) shows once.
type onceWriter struct {
	w      io.Writer
	prefix string
	seen   map[string]bool
}

func (o *onceWriter) Write(b []byte) (int, error) {
	if s := string(b); strings.HasPrefix(s, o.prefix) {
		if o.seen[s] {
			return len(b), nil
		}
		o.seen[s] = true
	}
	return o.w.Write(b)
}
