package kernels_test

import (
	"fmt"

	"github.com/simdkern/simdkern/kernels"
)

func ExampleGemmBF16B() {
	// One sample x (1×3, float32) times weights W (3×2) kept in bfloat16:
	// y = x·W + bias, the bias put in y first and added with beta = 1.
	w := make([]kernels.BFloat16, 6)
	kernels.ToBFloat16(w, []float32{0.5, -1, 0.25, 2, 1, 0.1})
	x := []float32{1, 2, 3}
	y := []float32{0.5, -0.5}
	kernels.GemmBF16B(false, false, 1, 2, 3, 1, x, 3, w, 2, 1, y, 2)
	fmt.Println(y, w[5].Float32())
	// Output:
	// [4.5 2.800293] 0.100097656
}
