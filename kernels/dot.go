package kernels

// Dot returns the dot product Σ x[i]·y[i]. x and y must have equal lengths;
// Dot of empty slices is 0.
//
// The sum is formed in an order that depends on the path and on len(x), with
// fused multiply-adds where the path has them, so results may differ between
// paths in the last bits. Every path is within the bound of any summation
// order: |Dot − exact| ≤ γₙ·Σ|x[i]·y[i]|, γₙ = n·u/(1−n·u), where u is 2⁻²⁴
// for float32 and 2⁻⁵³ for float64, plus n times the smallest subnormal where
// products underflow. A NaN in either input, ∞·0 or ∞ − ∞
// gives NaN; otherwise an infinite product gives that infinity.
func Dot[T Float](x, y []T) T {
	if len(x) != len(y) {
		panic(lengthError{"Dot", "x", "y", len(x), len(y)})
	}
	return use[T]().Dot(x, y)
}

func dotGeneric[T Float](x, y []T) T {
	y = y[:len(x)]
	var s0, s1, s2, s3 T
	i := 0
	for ; i <= len(x)-4; i += 4 {
		xs, ys := x[i:i+4:i+4], y[i:i+4:i+4]
		s0 += xs[0] * ys[0]
		s1 += xs[1] * ys[1]
		s2 += xs[2] * ys[2]
		s3 += xs[3] * ys[3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}
