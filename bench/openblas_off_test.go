//go:build !openblas

package bench

// openblas is nil unless the benchmarks are built with -tags openblas.
var openblas cblas
