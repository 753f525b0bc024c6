package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/simdkern/simdkern/internal/probe"
)

// writeMarkdown writes a results summary for a README to w: how it was
// measured, the ceilings, one table per throughput unit with the median of
// every benchmark for every implementation and its speed-up over generic,
// and the seed's softmax + cross-entropy ratios.
func writeMarkdown(w io.Writer, ri runInfo, rs []*result, impls []string, cs []probe.Ceiling) {
	cpu := ri.CPU
	if ri.Brand != "" && ri.Brand != cpu {
		cpu += fmt.Sprintf(" (cpuid brand: %s)", ri.Brand)
	}
	core := "OpenBLAS picks its core"
	if ri.CoreType != "" {
		core = "OPENBLAS_CORETYPE=" + ri.CoreType
	}
	fmt.Fprintf(w, "Measured %s with `%s` on %s: suite %s, %d rounds of -benchtime %s, medians; "+
		"every implementation on one core (GOMAXPROCS=1, OpenBLAS and numpy on one thread, %s).\n\n",
		runDate(ri.Date), ri.Command, cpu, ri.Suite, ri.Rounds, ri.Benchtime, core)
	if len(cs) > 0 {
		fmt.Fprintln(w, "Ceilings of one core, measured by `internal/probe` (generated FMA and load loops, best of 10):")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| ceiling | instructions | rate |")
		fmt.Fprintln(w, "|---|---|---|")
		for _, c := range cs {
			name := c.Name
			if c.Bytes > 0 {
				name += " (" + c.Size() + ")"
			}
			fmt.Fprintf(w, "| %s | %s | %.0f %s |\n", name, c.ISA, c.Value, c.Unit)
		}
		fmt.Fprintln(w)
	}
	skip := noImpl(rs)
	for _, unit := range []string{"GFLOP/s", "GB/s"} {
		var rows []*result
		for _, r := range rs {
			if _, ok := r.values[unit]; ok && !slices.Contains(skip, r.base) {
				rows = append(rows, r)
			}
		}
		if len(rows) == 0 {
			continue
		}
		fmt.Fprintf(w, "Median %s (× = speed-up over generic in time per call):\n\n", unit)
		markdownTable(w, rows, impls, unit)
		fmt.Fprintln(w)
	}
	if len(ri.Numpy) > 0 {
		fmt.Fprintln(w, "The numpy baseline (`bench/numpy_baseline.py`, the seed's code):")
		fmt.Fprintln(w)
		for _, l := range ri.Numpy {
			fmt.Fprintf(w, "- %s\n", l)
		}
		fmt.Fprintln(w)
	}
	if ls := seedLines(rs); len(ls) > 0 {
		fmt.Fprintf(w, "%s\n\n", strings.TrimSuffix(strings.ToUpper(ls[0][:1])+ls[0][1:], ":")+":")
		for _, l := range ls[1:] {
			fmt.Fprintf(w, "- %s\n", strings.TrimSpace(l))
		}
	}
}

// runDate formats an RFC 3339 date as "2026-11-28 03:25 UTC".
func runDate(d string) string {
	t, err := time.Parse(time.RFC3339, d)
	if err != nil {
		return d
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// markdownTable writes one row per benchmark name among rows, one column
// per implementation.
func markdownTable(w io.Writer, rows []*result, impls []string, unit string) {
	var names []string
	cell := map[string]map[string]*result{}
	used := map[string]bool{}
	for _, r := range rows {
		if cell[r.name] == nil {
			cell[r.name] = map[string]*result{}
			names = append(names, r.name)
		}
		cell[r.name][r.impl] = r
		used[r.impl] = true
	}
	cols := slices.DeleteFunc(slices.Clone(impls), func(s string) bool { return !used[s] })
	fmt.Fprintf(w, "| benchmark | %s |\n|---|%s\n", strings.Join(cols, " | "), strings.Repeat("---|", len(cols)))
	for _, n := range names {
		fmt.Fprintf(w, "| %s |", n)
		base := cell[n]["generic"]
		for _, c := range cols {
			r := cell[n][c]
			switch {
			case r == nil:
				fmt.Fprint(w, " |")
			case base == nil || c == "generic":
				fmt.Fprintf(w, " %s |", fmtRate(r.values[unit]))
			default:
				fmt.Fprintf(w, " %s (%s) |", fmtRate(r.values[unit]), fmtRatio(base.values["sec/op"]/r.values["sec/op"]))
			}
		}
		fmt.Fprintln(w)
	}
}

// fmtRate formats a rate with three significant digits at most.
func fmtRate(x float64) string {
	switch {
	case x >= 100:
		return fmt.Sprintf("%.0f", x)
	case x >= 10:
		return fmt.Sprintf("%.1f", x)
	case x > 0:
		return fmt.Sprintf("%.*f", max(2, 1-int(math.Floor(math.Log10(x)))), x)
	}
	return "0"
}
