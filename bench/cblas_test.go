package bench

// cblas is a peer BLAS called through cgo (bench only, never a dependency of
// kernels or nn). Its methods take the arguments of the kernels API.
type cblas interface {
	// Name names the library and the core kernel it runs, e.g.
	// "OpenBLAS 0.3.21 (SkylakeX)".
	Name() string
	Sdot(x, y []float32) float32
	Ddot(x, y []float64) float64
	Saxpy(alpha float32, x, y []float32)
	Daxpy(alpha float64, x, y []float64)
	Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int)
	Dgemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int)
}
