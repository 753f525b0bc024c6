package kernels_test

import (
	"fmt"

	"github.com/simdkern/simdkern/kernels"
)

// A batch of rows picked from a data set of 4 rows of 3 columns.
func ExampleGatherRows() {
	data := []float32{
		0, 1, 2,
		10, 11, 12,
		20, 21, 22,
		30, 31, 32,
	}
	batch := make([]float32, 3*3)
	kernels.GatherRows(batch, 3, data, 3, 3, []int{2, 0, 2})
	fmt.Println(batch)
	// Output: [20 21 22 0 1 2 20 21 22]
}
