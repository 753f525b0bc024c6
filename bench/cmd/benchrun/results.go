package main

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"
)

// result is the median of every measurement of one benchmark.
type result struct {
	name   string             // full name without the impl part, e.g. "Dot/f32/n=4096"
	base   string             // "Dot"
	parts  []string           // sub-name parts other than impl=…: "f32", "n=4096"
	impl   string             // the impl key's value, "" if none
	values map[string]float64 // unit ("sec/op", "GB/s", …) → median
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

// has reports whether r's sub-name has the part p.
func (r *result) has(p string) bool { return slices.Contains(r.parts, p) }

// readResults reads the raw output file name and returns one result per
// benchmark and implementation, in order of first appearance, and the
// implementations in order of first appearance.
func readResults(name string) ([]*result, []string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	type acc struct {
		r       *result
		samples map[string][]float64
	}
	var (
		order []*acc
		byKey = map[string]*acc{}
		impls []string
	)
	br := benchfmt.NewReader(f, name)
	for br.Scan() {
		rec, ok := br.Result().(*benchfmt.Result)
		if !ok {
			continue // a syntax error in a line the format does not know: ignore it
		}
		base, parts := rec.Name.Parts()
		r := &result{base: strings.TrimPrefix(string(base), "Benchmark")}
		full := []string{r.base}
		for _, p := range parts {
			s := strings.TrimPrefix(string(p), "/")
			if strings.HasPrefix(string(p), "-") {
				continue // GOMAXPROCS
			}
			if v, ok := strings.CutPrefix(s, "impl="); ok {
				r.impl = v
				continue
			}
			r.parts = append(r.parts, s)
			full = append(full, s)
		}
		r.name = strings.Join(full, "/")
		if r.impl != "" && !slices.Contains(impls, r.impl) {
			impls = append(impls, r.impl)
		}
		k := r.name + "\x00" + r.impl
		a := byKey[k]
		if a == nil {
			a = &acc{r: r, samples: map[string][]float64{}}
			byKey[k] = a
			order = append(order, a)
		}
		for _, v := range rec.Values {
			a.samples[v.Unit] = append(a.samples[v.Unit], v.Value)
		}
	}
	if err := br.Err(); err != nil {
		return nil, nil, err
	}
	rs := make([]*result, len(order))
	for i, a := range order {
		a.r.values = map[string]float64{}
		for u, s := range a.samples {
			a.r.values[u] = median(s)
		}
		rs[i] = a.r
	}
	return rs, impls, nil
}

func median(s []float64) float64 {
	s = slices.Clone(s)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
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

// sizeOf returns the numeric value of r's size key k, or false.
func sizeOf(r *result, k string) (float64, bool) {
	v, err := strconv.ParseFloat(r.key(k), 64)
	return v, err == nil
}

// fmtRatio formats a speed ratio like "3.6×".
func fmtRatio(x float64) string {
	if x >= 10 {
		return fmt.Sprintf("%.0f×", x)
	}
	return fmt.Sprintf("%.1f×", x)
}
