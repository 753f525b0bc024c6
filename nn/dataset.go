package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/simdkern/simdkern/kernels"
)

// A Dataset is a set of labelled samples for classification: X holds one
// sample a row (samples × features) and Classes the class index of each.
type Dataset[T kernels.Float] struct {
	X       Matrix[T]
	Classes []int
}

// Len returns the number of samples, X.Rows.
func (d Dataset[T]) Len() int { return d.X.Rows }

// check returns an error unless d holds one class index in [0, classes)
// for each of its valid rows, or any index ≥ 0 if classes < 0; fn names
// the caller.
func (d Dataset[T]) check(fn string, classes int) error {
	if !d.X.valid() {
		return fmt.Errorf("nn.%s: samples are %v with %d elements", fn, d.X.shape(), len(d.X.Data))
	}
	if len(d.Classes) != d.X.Rows {
		return fmt.Errorf("nn.%s: %d samples (%v), %d class labels", fn, d.X.Rows, d.X.shape(), len(d.Classes))
	}
	for i, c := range d.Classes {
		if c < 0 && classes < 0 {
			return fmt.Errorf("nn.%s: label %d is %d, want a class index ≥ 0", fn, i, c)
		}
		if classes >= 0 && uint(c) >= uint(classes) {
			return fmt.Errorf("nn.%s: label %d is %d, want 0 ≤ label < %d (the model's outputs)", fn, i, c, classes)
		}
	}
	return nil
}

// Spiral returns the book's spiral data set (nnfs.datasets.spiral_data):
// classes arms of points points each, sample i of class k at radius
// r = i/(points−1) and angle 2.5·t with t spread evenly over [4k, 4k+4] plus
// 0.2·N(0, 1) noise drawn from rng, as the point (r·sin(2.5t), r·cos(2.5t)).
// The samples come class by class; the same rng state gives the same data.
func Spiral[T kernels.Float](points, classes int, rng *rand.Rand) Dataset[T] {
	if points < 0 || classes < 0 {
		panic(fmt.Sprintf("nn.Spiral: %d points, %d classes: negative size", points, classes))
	}
	n, ok := elements(points, classes)
	if !ok {
		panic(fmt.Sprintf("nn.Spiral: %d points, %d classes: too many samples", points, classes))
	}
	d := Dataset[T]{X: NewMatrix[T](n, 2, nil), Classes: make([]int, n)}
	step := 1 / float64(max(points-1, 1)) // np.linspace's spacing
	for k := range classes {
		for i := range points {
			r := float64(i) * step
			t := float64(4*k) + 4*float64(i)*step + 0.2*rng.NormFloat64()
			s := k*points + i
			d.X.Data[2*s] = T(r * math.Sin(2.5*t))
			d.X.Data[2*s+1] = T(r * math.Cos(2.5*t))
			d.Classes[s] = k
		}
	}
	return d
}

// Split shuffles the samples of d with rng and returns the first
// round(fraction·Len) of them as held and the rest as kept, each a copy. It
// panics unless 0 ≤ fraction ≤ 1.
func (d Dataset[T]) Split(fraction float64, rng *rand.Rand) (kept, held Dataset[T]) {
	if !(fraction >= 0 && fraction <= 1) {
		panic(fmt.Sprintf("nn.Dataset.Split: fraction %v, want 0 ≤ fraction ≤ 1", fraction))
	}
	if err := d.check("Dataset.Split", -1); err != nil {
		panic(err.Error())
	}
	perm := rng.Perm(d.Len())
	nHeld := int(math.Round(fraction * float64(d.Len())))
	return d.gather(perm[nHeld:]), d.gather(perm[:nHeld])
}

// gather returns a new data set of the samples of d at the indices idx.
func (d Dataset[T]) gather(idx []int) Dataset[T] {
	g := Dataset[T]{X: NewMatrix[T](len(idx), d.X.Cols, nil), Classes: make([]int, len(idx))}
	for i, j := range idx {
		copy(g.X.row(i), d.X.row(j))
		g.Classes[i] = d.Classes[j]
	}
	return g
}
