package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/simdkern/simdkern/internal/dispatch"
)

// report prints the benchstat tables of the raw output file raw, checks
// allocations, shows the seed's ratio and draws the chart into dir out.
// stamp, if not empty, names the saved copy of the tables.
func report(raw, out, stamp string) error {
	rs, impls, err := readResults(raw)
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		return fmt.Errorf("%s holds no benchmark results", raw)
	}
	var tables []byte
	if len(impls) > 0 {
		if tables, err = benchstat(raw, columnOrder(impls), noImpl(rs)); err != nil {
			return err
		}
	}
	if hasBase(rs, "SoftmaxCEBackward") {
		// The seed's comparison: combined vs separate, on the active path
		// (the benchmark has no impl key) and with numpy.
		t, err := runBenchstat(raw, "-filter", ".name:SoftmaxCEBackward .unit:ns/op", "-col", "/mode@(combined separate)")
		if err != nil {
			return err
		}
		if len(tables) > 0 {
			tables = append(tables, '\n')
		}
		tables = append(tables, t...)
	}
	os.Stdout.Write(tables)
	if stamp != "" {
		name := filepath.Join(out, "benchstat-"+stamp+".txt")
		if err := os.WriteFile(name, tables, 0o644); err != nil {
			return err
		}
		fmt.Printf("\ntables saved in %s\n", name)
	}
	fmt.Println()
	checkAllocs(rs)
	seedRatio(rs)
	ri, cs, err := readRaw(raw)
	if err != nil {
		return err
	}
	files, err := drawCharts(rs, columnOrder(impls), cs, out, stamp)
	if err != nil {
		return err
	}
	if len(files) > 0 {
		fmt.Printf("chart: %s\n", strings.Join(files, ", "))
	}
	md := filepath.Join(out, "results.md")
	f, err := os.Create(md)
	if err != nil {
		return err
	}
	writeMarkdown(f, ri, rs, columnOrder(impls), cs)
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Printf("summary for a README: %s\n", md)
	return nil
}

// benchstat runs benchstat on raw with one column per implementation in
// the order cols, and time and throughput only, leaving out the benchmarks
// named in skip.
func benchstat(raw string, cols, skip []string) ([]byte, error) {
	filter := ".unit:(ns/op OR GB/s OR GFLOP/s)"
	if len(skip) > 0 {
		filter += " -.name:(" + strings.Join(skip, " OR ") + ")"
	}
	return runBenchstat(raw, "-filter", filter, "-col", "/impl@("+strings.Join(cols, " ")+")")
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

// runBenchstat runs go tool benchstat with flags on raw.
func runBenchstat(raw string, flags ...string) ([]byte, error) {
	args := append(append([]string{"tool", "benchstat"}, flags...), raw)
	cmd := exec.Command("go", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return b, nil
}

func hasBase(rs []*result, base string) bool {
	return slices.ContainsFunc(rs, func(r *result) bool { return r.base == base })
}

// checkAllocs reports the benchmarks of simdkern's paths (not the peers)
// that allocate per operation.
func checkAllocs(rs []*result) {
	var bad []string
	n := 0
	for _, r := range rs {
		a, ok := r.values["allocs/op"]
		if !ok || (r.impl != "" && !slices.Contains(dispatch.Names, r.impl)) {
			continue
		}
		n++
		if a > 0 {
			bad = append(bad, fmt.Sprintf("%s/impl=%s (%.0f allocs/op)", r.name, r.impl, a))
		}
	}
	switch {
	case n == 0:
	case len(bad) == 0:
		fmt.Printf("allocations: 0 allocs/op in all %d benchmarks of simdkern's paths\n", n)
	default:
		fmt.Printf("allocations: %d of %d benchmarks of simdkern's paths allocate: %s\n", len(bad), n, strings.Join(bad, ", "))
	}
}
