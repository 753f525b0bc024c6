// Package kernels provides SIMD-accelerated numeric kernels for float32 and
// float64: dot product, axpy, column sum, ReLU, the ReLU backward mask and
// general matrix multiply.
//
// Matrices are row-major: element (i, j) of a matrix with leading dimension
// ld is a[i*ld+j], and ld may be larger than the number of columns; the
// padding between rows is never read or written.
//
// Every kernel has a pure-Go implementation, the reference that every SIMD
// path is tested against and the fallback on every CPU. At init the package
// asks cpuid for the best path this CPU runs (avx512, avx2, neon or generic);
// the environment variable SIMDKERN_ISA set to one of those names lowers the
// choice, and ISA reports the path that runs.
//
// Kernels panic on programmer error (mismatched lengths, slices too short for
// the sizes given, negative sizes, a leading dimension smaller than a row),
// with a message that names the function and the sizes; they never read or
// write outside the slices they are given, and they do not allocate.
package kernels
