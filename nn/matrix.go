package nn

import (
	"fmt"
	"math/bits"

	"github.com/simdkern/simdkern/kernels"
)

// Matrix is a dense row-major Rows×Cols matrix: element (i, j) is
// Data[i*Cols+j], and len(Data) is Rows·Cols. Copying a Matrix copies the
// header, not the elements: the copies share Data.
type Matrix[T kernels.Float] struct {
	Rows, Cols int
	Data       []T
}

// NewMatrix returns a rows×cols matrix holding data, which it uses, not
// copies. A nil data allocates a zero matrix; otherwise len(data) must be
// rows·cols. A negative size, or one whose element count overflows int,
// panics.
func NewMatrix[T kernels.Float](rows, cols int, data []T) Matrix[T] {
	if rows < 0 || cols < 0 {
		panic(fmt.Sprintf("nn.NewMatrix: %d×%d: negative size", rows, cols))
	}
	n, ok := elements(rows, cols)
	if !ok {
		panic(fmt.Sprintf("nn.NewMatrix: %d×%d: too many elements", rows, cols))
	}
	if data == nil {
		data = make([]T, n)
	}
	if len(data) != n {
		panic(fmt.Sprintf("nn.NewMatrix: %d×%d with len(data) = %d, want %d", rows, cols, len(data), n))
	}
	return Matrix[T]{Rows: rows, Cols: cols, Data: data}
}

// elements returns rows·cols for non-negative sizes, and whether the
// product fits in an int.
func elements(rows, cols int) (int, bool) {
	hi, lo := bits.Mul(uint(rows), uint(cols))
	return int(lo), hi == 0 && lo <= uint(maxInt)
}

const maxInt = int(^uint(0) >> 1)

// At returns element (i, j).
func (m Matrix[T]) At(i, j int) T {
	if uint(i) >= uint(m.Rows) || uint(j) >= uint(m.Cols) {
		outside("At", fmt.Sprintf("(%d, %d)", i, j), m.shape())
	}
	return m.Data[i*m.Cols+j]
}

// Row returns row i, sharing m's storage.
func (m Matrix[T]) Row(i int) []T {
	if uint(i) >= uint(m.Rows) {
		outside("Row", fmt.Sprint("row ", i), m.shape())
	}
	return m.row(i)
}

// row is Row for the package's loops, which index valid rows only: small
// enough to inline.
func (m Matrix[T]) row(i int) []T {
	return m.Data[i*m.Cols : (i+1)*m.Cols : (i+1)*m.Cols]
}

// outside panics for an index of method fn outside a matrix of size s.
func outside(fn, index string, s shape) {
	panic(fmt.Sprintf("nn.Matrix.%s: %s is outside %v", fn, index, s))
}

// resize makes m rows×cols, reusing its storage when it is large enough.
// The elements are left as they were: every caller overwrites them. The
// callers have checked that rows·cols fits in an int.
func (m *Matrix[T]) resize(rows, cols int) {
	n := rows * cols
	if cap(m.Data) < n {
		m.Data = make([]T, n)
	}
	m.Rows, m.Cols, m.Data = rows, cols, m.Data[:n]
}

// shape is the size of a matrix, as printed in panic messages.
type shape struct{ rows, cols int }

func (m Matrix[T]) shape() shape { return shape{m.Rows, m.Cols} }

func (s shape) String() string { return fmt.Sprintf("%d×%d", s.rows, s.cols) }

// valid reports whether m has a non-negative shape and exactly Rows·Cols
// elements.
func (m Matrix[T]) valid() bool {
	n, ok := elements(m.Rows, m.Cols)
	return m.Rows >= 0 && m.Cols >= 0 && ok && len(m.Data) == n
}

// checkValid panics unless m holds exactly Rows·Cols elements.
func (m Matrix[T]) checkValid(fn, name string) {
	if m.Rows < 0 || m.Cols < 0 {
		panic(fmt.Sprintf("nn.%s: %s are %v: negative size", fn, name, m.shape()))
	}
	n, ok := elements(m.Rows, m.Cols)
	if !ok {
		panic(fmt.Sprintf("nn.%s: %s are %v with %d elements: too many elements", fn, name, m.shape(), len(m.Data)))
	}
	if len(m.Data) != n {
		panic(fmt.Sprintf("nn.%s: %s are %v with %d elements, want %d", fn, name, m.shape(), len(m.Data), n))
	}
}

// checkSameShape panics unless a and b are valid and of the same shape,
// with a message naming the method fn and both shapes.
func checkSameShape[T kernels.Float](fn, nameA string, a Matrix[T], nameB string, b Matrix[T]) {
	a.checkValid(fn, nameA)
	b.checkValid(fn, nameB)
	if a.Rows != b.Rows || a.Cols != b.Cols {
		mismatch(fn, nameA, a.shape(), nameB, b.shape())
	}
}

// mismatch panics with a message naming the layer method fn and both
// shapes, e.g. "nn.Dense.Forward: inputs are 3×5, weights are 4×3".
func mismatch(fn, name1 string, s1 shape, name2 string, s2 shape) {
	panic(fmt.Sprintf("nn.%s: %s are %v, %s are %v", fn, name1, s1, name2, s2))
}

// transposed returns a new matrix, the transpose of m.
func (m Matrix[T]) transposed() Matrix[T] {
	t := NewMatrix[T](m.Cols, m.Rows, nil)
	m.transposeTo(t)
	return t
}

// transposeTo stores the transpose of m in t, which must be m.Cols×m.Rows.
func (m Matrix[T]) transposeTo(t Matrix[T]) {
	for i := range m.Rows {
		for j, v := range m.row(i) {
			t.Data[j*t.Cols+i] = v
		}
	}
}
