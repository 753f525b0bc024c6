//go:build openblas

package bench

// With -tags openblas the benchmarks compare with OpenBLAS (openblas.go).
// On AVX-512 CPUs run them with OPENBLAS_CORETYPE=SkylakeX: OpenBLAS 0.3.21
// does not recognise recent ones and otherwise falls back to a slow SSE3
// kernel. The core it runs is printed once at start, and is part of Name.

import (
	"fmt"
	"os"
	"runtime"
)

var openblas cblas = openBLAS{}

func init() {
	n := runtime.GOMAXPROCS(0)
	openBLAS{}.setThreads(n)
	fmt.Fprintf(os.Stderr, "openblas: %s, %d threads\n", openblas.Name(), n)
}
