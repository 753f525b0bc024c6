package main

import "github.com/simdkern/simdkern/asm/neon"

// elem is an element type: its name in function names, its Go type, its
// size and the arrangement of a full vector of it.
type elem struct {
	name   string // F32 or F64
	goType string
	size   int // bytes
	arr    neon.Arrangement
}

var (
	f32 = elem{"F32", "float32", 4, neon.S4}
	f64 = elem{"F64", "float64", 8, neon.D2}
)

// lanes returns the elements in a vector.
func (e elem) lanes() int { return 16 / e.size }

// vec returns register n as a vector of e.
func (e elem) vec(n int) neon.Vec { return neon.V(n).As(e.arr) }

// scalar returns register n as a scalar of e.
func (e elem) scalar(n int) neon.Scalar { return neon.V(n).Scalar(e.size) }

// vecs returns count registers from first as vectors of e.
func (e elem) vecs(first, count int) []neon.Vec {
	v := make([]neon.Vec, count)
	for i := range v {
		v[i] = e.vec(first + i)
	}
	return v
}
