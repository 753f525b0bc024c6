package kernels

// Float is the set of element types the kernels accept.
type Float interface{ float32 | float64 }
