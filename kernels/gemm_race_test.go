//go:build race

package kernels

// raceEnabled thins the GEMM tests under the race detector, which makes the
// accurate reference about thirty times slower.
const raceEnabled = true
