package gonumblas

import "github.com/simdkern/simdkern/kernels"

// Sdot returns Σ x[i]·y[i] for i < n. With incX and incY both 1 it runs
// kernels.Dot on x[:n] and y[:n]; otherwise it is gonum's Sdot.
func (impl Implementation) Sdot(n int, x []float32, incX int, y []float32, incY int) float32 {
	if s, ok := dot(n, x, incX, y, incY); ok {
		return s
	}
	return impl.Implementation.Sdot(n, x, incX, y, incY)
}

// Ddot returns Σ x[i]·y[i] for i < n. With incX and incY both 1 it runs
// kernels.Dot on x[:n] and y[:n]; otherwise it is gonum's Ddot.
func (impl Implementation) Ddot(n int, x []float64, incX int, y []float64, incY int) float64 {
	if s, ok := dot(n, x, incX, y, incY); ok {
		return s
	}
	return impl.Implementation.Ddot(n, x, incX, y, incY)
}

// dot computes the unit-increment dot product with kernels.Dot and reports
// true, or reports false if the call is gonum's: other increments, n ≤ 0 or
// short slices.
func dot[T kernels.Float](n int, x []T, incX int, y []T, incY int) (T, bool) {
	if incX != 1 || incY != 1 || n <= 0 || len(x) < n || len(y) < n {
		return 0, false
	}
	return kernels.Dot(x[:n], y[:n]), true
}

// Saxpy adds alpha·x to y: y[i] += alpha·x[i] for i < n. With incX and incY
// both 1, alpha ≠ 0, and x[:n] and y[:n] either the same elements or
// disjoint, it runs kernels.Axpy, which rounds the product and then the
// sum, as gonum's amd64 assembly does: on amd64 the results are gonum's, NaN
// for NaN. Otherwise it is gonum's Saxpy, which leaves y alone when alpha is 0.
func (impl Implementation) Saxpy(n int, alpha float32, x []float32, incX int, y []float32, incY int) {
	if !axpy(n, alpha, x, incX, y, incY) {
		impl.Implementation.Saxpy(n, alpha, x, incX, y, incY)
	}
}

// Daxpy adds alpha·x to y: y[i] += alpha·x[i] for i < n. With incX and incY
// both 1, alpha ≠ 0, and x[:n] and y[:n] either the same elements or
// disjoint, it runs kernels.Axpy, which rounds the product and then the
// sum, as gonum's amd64 assembly does: on amd64 the results are gonum's, NaN
// for NaN. Otherwise it is gonum's Daxpy, which leaves y alone when alpha is 0.
func (impl Implementation) Daxpy(n int, alpha float64, x []float64, incX int, y []float64, incY int) {
	if !axpy(n, alpha, x, incX, y, incY) {
		impl.Implementation.Daxpy(n, alpha, x, incX, y, incY)
	}
}

// axpy runs the unit-increment axpy on kernels.Axpy and reports true, or
// reports false if the call is gonum's.
func axpy[T kernels.Float](n int, alpha T, x []T, incX int, y []T, incY int) bool {
	if incX != 1 || incY != 1 || n <= 0 || len(x) < n || len(y) < n || alpha == 0 {
		return false
	}
	x, y = x[:n], y[:n]
	if sx, sy := spanOf(x, 1, n, n), spanOf(y, 1, n, n); sx != sy && sx.overlap(sy) {
		return false
	}
	kernels.Axpy(alpha, x, y)
	return true
}
