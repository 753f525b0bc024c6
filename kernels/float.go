package kernels

import "github.com/simdkern/simdkern/internal/dispatch"

// Float is the constraint satisfied by the element types the kernels accept:
// exactly float32 and float64.
type Float = dispatch.Float
