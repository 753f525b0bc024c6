package simdkern_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/simdkern/simdkern/kernels"
	"github.com/simdkern/simdkern/nn"
)

// The benchmarks time a short representative set of the kernels and the nn
// passes through the public API, on the path that runs (kernels.ISA, named
// by the impl key; SIMDKERN_ISA chooses another) and the goroutines
// GOMAXPROCS allows. Every sub-benchmark's name has at least three
// characters a level, so that go test -bench ./... (the pattern . then ...)
// runs them all. Package bench runs every path side by side with the peers.

// benchN is the length of the vectors: two or three of them stay in L1.
const benchN = 4096

// BenchmarkDot times Dot of n = 4096 (two reads an element).
func BenchmarkDot(b *testing.B) {
	types(b, benchDot[float32], benchDot[float64])
}

func benchDot[T kernels.Float](b *testing.B) {
	x, y := random[T](benchN, 1), random[T](benchN, 2)
	run(b, fmt.Sprintf("n=%d", benchN), func() { kernels.Dot(x, y) }, "GB/s", bytes[T](2*benchN))
}

// BenchmarkAxpy times Axpy of n = 4096 (two reads and a write an element).
func BenchmarkAxpy(b *testing.B) {
	types(b, benchAxpy[float32], benchAxpy[float64])
}

func benchAxpy[T kernels.Float](b *testing.B) {
	x, y := random[T](benchN, 1), random[T](benchN, 2)
	run(b, fmt.Sprintf("n=%d", benchN), func() { kernels.Axpy(1.0/1024, x, y) }, "GB/s", bytes[T](3*benchN))
}

// BenchmarkReLU times ReLU of n = 4096 into another slice (a read and a
// write an element).
func BenchmarkReLU(b *testing.B) {
	types(b, benchReLU[float32], benchReLU[float64])
}

func benchReLU[T kernels.Float](b *testing.B) {
	x, dst := random[T](benchN, 1), make([]T, benchN)
	run(b, fmt.Sprintf("n=%d", benchN), func() { kernels.ReLU(dst, x) }, "GB/s", bytes[T](2*benchN))
}

// BenchmarkReLUMaskColSum times the backward pass of a ReLU and the bias
// gradient of the dense layer before it, for 1024×512 values (dy, z and dst
// counted once each).
func BenchmarkReLUMaskColSum(b *testing.B) {
	types(b, benchReLUMaskColSum[float32], benchReLUMaskColSum[float64])
}

func benchReLUMaskColSum[T kernels.Float](b *testing.B) {
	const rows, cols = 1024, 512
	dy, z := random[T](rows*cols, 1), random[T](rows*cols, 2)
	dst, sums := make([]T, rows*cols), make([]T, cols)
	run(b, fmt.Sprintf("shape=%dx%d", rows, cols), func() { kernels.ReLUMaskColSum(dst, sums, dy, z, cols) },
		"GB/s", bytes[T](3*rows*cols))
}

// BenchmarkGemm times C = A·B (NN, alpha 1, beta 0): squares of 256 and
// 512, a batch of one through a 512×512 layer (1×512×512) and a batch of
// 1024 into ten classes (1024×10×512).
func BenchmarkGemm(b *testing.B) {
	types(b, benchGemm[float32], benchGemm[float64])
}

func benchGemm[T kernels.Float](b *testing.B) {
	for _, s := range [][3]int{{256, 256, 256}, {512, 512, 512}, {1, 512, 512}, {1024, 10, 512}} {
		m, n, k := s[0], s[1], s[2]
		a, bm, c := random[T](m*k, 1), random[T](k*n, 2), make([]T, m*n)
		run(b, fmt.Sprintf("shape=%dx%dx%d", m, n, k),
			func() { kernels.Gemm(false, false, m, n, k, 1, a, k, bm, n, 0, c, n) },
			"GFLOP/s", 2*float64(m*n*k)/1e9)
	}
}

// BenchmarkDenseReLU times a dense layer of 256 inputs and 512 neurons
// followed by a ReLU, on a batch of 1024 samples, forward
// (Dense.ForwardReLU) and backward (Dense.BackwardReLU), as Model runs them;
// GFLOP/s counts the product forward and the two products backward.
func BenchmarkDenseReLU(b *testing.B) {
	types(b, benchDenseReLU[float32], benchDenseReLU[float64])
}

