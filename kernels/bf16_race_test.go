//go:build race

package kernels_test

// raceDetector reports that the race detector is on: sync.Pool then drops
// a random share of what it is given, so pooled buffers get reallocated.
const raceDetector = true
