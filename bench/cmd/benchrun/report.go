package main

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/internal/probe"
)

// report prints benchstat's tables of the raw output file raw, then the
// summary a person reads: the speed-ups over generic (and each GFLOP/s
// figure's percentage of the FMA peak), the MNIST training step beside
// PyTorch on one core and on all, the notebook's softmax
// + cross-entropy comparison, the allocation check and, last, a one-line
// warning if the run was noisy. It saves the tables (benchstat.txt) and the
// roofline chart in dir out, and the summary as markdown: in out/results.md
// or, if readme is not "", in the results section of the markdown file
// readme (publish).
func report(raw, out, readme string) error {
	rr, err := readRaw(raw)
	if err != nil {
		return err
	}
	if len(rr.results) == 0 {
		return fmt.Errorf("%s holds no benchmark results", raw)
	}
	byImpl, byMode, err := benchstat(raw, rr)
	if err != nil {
		return err
	}
	tables := bytes.Join(slices.DeleteFunc([][]byte{byImpl, byMode}, func(b []byte) bool { return b == nil }), []byte("\n"))
	var summary bytes.Buffer
	writeSummary(&summary, rr)
	files, err := drawCharts(rr, out)
	if err == nil {
		err = os.WriteFile(filepath.Join(out, "benchstat.txt"), tables, 0o644)
	}
	if err == nil && readme != "" {
		err = publish(readme, raw, out, summary.Bytes(), byMode, files)
	} else if err == nil {
		err = os.WriteFile(filepath.Join(out, "results.md"), summary.Bytes(), 0o644)
	}
	if err != nil {
		return err
	}
	md := cmp.Or(readme, filepath.Join(out, "results.md"))
	fmt.Printf("%s\ntables: %s; summary: %s; chart: %s\n\n%s", tables, filepath.Join(out, "benchstat.txt"),
		md, strings.Join(files, ", "), summary.Bytes())
	return nil
}

// benchstat returns benchstat's tables of raw: byImpl, one column per
// implementation (generic first) of time and throughput, leaving out the
// benchmarks without an impl key, and byMode, the notebook's comparison of
// BenchmarkSoftmaxCEBackward's modes, combined against separate; each nil
// if raw has no benchmark for it.
func benchstat(raw string, rr *rawRun) (byImpl, byMode []byte, err error) {
	if len(rr.impls) > 0 {
		filter := ".unit:(ns/op OR GB/s OR GFLOP/s OR samples/s)"
		if skip := noImpl(rr.results); len(skip) > 0 {
			filter += " -.name:(" + strings.Join(skip, " OR ") + ")"
		}
		// -ignore /gomaxprocs: the MNIST step on all cores (…/impl=avx512-2cores-2) in the row of the others.
		if byImpl, err = runBenchstat(raw, "-ignore", "/gomaxprocs", "-filter", filter, "-col", "/impl@("+strings.Join(rr.impls, " ")+")"); err != nil {
			return nil, nil, err
		}
	}
	if slices.ContainsFunc(rr.results, func(r *result) bool { return r.base == "SoftmaxCEBackward" }) {
		if byMode, err = runBenchstat(raw, "-filter", ".name:SoftmaxCEBackward .unit:ns/op", "-col", "/mode@(combined separate)"); err != nil {
			return nil, nil, err
		}
	}
	return byImpl, byMode, nil
}

// runBenchstat returns what go tool benchstat prints for flags and raw.
func runBenchstat(raw string, flags ...string) ([]byte, error) {
	args := append(append([]string{"tool", "benchstat"}, flags...), raw)
	var stderr bytes.Buffer
	cmd := exec.Command("go", args...)
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return b, nil
}

// noImpl returns the base names of the benchmarks that have results
// without an impl key (they run on the active path and compare something
// else, e.g. /mode): a column per implementation would be meaningless.
func noImpl(rs []*result) []string {
	var names []string
	for _, r := range rs {
		if r.impl == "" && !slices.Contains(names, r.base) {
			names = append(names, r.base)
		}
	}
	return names
}

