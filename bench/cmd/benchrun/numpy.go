package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// numpyScript times the seed's steps with numpy and prints them in the Go
// benchmark format with impl=numpy.
const numpyScript = "bench/numpy_baseline.py"

// runNumpy runs the numpy baseline with python and appends its results to
// w without its configuration lines, so that benchstat puts them in the
// same table as the Go results, beside the Go implementations.
func runNumpy(w io.Writer, python string, env []string, rounds int) error {
	fmt.Printf("timing the numpy baseline (%s %s, one thread)…\n", python, numpyScript)
	cmd := exec.Command(python, numpyScript, "-count", fmt.Sprint(rounds))
	cmd.Env = env
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	var kept bytes.Buffer
	p := newProgress(os.Stdout, 1)
	p.startRound(1)
	err = p.scan(stdout, lineFilter{&kept})
	if werr := cmd.Wait(); werr != nil {
		p.finish()
		return fmt.Errorf("%s %s: %v", python, numpyScript, werr)
	}
	if err != nil {
		return err
	}
	p.finish()
	_, err = w.Write(kept.Bytes())
	return err
}

// lineFilter drops the configuration lines ("goos: linux") of the lines
// written to it, which come one whole line per Write.
type lineFilter struct{ w io.Writer }

func (f lineFilter) Write(b []byte) (int, error) {
	if isConfigLine(strings.TrimRight(string(b), "\n")) {
		return len(b), nil
	}
	return f.w.Write(b)
}
