package neon

// Type is a floating-point element type: its suffix in function names, its
// Go type, its size and the arrangement of a full vector of it.
type Type struct {
	Name   string // F32 or F64
	GoType string
	Size   int // bytes
	Arr    Arrangement
}

// The element types of the kernels.
var (
	F32 = Type{"F32", "float32", 4, S4}
	F64 = Type{"F64", "float64", 8, D2}
)

// Lanes returns the elements in a vector.
func (t Type) Lanes() int { return 16 / t.Size }

// Vec returns register n as a vector of t.
func (t Type) Vec(n int) Vec { return V(n).As(t.Arr) }

// Vecs returns count registers from first as vectors of t.
func (t Type) Vecs(first, count int) []Vec {
	v := make([]Vec, count)
	for i := range v {
		v[i] = t.Vec(first + i)
	}
	return v
}

// Scalar returns register n as a scalar of t.
func (t Type) Scalar(n int) Scalar { return V(n).Scalar(t.Size) }

// Lane returns lane i of register n as an element of t.
func (t Type) Lane(n, i int) Lane { return V(n).Lane(t.Size, i) }