// writeSpeedups writes a table to w for each throughput unit: the median
// of every benchmark (a row) and implementation (a column), with its
// speed-up over generic in time per call and, for GFLOP/s when the run
// measured an FMA peak, a "% peak" column after each implementation
// (peakPercent) explained under the table. row writes a row, rule the rule
// under the head.
func writeSpeedups(w io.Writer, rr *rawRun, row func(...string), rule func(int)) {
	skip := noImpl(rr.results)
	for _, unit := range []string{"GFLOP/s", "GB/s", "samples/s"} {
		var names []string
		cell := map[string]map[string]*result{}
		used := map[string]bool{}
		for _, r := range rr.results {
			if _, ok := r.values[unit]; !ok || slices.Contains(skip, r.base) {
				continue
			}
			if cell[r.name] == nil {
				cell[r.name] = map[string]*result{}
				names = append(names, r.name)
			}
			cell[r.name][r.impl], used[r.impl] = r, true
		}
		if len(names) == 0 {
			continue
		}
		cols := slices.DeleteFunc(slices.Clone(rr.impls), func(s string) bool { return !used[s] })
		note := ""
		if unit == "GFLOP/s" {
			note = peakNote(rr.ceilings, cols)
		}
		fmt.Fprintf(w, "Median %s (× = speed-up over generic in time per call):\n\n", unit)
		head := []string{"benchmark"}
		for _, c := range cols {
			head = append(head, c)
			if note != "" {
				head = append(head, "% peak")
			}
		}
		row(head...)
		rule(len(head))
		for _, n := range names {
			cells := []string{n}
			base := cell[n]["generic"]
			for _, c := range cols {
				s, pct := "", ""
				if r := cell[n][c]; r != nil {
					s = fmtRate(r.values[unit])
					if base != nil && c != "generic" {
						s += " (" + fmtRatio(base.values["sec/op"]/r.values["sec/op"]) + ")"
					}
					if p, ok := peakPercent(r, rr.ceilings); ok {
						pct = fmtPercent(p)
					}
				}
				cells = append(cells, s)
				if note != "" {
					cells = append(cells, pct)
				}
			}
			row(cells...)
		}
		fmt.Fprintln(w)
		if note != "" {
			fmt.Fprintf(w, "%s\n\n", note)
		}
	}
}

// elemType returns the element type of r, "f64", "bf16" (whose peak is
// the probe's VDPBF16PS, "FMA bf16") or "f32": the benchmarks without a
// type in their name (GemmBatch, GemmSmall) are float32.
func elemType(r *result) string {
	for _, t := range []string{"f64", "bf16"} {
		if slices.Contains(r.parts, t) {
			return t
		}
	}
	return "f32"
}

// fmaPeak returns the FMA ceiling of element type typ (f32, f64, bf16) that
// implementation impl's GFLOP/s are compared with: the peak of the path's
// own instructions (ISA impl), or for the others (generic, which has no
// probe, and the peers: gonum, OpenBLAS, numpy, torch) the best path's, the
// highest measured. ok is false if cs holds no FMA ceiling of typ.
func fmaPeak(cs []probe.Ceiling, typ, impl string) (c probe.Ceiling, ok bool) {
	for _, x := range cs {
		if x.Name != "FMA "+typ || x.Unit != "GFLOP/s" {
			continue
		}
		if x.ISA == impl {
			return x, true
		}
		if !ok || x.Value > c.Value {
			c, ok = x, true
		}
	}
	return c, ok
}

// peakPercent returns r's GFLOP/s as a percentage of its FMA peak
// (fmaPeak), or false if r has no GFLOP/s or there is no peak.
func peakPercent(r *result, cs []probe.Ceiling) (float64, bool) {
	c, ok := fmaPeak(cs, elemType(r), r.impl)
	if g, has := r.values["GFLOP/s"]; has && ok && c.Value > 0 {
		return 100 * g / c.Value, true
	}
	return 0, false
}

// peakNote returns the line that explains the "% peak" columns of the
// GFLOP/s table of implementations impls, or "" if cs holds no FMA peak
// (then the table has no such columns).
func peakNote(cs []probe.Ceiling, impls []string) string {
	best, ok := fmaPeak(cs, "f32", "")
	if !ok {
		return ""
	}
	var own, others []string
	for _, im := range impls {
		if c, _ := fmaPeak(cs, "f32", im); c.ISA == im {
			own = append(own, im)
		} else {
			others = append(others, im)
		}
	}
	s := "% peak = GFLOP/s ÷ the FMA peak of the element type measured in this run (the ceilings above)"
	switch {
	case len(own) > 0 && len(others) > 0:
		s += fmt.Sprintf(": %s of the path's own instructions; %s of the best path's (%s)",
			strings.Join(own, ", "), strings.Join(others, ", "), best.ISA)
	case len(own) > 0:
		s += ": of the path's own instructions"
	default:
		s += fmt.Sprintf(": of the best path's (%s)", best.ISA)
	}
	return s + "."
}

