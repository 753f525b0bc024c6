package kernels

// Axpy adds alpha·x to y: y[i] += alpha·x[i]. x and y must have equal
// lengths; y may be x itself but must not overlap it otherwise (Axpy panics
// if it does).
//
// Each element is rounded as y[i] + round(alpha·x[i]), never fused into one
// multiply-add, so every path gives the same bits, NaN and ±∞ included.
func Axpy[T Float](alpha T, x, y []T) {
	if len(x) != len(y) {
		panic(lengthError{"Axpy", "x", "y", len(x), len(y)})
	}
	if partialOverlap(x, y) {
		panic(overlapError{"Axpy", "y", "x"})
	}
	use[T]().Axpy(alpha, x, y)
}

func axpyGeneric[T Float](alpha T, x, y []T) {
	y = y[:len(x)]
	i := 0
	for ; i <= len(x)-4; i += 4 {
		xs, ys := x[i:i+4:i+4], y[i:i+4:i+4]
		// The conversions round each product, so the compiler does not fuse.
		ys[0] += T(alpha * xs[0])
		ys[1] += T(alpha * xs[1])
		ys[2] += T(alpha * xs[2])
		ys[3] += T(alpha * xs[3])
	}
	for ; i < len(x); i++ {
		y[i] += T(alpha * x[i])
	}
}
