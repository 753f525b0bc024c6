package nn_test

import (
	"math/rand/v2"
	"testing"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/kernels"
	"github.com/simdkern/simdkern/nn"
)

// The benchmarks time the passes of the layers on the active kernels path
// (kernels.ISA; SIMDKERN_ISA chooses another), at the size of one training
// step on a batch of 1024 samples: 256 inputs through a dense layer of 512
// neurons and ReLU, and a softmax + cross-entropy output over 10 classes.
// Package bench runs the dense step on every path and beside numpy.

const benchSamples, benchInputs, benchNeurons, benchClasses = 1024, 256, 512, 10

// BenchmarkDense times Dense.Forward and Dense.Backward for 1024 samples ×
// 256 inputs → 512 neurons; GFLOP/s counts the product forward and the two
// products backward.
func BenchmarkDense(b *testing.B) {
	b.Run("f32", benchDense[float32])
	b.Run("f64", benchDense[float64])
}

func benchDense[T kernels.Float](b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	x := benchMatrix[T](r, benchSamples, benchInputs)
	dvalues := benchMatrix[T](r, benchSamples, benchNeurons)
	dense := nn.NewDense(benchMatrix[T](r, benchInputs, benchNeurons), benchMatrix[T](r, 1, benchNeurons))
	flops := 2 * float64(benchSamples) * benchInputs * benchNeurons
	benchPass(b, "forward", func() { dense.Forward(x) }, "GFLOP/s", flops)
	benchPass(b, "backward", func() { dense.Backward(dvalues) }, "GFLOP/s", 2*flops)
}

// BenchmarkReLU times ReLU.Forward and ReLU.Backward on 1024×512 values;
// GB/s counts the matrices read and written.
func BenchmarkReLU(b *testing.B) {
	b.Run("f32", benchReLU[float32])
	b.Run("f64", benchReLU[float64])
}

func benchReLU[T kernels.Float](b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	x, dvalues := benchMatrix[T](r, benchSamples, benchNeurons), benchMatrix[T](r, benchSamples, benchNeurons)
	var relu nn.ReLU[T]
	bytes := float64(len(x.Data)) * float64(benchSize[T]())
	benchPass(b, "forward", func() { relu.Forward(x) }, "GB/s", 2*bytes)
	benchPass(b, "backward", func() { relu.Backward(dvalues) }, "GB/s", 3*bytes)
}

// BenchmarkSoftmaxCrossEntropy times SoftmaxCrossEntropy.Forward (softmax
// and loss) and its combined Backward on 1024 samples × 10 classes.
func BenchmarkSoftmaxCrossEntropy(b *testing.B) {
	b.Run("f32", benchSoftmaxCrossEntropy[float32])
	b.Run("f64", benchSoftmaxCrossEntropy[float64])
}

func benchSoftmaxCrossEntropy[T kernels.Float](b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	logits := benchMatrix[T](r, benchSamples, benchClasses)
	classes := make([]int, benchSamples)
	for i := range classes {
		classes[i] = r.IntN(benchClasses)
	}
	var sce nn.SoftmaxCrossEntropy[T]
	benchPass(b, "forward", func() { sce.Forward(logits, classes) }, "", 0)
	benchPass(b, "backward", func() { sce.Backward(classes) }, "", 0)
}

// benchPass runs pass as the sub-benchmark pass=name after one call that
// sizes the layer's matrices, and reports unit for per units of work a call
// (none if unit is "").
func benchPass(b *testing.B, name string, pass func(), unit string, per float64) {
	pass()
	b.Run("pass="+name, func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			pass()
		}
		if unit != "" {
			b.ReportMetric(per*float64(b.N)/b.Elapsed().Seconds()/1e9, unit)
		}
	})
}

// benchMatrix returns a rows×cols matrix of values uniform in [−1, 1).
func benchMatrix[T kernels.Float](r *rand.Rand, rows, cols int) nn.Matrix[T] {
	m := nn.NewMatrix[T](rows, cols, nil)
	for i := range m.Data {
		m.Data[i] = T(2*r.Float64() - 1)
	}
	return m
}

// benchSize returns the size of a T in bytes.
func benchSize[T kernels.Float]() int {
	if dispatch.Is32[T]() {
		return 4
	}
	return 8
}

// BenchmarkSigmoidBinaryCrossEntropy times the backward pass of a sigmoid
// output with binary cross-entropy on 1024 samples × 10 outputs: combined
// (SigmoidBinaryCrossEntropy.Backward, (ŷ − y)/outputs/samples) and
// separate (BinaryCrossEntropy.Backward, then Sigmoid.Backward), as the
// book computes it.
func BenchmarkSigmoidBinaryCrossEntropy(b *testing.B) {
	b.Run("f32", benchSigmoidBinaryCrossEntropy[float32])
	b.Run("f64", benchSigmoidBinaryCrossEntropy[float64])
}

func benchSigmoidBinaryCrossEntropy[T kernels.Float](b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	logits := benchMatrix[T](r, benchSamples, benchClasses)
	y := nn.NewMatrix[T](benchSamples, benchClasses, nil)
	for i := range y.Data {
		y.Data[i] = T(r.IntN(2))
	}
	var l nn.SigmoidBinaryCrossEntropy[T]
	l.Forward(logits, y)
	var s nn.Sigmoid[T]
	var bce nn.BinaryCrossEntropy[T]
	s.Forward(logits)
	benchPass(b, "backward/impl=combined", func() { l.Backward(y) }, "", 0)
	benchPass(b, "backward/impl=separate", func() { s.Backward(bce.Backward(s.Output, y)) }, "", 0)
}