// notebookLines returns, after a title, how many times as long the separate
// softmax + cross-entropy backward (a Jacobian per sample) takes as the
// combined one at each size, for simdkern and numpy (the x-vs-combined of
// BenchmarkSoftmaxCESpeedup, both modes timed in alternation), and how many
// times as fast simdkern is as numpy in each mode (BenchmarkSoftmaxCEBackward).
func notebookLines(rs []*result) []string {
	var sizes []string
	ratios, faster := map[string][]string{}, map[string][]string{}
	for _, r := range rs {
		size := r.key("samples") + "×" + r.key("classes")
		x, ok := r.values["x-vs-combined"]
		np := slices.IndexFunc(rs, func(n *result) bool { return n.name == r.name && n.impl == "numpy" })
		switch {
		case r.base == "SoftmaxCESpeedup" && ok:
			ratios[size] = append(ratios[size], cmp.Or(r.impl, "simdkern")+" "+fmtRatio(x))
		case r.base == "SoftmaxCEBackward" && r.impl == "" && np >= 0:
			faster[size] = append(faster[size], r.key("mode")+" "+fmtRatio(rs[np].values["sec/op"]/r.values["sec/op"]))
		default:
			continue
		}
		if !slices.Contains(sizes, size) {
			sizes = append(sizes, size)
		}
	}
	if len(sizes) == 0 {
		return nil
	}
	lines := []string{"Softmax + cross-entropy backward, separate ÷ combined (the notebook's t2/t1; it measured 3.6× with numpy at 3×3)"}
	for _, part := range []struct {
		m      map[string][]string
		format string
	}{{ratios, "%s: %s"}, {faster, "%s, simdkern's speed-up over numpy: %s"}} {
		for _, s := range sizes {
			if part.m[s] != nil {
				lines = append(lines, fmt.Sprintf(part.format, s, strings.Join(part.m[s], ", ")))
			}
		}
	}
	return lines
}

// coresKey matches the impl key of a simdkern path on more than one core,
// "avx512-2cores" (BenchmarkTrainStep's MNIST step on all cores): the path
// and the cores.
var coresKey = regexp.MustCompile(`^(\w+)-(\d+)cores$`)

// simdkernPath returns the simdkern path that implementation key impl
// names and the cores it ran on (1 for the keys of one core), or false if
// impl is a peer's or "".
func simdkernPath(impl string) (path string, cores int, ok bool) {
	if slices.Contains(dispatch.Names, impl) {
		return impl, 1, true
	}
	if m := coresKey.FindStringSubmatch(impl); m != nil && slices.Contains(dispatch.Names, m[1]) {
		n, err := strconv.Atoi(m[2])
		return m[1], n, err == nil
	}
	return "", 0, false
}

// mnistLines returns, after a title, the samples/s of the MNIST training
// step (BenchmarkTrainStep/f32/net=mnist): on one core, simdkern's fastest
// path beside PyTorch on one thread; on all cores, simdkern's path beside
// PyTorch on its default threads (impl=torch-default, its threads and its
// BLAS's read from its note, if any), with the ratios. It returns nil if
// the run timed neither PyTorch nor the step on all cores.
func mnistLines(rr *rawRun) []string {
	var one, all *result
	cores := 0
	byImpl := map[string]*result{}
	for _, r := range rr.results {
		if r.name != "TrainStep/f32/net=mnist" || r.values["samples/s"] <= 0 {
			continue
		}
		byImpl[r.impl] = r
		switch _, n, ours := simdkernPath(r.impl); {
		case ours && n == 1 && (one == nil || r.values["samples/s"] > one.values["samples/s"]):
			one = r
		case ours && n > 1:
			all, cores = r, n
		}
	}
	torch, torchAll := byImpl["torch"], byImpl[torchDefault]
	if all == nil && (one == nil || torch == nil) {
		return nil
	}
	rate := func(r *result) string { return fmtRate(r.values["samples/s"]) + " samples/s" }
	ratio := func(a, b *result) string { return fmtRatio(a.values["samples/s"] / b.values["samples/s"]) }
	lines := []string{"MNIST training step (784 → 128 → 128 → 10, Adam, batch 128; BenchmarkTrainStep/f32/net=mnist)"}
	if one != nil {
		l := "one core: simdkern " + one.impl + " " + rate(one)
		if torch != nil {
			l += ", PyTorch 1 thread " + rate(torch) + "; simdkern " + ratio(one, torch) + " PyTorch"
		}
		lines = append(lines, l)
	}
	if all != nil {
		path, _, _ := simdkernPath(all.impl)
		l := fmt.Sprintf("all %d cores: simdkern %s %s", cores, path, rate(all))
		if r := byImpl[path]; r != nil {
			l += " (" + ratio(all, r) + " its one-core figure)"
		}
		if torchAll != nil {
			l += ", PyTorch on its default threads" + defaultThreads(rr.notes[torchBaseline.peer]) + " " + rate(torchAll) +
				"; simdkern " + ratio(all, torchAll) + " PyTorch"
		}
		lines = append(lines, l)
	}
	return lines
}

