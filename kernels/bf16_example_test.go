package kernels_test

import (
	"fmt"

	"github.com/simdkern/simdkern/kernels"
)

func ExampleToBFloat16() {
	x := []float32{1, 1.00390625, 1.01171875, 3.14159265, -0.1}
	b := make([]kernels.BFloat16, len(x))
	kernels.ToBFloat16(b, x)
	back := make([]float32, len(b))
	kernels.FromBFloat16(back, b)
	for i := range x {
		fmt.Printf("%-10v %#04x %v\n", x[i], uint16(b[i]), back[i])
	}
	// Output:
	// 1          0x3f80 1
	// 1.0039062  0x3f80 1
	// 1.0117188  0x3f82 1.015625
	// 3.1415927  0x4049 3.140625
	// -0.1       0xbdcd -0.100097656
}

func ExampleGemmBF16() {
	// C = A·B with A 2×3 and B 3×2 in bfloat16, C in float32.
	a := make([]kernels.BFloat16, 6)
	b := make([]kernels.BFloat16, 6)
	kernels.ToBFloat16(a, []float32{1, 2, 3, 4, 5, 6})
	kernels.ToBFloat16(b, []float32{0.5, -1, 0.25, 2, 1, 0})
	c := make([]float32, 4)
	kernels.GemmBF16(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c, 2)
	fmt.Println(c)
	// Output:
	// [4 3 9.25 6]
}
