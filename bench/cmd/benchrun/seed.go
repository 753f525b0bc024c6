package main

import (
	"fmt"
	"strings"
)

// seedRatio prints how many times as long the separate softmax +
// cross-entropy backward (the Jacobian per sample) takes as the combined
// one, next to the seed notebook's 3.6× at 3 samples × 3 classes with
// numpy. It reads BenchmarkSoftmaxCESpeedup's x-vs-combined (both modes
// timed in alternation) and falls back to the ratio of the medians of
// BenchmarkSoftmaxCEBackward's modes.
func seedRatio(rs []*result) {
	for _, l := range seedLines(rs) {
		fmt.Println(l)
	}
}

// seedLines returns seedRatio's lines: a title, then indented lines.
func seedLines(rs []*result) []string {
	type key struct{ size, impl string }
	ratio := map[key]float64{}
	var order []key
	add := func(k key, x float64) {
		if _, ok := ratio[k]; !ok {
			order = append(order, k)
		}
		ratio[k] = x
	}
	modes := map[key]map[string]float64{}
	var modeKeys []key
	for _, r := range rs {
		k := key{r.key("samples") + "×" + r.key("classes"), r.impl}
		switch r.base {
		case "SoftmaxCESpeedup":
			if x, ok := r.values["x-vs-combined"]; ok {
				add(k, x)
			}
		case "SoftmaxCEBackward":
			if modes[k] == nil {
				modes[k] = map[string]float64{}
				modeKeys = append(modeKeys, k)
			}
			modes[k][r.key("mode")] = r.values["sec/op"]
		}
	}
	for _, k := range modeKeys {
		m := modes[k]
		if _, ok := ratio[k]; !ok && m["combined"] > 0 && m["separate"] > 0 {
			add(k, m["separate"]/m["combined"])
		}
	}
	if len(order) == 0 {
		return nil
	}
	lines := []string{"softmax + cross-entropy backward, separate ÷ combined (the seed's t2/t1; it measured 3.6× with numpy at 3×3):"}
	sizes := []string{}
	bySize := map[string][]string{}
	for _, k := range order {
		if bySize[k.size] == nil {
			sizes = append(sizes, k.size)
		}
		impl := k.impl
		if impl == "" {
			impl = "simdkern"
		}
		bySize[k.size] = append(bySize[k.size], impl+" "+fmtRatio(ratio[k]))
	}
	for _, s := range sizes {
		lines = append(lines, fmt.Sprintf("  %s: %s", s, strings.Join(bySize[s], ", ")))
	}
	// What the seed's own tool takes against simdkern, mode by mode.
	for _, k := range modeKeys {
		if k.impl != "" {
			continue
		}
		np := modes[key{k.size, "numpy"}]
		var cmp []string
		for _, m := range []string{"combined", "separate"} {
			if t, tn := modes[k][m], np[m]; t > 0 && tn > 0 {
				cmp = append(cmp, fmt.Sprintf("%s %s faster", m, fmtRatio(tn/t)))
			}
		}
		if len(cmp) > 0 {
			lines = append(lines, fmt.Sprintf("  %s, simdkern against numpy: %s", k.size, strings.Join(cmp, ", ")))
		}
	}
	return lines
}
