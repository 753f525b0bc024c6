//go:build race

package nn_test

// raceEnabled skips what the race detector makes too slow or allocating:
// training to convergence, and allocation counts.
const raceEnabled = true
