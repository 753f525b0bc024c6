package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The markers around the results section of a markdown file (-readme).
const (
	resultsStart = "<!-- results:start -->\n"
	resultsEnd   = "<!-- results:end -->\n"
)

// rawName is the name of the raw output beside the tables and charts that a
// results section links to.
const rawName = "bench.txt"

// publish replaces the text between the results markers of the markdown file
// readme with the results section of the run: the summary, the notebook's
// comparison as benchstat prints it (byMode, if any), the roofline chart
// and links to the tables and the raw output, all of them in directory out.
// The raw output raw is copied there as bench.txt.
func publish(readme, raw, out string, summary, byMode []byte, charts []string) error {
	md, err := os.ReadFile(readme)
	if err != nil {
		return err
	}
	before, rest, ok := bytes.Cut(md, []byte(resultsStart))
	_, after, ok2 := bytes.Cut(rest, []byte(resultsEnd))
	if !ok || !ok2 {
		return fmt.Errorf("%s has no results section: no line %q followed by a line %q", readme, strings.TrimSpace(resultsStart), strings.TrimSpace(resultsEnd))
	}
	if err := copyRaw(raw, filepath.Join(out, rawName)); err != nil {
		return err
	}
	dir, err := filepath.Rel(filepath.Dir(readme), out)
	if err != nil {
		return err
	}
	var s bytes.Buffer
	s.Write(before)
	s.WriteString(resultsStart)
	s.Write(resultsSection(filepath.ToSlash(dir), filepath.ToSlash(filepath.Join(out, rawName)), summary, byMode, charts))
	s.WriteString(resultsEnd)
	s.Write(after)
	return os.WriteFile(readme, s.Bytes(), 0o644)
}

// resultsSection returns the results section, its links relative to the
// markdown file: dir is the directory of the tables, charts and raw output,
// and rawPath the raw output's path from where benchstat runs.
func resultsSection(dir, rawPath string, summary, byMode []byte, charts []string) []byte {
	var s bytes.Buffer
	s.Write(summary)
	if len(byMode) > 0 {
		s.WriteString("\nThe notebook's comparison as benchstat prints it (time per call; `vs base` is separate against\n" +
			"combined; rows without `impl` run simdkern's active path):\n\n```\n")
		var table strings.Builder
		for l := range strings.Lines(string(byMode)) {
			if !isConfigLine(l) { // goos, cpu…: the summary names the machine
				table.WriteString(l)
			}
		}
		s.WriteString(strings.Trim(table.String(), "\n") + "\n```\n")
	}
	link := func(name string) string { return dir + "/" + name }
	s.WriteString("\n")
	if slices.ContainsFunc(charts, func(c string) bool { return filepath.Base(c) == "roofline.png" }) {
		fmt.Fprintf(&s, "![Throughput against size for every implementation, under the ceilings of one core](%s)\n\n"+
			"The roofline chart ([SVG](%s)): throughput against working set (vector kernels) or matrix size\n"+
			"(Gemm NN), one line per implementation, under the ceilings that `internal/probe` measured on the\n"+
			"same core (dashed): the FMA peak for Gemm, the read bandwidth from L1, L2 and DRAM for the vector\n"+
			"kernels. Axpy and ReLUMask also store, on ports the read-only probe does not use, so in L1 they can\n"+
			"pass its line. ", link("roofline.png"), link("roofline.svg"))
	}
	fmt.Fprintf(&s, "The complete benchstat output (every unit, with its spread and p-values) is in\n"+
		"[%s](%s), the raw output it was computed from in [%s](%s)\n"+
		"(`go tool benchstat -ignore /gomaxprocs -col /impl %s` reads it; `-ignore` keeps the MNIST step on all cores in the row of the others).\n",
		link("benchstat.txt"), link("benchstat.txt"), link(rawName), link(rawName), rawPath)
	return s.Bytes()
}

// copyRaw copies the raw output raw to dst, unless they are the same file.
func copyRaw(raw, dst string) error {
	a, errA := os.Stat(raw)
	b, errB := os.Stat(dst)
	if errA == nil && errB == nil && os.SameFile(a, b) {
		return nil
	}
	data, err := os.ReadFile(raw)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}