// threadCounts matches the thread counts of a PyTorch baseline note: its
// own, then its BLAS's.
var threadCounts = regexp.MustCompile(`(\d+) thread\(s\)`)

// defaultThreads returns " (1 thread, its BLAS 2 threads)" from the note of
// the PyTorch baseline on its default threads among notes, or "" if there
// is none.
func defaultThreads(notes []string) string {
	for _, n := range notes {
		if !strings.HasPrefix(n, torchBaseline.peer+" ("+torchDefault+",") {
			continue
		}
		var ts []string
		for _, m := range threadCounts.FindAllStringSubmatch(n, 2) {
			ts = append(ts, m[1]+" thread")
			if m[1] != "1" {
				ts[len(ts)-1] += "s"
			}
		}
		switch len(ts) {
		case 1:
			return " (" + ts[0] + ")"
		case 2:
			return " (" + ts[0] + ", its BLAS " + ts[1] + ")"
		}
	}
	return ""
}

// allocLine reports the benchmarks of simdkern's paths, on one core or all
// of them (not the peers), that allocate per operation, or "" if none
// reports allocations.
func allocLine(rs []*result) string {
	var ours, bad []string
	for _, r := range rs {
		_, _, simdkern := simdkernPath(r.impl)
		if a, ok := r.values["allocs/op"]; ok && (r.impl == "" || simdkern) {
			ours = append(ours, r.name)
			if a > 0 {
				bad = append(bad, fmt.Sprintf("%s/impl=%s (%s allocs/op)", r.name, r.impl, strconv.FormatFloat(a, 'g', 2, 64))) // a median: 0.5 if half the rounds allocate once
			}
		}
	}
	if len(bad) > 0 {
		return fmt.Sprintf("allocations: %d of %d benchmarks of simdkern's paths allocate: %s", len(bad), len(ours), strings.Join(bad, ", "))
	} else if len(ours) > 0 {
		return fmt.Sprintf("allocations: 0 allocs/op in all %d benchmarks of simdkern's paths", len(ours))
	}
	return ""
}

// maxSpread is the spread between rounds above which a run is noisy.
const maxSpread = 0.10

// spreadWarning returns a one-line warning if the time of some benchmarks
// varies between rounds by more than maxSpread (benchstat's ±), or "".
func spreadWarning(rs []*result) string {
	noisy := slices.DeleteFunc(slices.Clone(rs), func(r *result) bool { return r.spread <= maxSpread })
	if len(noisy) == 0 {
		return ""
	}
	w := slices.MaxFunc(noisy, func(a, b *result) int { return cmp.Compare(a.spread, b.spread) })
	name := w.name
	if w.impl != "" {
		name += " " + w.impl
	}
	return fmt.Sprintf("warning: %d of %d benchmarks vary by more than ±%.0f%% between rounds (worst: %s ±%.0f%%): the machine was busy, so do not trust these figures",
		len(noisy), len(rs), 100*maxSpread, name, 100*w.spread)
}

