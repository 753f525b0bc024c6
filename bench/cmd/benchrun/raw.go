package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/simdkern/simdkern/internal/cpu"
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
	Date      string // start, RFC 3339 in UTC
	Command   string // what ran: make's command or the runner's
	Suite     string // "quick", "full", or with a -bench filter
	Rounds    int
	Benchtime string
	Tags      string
	CPU       string // the model name in /proc/cpuinfo
	CoreType  string // OPENBLAS_CORETYPE, "" if OpenBLAS picks its core

	Brand string   `json:"-"` // the cpuid brand string, from the benchmarks' "cpu:" line
	Numpy []string `json:"-"` // the numpy baseline's comments: its version, BLAS and core
}

func writeRunInfo(w io.Writer, r runInfo) {
	b, _ := json.Marshal(r)
	fmt.Fprintf(w, "%s%s\n", runPrefix, b)
}

// measureCeilings runs the probes and prints what they measured.
func measureCeilings() []probe.Ceiling {
	fmt.Println("measuring this core's ceilings (FMA peak, read bandwidth from L1, L2, DRAM)…")
	cs := probe.Measure()
	if len(cs) == 0 {
		fmt.Println("  no probe for this CPU: the chart has no ceiling lines")
	}
	for _, c := range cs {
		fmt.Println("  " + c.String())
	}
	return cs
}

// writeCeilings records cs in the raw output w.
func writeCeilings(w io.Writer, cs []probe.Ceiling) {
	for _, c := range cs {
		b, _ := json.Marshal(c)
		fmt.Fprintf(w, "%s%s\n", ceilingPrefix, b)
	}
}

// readRaw returns the run and the ceilings recorded in the raw output file
// name.
func readRaw(name string) (runInfo, []probe.Ceiling, error) {
	var ri runInfo
	f, err := os.Open(name)
	if err != nil {
		return ri, nil, err
	}
	defer f.Close()
	var cs []probe.Ceiling
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := s.Text()
		if b, ok := strings.CutPrefix(line, "cpu: "); ok && ri.Brand == "" {
			ri.Brand = strings.TrimSpace(b)
		}
		if n, ok := strings.CutPrefix(line, "# numpy "); ok {
			ri.Numpy = append(ri.Numpy, "numpy "+n)
		}
		if j, ok := strings.CutPrefix(line, runPrefix); ok {
			brand, numpy := ri.Brand, ri.Numpy
			if err := json.Unmarshal([]byte(j), &ri); err != nil {
				return ri, nil, fmt.Errorf("%s: bad run line: %v", name, err)
			}
			ri.Brand, ri.Numpy = brand, numpy
		}
		if j, ok := strings.CutPrefix(line, ceilingPrefix); ok {
			var c probe.Ceiling
			if err := json.Unmarshal([]byte(j), &c); err != nil {
				return ri, nil, fmt.Errorf("%s: bad ceiling line: %v", name, err)
			}
			cs = append(cs, c)
		}
	}
	return ri, cs, s.Err()
}

func hasAVX512() bool { return cpu.Detect().AVX512 }
