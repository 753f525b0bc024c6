package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"

	"github.com/simdkern/simdkern/internal/probe"
)

// The raw output starts with comment lines (benchstat ignores lines that
// start with #) recording the run and the ceilings, so that its report and
// chart can be made again from the raw output alone.
const (
	runPrefix     = "# run "
	ceilingPrefix = "# ceiling "
)

// runInfo describes one run of the benchmarks.
type runInfo struct {
	Date      string // start, "2006-01-02 15:04 UTC"
	Command   string // what ran: make's command or the runner's
	Suite     string // "quick", "full", or with a -bench filter
	Rounds    int
	Benchtime string
	Tags      string
	CPU       string // the model name in /proc/cpuinfo
	CoreType  string // OPENBLAS_CORETYPE, "" if OpenBLAS picks its core
}

// writeHeader records the run and the ceilings at the start of the raw
// output w.
func writeHeader(w io.Writer, ri runInfo, cs []probe.Ceiling) {
	b, _ := json.Marshal(ri)
	fmt.Fprintf(w, "%s%s\n", runPrefix, b)
	for _, c := range cs {
		b, _ := json.Marshal(c)
		fmt.Fprintf(w, "%s%s\n", ceilingPrefix, b)
	}
}

// result is one benchmark of one implementation, over every round.
type result struct {
	name   string             // full name without the impl part, e.g. "Dot/f32/n=4096"
	base   string             // "Dot"
	parts  []string           // sub-name parts other than impl=…: "f32", "n=4096"
	impl   string             // the impl key's value, "" if none
	values map[string]float64 // unit ("sec/op", "GB/s", …) → median
	spread float64            // of sec/op: benchstat's ± (the 95% interval around the median ÷ the median), 0 if unknown
}

// key returns the value of the sub-name key k ("" if r has none).
func (r *result) key(k string) string {
	for _, p := range r.parts {
		if v, ok := strings.CutPrefix(p, k+"="); ok {
			return v
		}
	}
	return ""
}

// rawRun is what a raw output file holds.
type rawRun struct {
	runInfo
	brand    string              // the cpuid brand string, from the benchmarks' "cpu:" line
	notes    map[string][]string // each baseline's comments (its versions, BLAS, threads) by peer, without "# "
	ceilings []probe.Ceiling
	results  []*result // in order of first appearance
	impls    []string  // in order of first appearance, generic first (columnOrder)
}

// baselineNote returns the peer of the baseline whose comment line l is, or
// "" if it is none's.
func baselineNote(l string) string {
	for _, b := range baselines {
		if strings.HasPrefix(l, "# "+b.peer+" ") {
			return b.peer
		}
	}
	return ""
}

// readRaw reads the raw output file name.
func readRaw(name string) (*rawRun, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	rr := &rawRun{notes: map[string][]string{}}
	for l := range strings.Lines(string(b)) {
		l = strings.TrimSuffix(l, "\n")
		var err error
		switch {
		case strings.HasPrefix(l, "cpu: ") && rr.brand == "":
			rr.brand = strings.TrimSpace(l[len("cpu: "):])
		case baselineNote(l) != "":
			peer := baselineNote(l)
			rr.notes[peer] = append(rr.notes[peer], l[2:])
		case strings.HasPrefix(l, runPrefix):
			err = json.Unmarshal([]byte(l[len(runPrefix):]), &rr.runInfo)
		case strings.HasPrefix(l, ceilingPrefix):
			var c probe.Ceiling
			err = json.Unmarshal([]byte(l[len(ceilingPrefix):]), &c)
			rr.ceilings = append(rr.ceilings, c)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: bad line %q: %v", name, l, err)
		}
	}

	samples := map[string]map[string][]float64{} // name and impl → unit → values
	br := benchfmt.NewReader(strings.NewReader(string(b)), name)
	for br.Scan() {
		rec, ok := br.Result().(*benchfmt.Result)
		if !ok {
			continue // a line the format does not know
		}
		base, parts := rec.Name.Parts()
		r := &result{base: strings.TrimPrefix(string(base), "Benchmark")}
		for _, p := range parts {
			if strings.HasPrefix(string(p), "-") {
				continue // GOMAXPROCS
			}
			s := strings.TrimPrefix(string(p), "/")
			if v, ok := strings.CutPrefix(s, "impl="); ok {
				r.impl = v
			} else {
				r.parts = append(r.parts, s)
			}
		}
		r.name = strings.Join(append([]string{r.base}, r.parts...), "/")
		k := r.name + "\x00" + r.impl
		if samples[k] == nil {
			samples[k] = map[string][]float64{}
			rr.results = append(rr.results, r)
			if r.impl != "" && !slices.Contains(rr.impls, r.impl) {
				rr.impls = append(rr.impls, r.impl)
			}
		}
		for _, v := range rec.Values {
			samples[k][v.Unit] = append(samples[k][v.Unit], v.Value)
		}
	}
	if err := br.Err(); err != nil {
		return nil, err
	}
	rr.impls = columnOrder(rr.impls)
	for _, r := range rr.results {
		r.values = map[string]float64{}
		for unit, vs := range samples[r.name+"\x00"+r.impl] {
			s := benchmath.AssumeNothing.Summary(benchmath.NewSample(vs, &benchmath.DefaultThresholds), 0.95)
			r.values[unit] = s.Center
			if unit == "sec/op" && s.Center > 0 && !math.IsInf(s.Lo, 0) && !math.IsInf(s.Hi, 0) {
				r.spread = max(s.Hi/s.Center-1, 1-s.Lo/s.Center)
			}
		}
	}
	return rr, nil
}

// columnOrder returns impls with generic first: benchstat compares every
// column with the first one ("vs base").
func columnOrder(impls []string) []string {
	i := slices.Index(impls, "generic")
	if i <= 0 {
		return impls
	}
	return append([]string{"generic"}, slices.Delete(slices.Clone(impls), i, i+1)...)
}
