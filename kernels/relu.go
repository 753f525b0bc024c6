package kernels

// ReLU sets dst[i] = max(x[i], 0): x[i] when x[i] > 0, x[i] itself when it is
// NaN (payload kept), and +0 otherwise (−0 included). dst and x must have
// equal lengths; dst may be x itself but must not overlap it otherwise.
func ReLU[T Float](dst, x []T) {
	if len(dst) != len(x) {
		panic(lengthError{"ReLU", "dst", "x", len(dst), len(x)})
	}
	use[T]().ReLU(dst, x)
}

// ReLUMask is ReLU's backward pass: dst[i] = dy[i] where z[i] > 0 and +0
// elsewhere, so a NaN in z gives 0 and a NaN in dy passes where z[i] > 0.
// dst, dy and z must have equal lengths; dst may be dy or z itself but must
// not overlap them otherwise.
func ReLUMask[T Float](dst, dy, z []T) {
	if len(dst) != len(dy) {
		panic(lengthError{"ReLUMask", "dst", "dy", len(dst), len(dy)})
	}
	if len(dst) != len(z) {
		panic(lengthError{"ReLUMask", "dst", "z", len(dst), len(z)})
	}
	use[T]().ReLUMask(dst, dy, z)
}

func reluGeneric[T Float](dst, x []T) {
	dst = dst[:len(x)]
	for i, v := range x {
		if v > 0 || v != v {
			dst[i] = v
		} else {
			dst[i] = 0
		}
	}
}

func reluMaskGeneric[T Float](dst, dy, z []T) {
	dy, z = dy[:len(dst)], z[:len(dst)]
	for i := range dst {
		if z[i] > 0 {
			dst[i] = dy[i]
		} else {
			dst[i] = 0
		}
	}
}
