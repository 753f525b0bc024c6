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

// ceilingPrefix starts the raw-output comment lines that record a ceiling
// (benchstat ignores lines starting with #), so a chart can be redrawn from
// the raw output alone.
const ceilingPrefix = "# ceiling "

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

// readCeilings returns the ceilings recorded in the raw output file name.
func readCeilings(name string) ([]probe.Ceiling, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var cs []probe.Ceiling
	s := bufio.NewScanner(f)
	for s.Scan() {
		if j, ok := strings.CutPrefix(s.Text(), ceilingPrefix); ok {
			var c probe.Ceiling
			if err := json.Unmarshal([]byte(j), &c); err != nil {
				return nil, fmt.Errorf("%s: bad ceiling line: %v", name, err)
			}
			cs = append(cs, c)
		}
	}
	return cs, s.Err()
}

func hasAVX512() bool { return cpu.Detect().AVX512 }
