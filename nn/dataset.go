package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/simdkern/simdkern/kernels"
)

// A Dataset is a set of samples and their targets: X holds one sample a
// row (samples × features), and the targets are either Classes, the class
// index of each sample (for a model ending in SoftmaxCrossEntropy, the
// default), or Y, a row of values for each sample (samples × outputs, for a
// model whose Head is SigmoidBinaryCrossEntropy or Regression). The other
// is left empty.
type Dataset[T kernels.Float] struct {
	X       Matrix[T]
	Classes []int
	Y       Matrix[T]
}

// Len returns the number of samples, X.Rows.
func (d Dataset[T]) Len() int { return d.X.Rows }

// check returns an error unless d's samples are a valid matrix with a
// target for each: for class targets (values false), one class index in
// [0, outputs), or any index ≥ 0 if outputs < 0, and no Y; for value
// targets, a valid samples × outputs Y and no Classes. fn names the caller.
func (d Dataset[T]) check(fn string, outputs int, values bool) error {
	if !d.X.valid() {
		return fmt.Errorf("nn.%s: samples are %v with %d elements", fn, d.X.shape(), len(d.X.Data))
	}
	if values {
		switch {
		case d.Classes != nil:
			return fmt.Errorf("nn.%s: the model's head predicts values (Y), the data have class indices", fn)
		case !d.Y.valid():
			return fmt.Errorf("nn.%s: targets Y are %v with %d elements", fn, d.Y.shape(), len(d.Y.Data))
		case d.Y.Rows != d.X.Rows || d.Y.Cols != outputs:
			return fmt.Errorf("nn.%s: %d samples (%v) and targets Y %v: want %d×%d, one value for each of the model's outputs", fn, d.X.Rows, d.X.shape(), d.Y.shape(), d.X.Rows, outputs)
		}
		return nil
	}
	if d.Y.Rows != 0 || d.Y.Cols != 0 || len(d.Y.Data) != 0 {
		return fmt.Errorf("nn.%s: the model's head predicts classes, the data have targets Y (%v)", fn, d.Y.shape())
	}
	if len(d.Classes) != d.X.Rows {
		return fmt.Errorf("nn.%s: %d samples (%v), %d class labels", fn, d.X.Rows, d.X.shape(), len(d.Classes))
	}
	for i, c := range d.Classes {
		if c < 0 && outputs < 0 {
			return fmt.Errorf("nn.%s: label %d is %d, want a class index ≥ 0", fn, i, c)
		}
		if outputs >= 0 && uint(c) >= uint(outputs) {
			return fmt.Errorf("nn.%s: label %d is %d, want 0 ≤ label < %d (the model's outputs)", fn, i, c, outputs)
		}
	}
	return nil
}

// hasValues reports whether the targets of d are values: it has a Y and no
// Classes.
func (d Dataset[T]) hasValues() bool {
	return d.Classes == nil && (d.Y.Rows != 0 || d.Y.Cols != 0 || d.Y.Data != nil)
}

// Values returns a copy of d whose targets are values: Y holds each class
// index as a value in one column, and Classes is nil. It is the book's
// y.reshape(−1, 1) that turns two-class data into the targets of a binary
// classifier (SigmoidBinaryCrossEntropy).
func (d Dataset[T]) Values() Dataset[T] {
	v := Dataset[T]{X: NewMatrix(d.X.Rows, d.X.Cols, append([]T(nil), d.X.Data...)), Y: NewMatrix[T](len(d.Classes), 1, nil)}
	for i, c := range d.Classes {
		v.Y.Data[i] = T(c)
	}
	return v
}

// Sine returns the book's regression data set (nnfs.datasets.sine_data):
// samples points x = i/samples for i = 0, 1, …, samples − 1, each with the
// target sin(2πx), as one feature and one value.
func Sine[T kernels.Float](samples int) Dataset[T] {
	if samples < 0 {
		panic(fmt.Sprintf("nn.Sine: %d samples: negative size", samples))
	}
	d := Dataset[T]{X: NewMatrix[T](samples, 1, nil), Y: NewMatrix[T](samples, 1, nil)}
	for i := range samples {
		x := float64(i) / float64(samples)
		d.X.Data[i] = T(x)
		d.Y.Data[i] = T(math.Sin(2 * math.Pi * x))
	}
	return d
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
	outputs := -1
	if d.hasValues() {
		outputs = d.Y.Cols
	}
	if err := d.check("Dataset.Split", outputs, d.hasValues()); err != nil {
		panic(err.Error())
	}
	perm := rng.Perm(d.Len())
	nHeld := int(math.Round(fraction * float64(d.Len())))
	return d.gather(perm[nHeld:]), d.gather(perm[:nHeld])
}

// gather returns a new data set of the samples of d at the indices idx.
func (d Dataset[T]) gather(idx []int) Dataset[T] {
	var g Dataset[T]
	d.gatherInto(&g, idx)
	return g
}

// gatherInto sets g to the samples of d at the indices idx, reusing g's
// storage where it is large enough.
func (d Dataset[T]) gatherInto(g *Dataset[T], idx []int) {
	g.X.resize(len(idx), d.X.Cols)
	gatherRows(g.X, d.X, idx)
	if d.Classes != nil {
		g.Classes = slices.Grow(g.Classes[:0], len(idx))[:len(idx)]
		for i, j := range idx {
			g.Classes[i] = d.Classes[j]
		}
	}
	if d.Y.Data != nil {
		g.Y.resize(len(idx), d.Y.Cols)
		gatherRows(g.Y, d.Y, idx)
	}
}

// gatherRows sets row i of dst (already len(idx)×src.Cols) to row idx[i] of
// src, with kernels.GatherRows (prefetching the rows ahead and splitting a
// large batch between the kernel workers), or a plain loop for a single
// column.
func gatherRows[T kernels.Float](dst, src Matrix[T], idx []int) {
	switch src.Cols {
	case 0:
	case 1:
		for i, j := range idx {
			dst.Data[i] = src.Data[j]
		}
	default:
		kernels.GatherRows(dst.Data, src.Cols, src.Data, src.Cols, src.Cols, idx)
	}
}