// allCoresNote returns the end of the summary's first sentence that names
// the columns of impls not on one core: the MNIST step on all cores and
// PyTorch on its default threads; "" if there are none.
func allCoresNote(impls []string) string {
	var s []string
	for _, im := range impls {
		if _, n, ok := simdkernPath(im); ok && n > 1 {
			s = append(s, fmt.Sprintf("%s on all %d cores (GOMAXPROCS=%d)", im, n, n))
		} else if im == torchDefault {
			s = append(s, im+", PyTorch on its default threads")
		}
	}
	if s == nil {
		return ""
	}
	return " but the MNIST training step's columns " + joinAnd(s)
}

// writeSummary writes the summary in markdown to w, its tables aligned:
// how the run was measured, the ceilings, the speed-up tables, the MNIST
// step beside PyTorch, the baselines' versions, the notebook's comparison,
// the allocation check and the spread warning.
func writeSummary(w io.Writer, rr *rawRun) {
	cpu := rr.CPU
	if rr.brand != "" && rr.brand != cpu {
		cpu += fmt.Sprintf(" (cpuid brand: %s)", rr.brand)
	}
	peers := slices.DeleteFunc([]string{"OpenBLAS", "numpy", "torch"}, func(p string) bool { return !slices.Contains(rr.impls, strings.ToLower(p)) })
	one, core := "", "OpenBLAS picks its core"
	if rr.CoreType != "" {
		core = "OPENBLAS_CORETYPE=" + rr.CoreType
	}
	if len(peers) > 0 {
		one = fmt.Sprintf(", %s on one thread, %s", joinAnd(peers), core)
	}
	fmt.Fprintf(w, "Measured %s with `%s` on %s: suite %s, %d rounds of -benchtime %s, medians; "+
		"every implementation on one core (GOMAXPROCS=1%s)%s.\n\n", rr.Date, rr.Command, cpu, rr.Suite, rr.Rounds, rr.Benchtime, one, allCoresNote(rr.impls))
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	row := func(cells ...string) { fmt.Fprintf(tw, "| %s\t|\n", strings.Join(cells, "\t| ")) }
	rule := func(n int) { row(slices.Repeat([]string{"---"}, n)...) }
	if len(rr.ceilings) > 0 {
		fmt.Fprint(tw, "Ceilings of one core, measured by `internal/probe` (generated FMA and load loops, best of 10):\n\n")
		row("ceiling", "instructions", "rate")
		rule(3)
		for _, c := range rr.ceilings {
			name := c.Name
			if c.Bytes > 0 {
				name += " (" + c.Size() + ")"
			}
			row(name, c.ISA, fmt.Sprintf("%.0f %s", c.Value, c.Unit))
		}
		fmt.Fprintln(tw)
	}
	writeSpeedups(tw, rr, row, rule)
	tw.Flush()
	if ls := mnistLines(rr); ls != nil {
		fmt.Fprintf(w, "%s:\n\n- %s\n\n", ls[0], strings.Join(ls[1:], "\n- "))
	}
	for _, b := range baselines {
		if ns := rr.notes[b.peer]; len(ns) > 0 {
			fmt.Fprintf(w, "The %s baseline (`%s`, %s):\n\n- %s\n\n", b.peer, b.script, b.what, strings.Join(ns, "\n- "))
		}
	}
	if ls := notebookLines(rr.results); ls != nil {
		fmt.Fprintf(w, "%s:\n\n- %s\n\n", ls[0], strings.Join(ls[1:], "\n- "))
	}
	for _, l := range []string{allocLine(rr.results), spreadWarning(rr.results)} {
		if l != "" {
			fmt.Fprintln(w, l)
		}
	}
}

// fmtRate formats a rate with three significant digits, or from 1000 on
// (samples/s) as a whole number: 40912, not 4.09e+04.
func fmtRate(x float64) string {
	if x >= 1000 {
		return fmt.Sprintf("%.0f", x)
	}
	return strconv.FormatFloat(x, 'g', 3, 64)
}

// fmtPercent formats a percentage like "81%", or "4.5%" below 10.
func fmtPercent(x float64) string {
	if x < 9.95 {
		return fmt.Sprintf("%.1f%%", x)
	}
	return fmt.Sprintf("%.0f%%", x)
}

// fmtRatio formats a speed ratio like "3.6×".
func fmtRatio(x float64) string {
	if x >= 10 {
		return fmt.Sprintf("%.0f×", x)
	}
	return fmt.Sprintf("%.1f×", x)
}

// joinAnd joins words as a list in a sentence: "a", "a and b", "a, b and c".
func joinAnd(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