func benchDenseReLU[T kernels.Float](b *testing.B) {
	const samples, inputs, neurons = 1024, 256, 512
	x := nn.NewMatrix(samples, inputs, random[T](samples*inputs, 1))
	dvalues := nn.NewMatrix(samples, neurons, random[T](samples*neurons, 2))
	dense := nn.NewDense(nn.NewMatrix(inputs, neurons, random[T](inputs*neurons, 3)), nn.NewMatrix(1, neurons, random[T](neurons, 4)))
	var relu nn.ReLU[T]
	flops := 2 * float64(samples*inputs*neurons) / 1e9
	run(b, "pass=forward", func() { dense.ForwardReLU(x, &relu) }, "GFLOP/s", flops)
	run(b, "pass=backward", func() { dense.BackwardReLU(dvalues, &relu) }, "GFLOP/s", 2*flops)
}

// BenchmarkSoftmaxCrossEntropy times the softmax and loss (forward) and
// their combined gradient (backward) for 1024 samples of 10 classes.
func BenchmarkSoftmaxCrossEntropy(b *testing.B) {
	types(b, benchSoftmaxCrossEntropy[float32], benchSoftmaxCrossEntropy[float64])
}

func benchSoftmaxCrossEntropy[T kernels.Float](b *testing.B) {
	const samples, classes = 1024, 10
	logits := nn.NewMatrix(samples, classes, random[T](samples*classes, 1))
	labels := make([]int, samples)
	for i := range labels {
		labels[i] = i % classes
	}
	var sce nn.SoftmaxCrossEntropy[T]
	run(b, "pass=forward", func() { sce.Forward(logits, labels) }, "samples/s", samples)
	run(b, "pass=backward", func() { sce.Backward(labels) }, "samples/s", samples)
}

// BenchmarkModel times a 2 → 512 → 512 → 3 ReLU network, the one package
// bench trains beside PyTorch, in samples/s: op=train is one training step
// (forward, loss, backward, SGD update) on a batch of 1024 spiral points,
// op=predict the class probabilities of one sample and of 1024.
func BenchmarkModel(b *testing.B) {
	types(b, benchModel[float32], benchModel[float64])
}

func benchModel[T kernels.Float](b *testing.B) {
	const batch, hidden, classes = 1024, 512, 3
	rng := rand.New(rand.NewPCG(batch, hidden))
	data := nn.Spiral[T](batch/classes+1, classes, rng)
	x, labels := nn.NewMatrix(batch, 2, data.X.Data[:2*batch]), data.Classes[:batch]
	model := nn.NewModel(&nn.SGD[T]{LearningRate: 0.01},
		nn.NewDenseInit[T](2, hidden, nn.InitHe, rng), &nn.ReLU[T]{},
		nn.NewDenseInit[T](hidden, hidden, nn.InitHe, rng), &nn.ReLU[T]{},
		nn.NewDenseInit[T](hidden, classes, nn.InitHe, rng))
	run(b, fmt.Sprintf("op=train/batch=%d", batch), func() {
		if _, err := model.TrainBatch(x, labels); err != nil {
			b.Fatal(err)
		}
	}, "samples/s", batch)
	for _, n := range []int{1, batch} {
		xn := nn.NewMatrix(n, 2, x.Data[:2*n])
		run(b, fmt.Sprintf("op=predict/batch=%d", n), func() {
			if _, err := model.Predict(xn); err != nil {
				b.Fatal(err)
			}
		}, "samples/s", float64(n))
	}
}

// types runs f32 and f64 as the sub-benchmarks of those names.
func types(b *testing.B, f32, f64 func(*testing.B)) {
	b.Run("f32", f32)
	b.Run("f64", f64)
}

// run runs op as the sub-benchmark impl=<kernels.ISA()>/name, after one
// call that sizes buffers and pools, reporting allocations and unit, per
// units of work a call.
func run(b *testing.B, name string, op func(), unit string, per float64) {
	b.Run("impl="+kernels.ISA()+"/"+name, func(b *testing.B) {
		op()
		b.ReportAllocs()
		for b.Loop() {
			op()
		}
		b.ReportMetric(per*float64(b.N)/b.Elapsed().Seconds(), unit)
	})
}

// random returns n values in [−1, 1), a different sequence for each seed:
// neither zeros nor subnormals, half of them negative.
func random[T kernels.Float](n int, seed uint64) []T {
	r := rand.New(rand.NewPCG(seed, uint64(n)))
	v := make([]T, n)
	for i := range v {
		v[i] = T(r.Float64()*2 - 1)
	}
	return v
}

// bytes returns the size in GB of n values of type T.
func bytes[T kernels.Float](n int) float64 {
	var x T
	return float64(n) * float64(unsafe.Sizeof(x)) / 1e9
}
