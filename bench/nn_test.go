package bench

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/simdkern/simdkern/internal/dispatch"
	"github.com/simdkern/simdkern/nn"
)

// softmaxCECases are the sizes of the notebook's timing (3 samples × 3
// classes) and a realistic batch (1024 × 10).
var softmaxCECases = []struct{ samples, classes int }{{3, 3}, {1024, 10}}

// softmaxCEInputs returns softmax outputs and class targets of the given
// size: the notebook's for 3×3, the softmax of random logits otherwise.
func softmaxCEInputs(samples, classes int) (nn.Matrix[float64], []int) {
	if samples == 3 && classes == 3 {
		return nn.NewMatrix(3, 3, []float64{
			0.7, 0.1, 0.2,
			0.1, 0.5, 0.4,
			0.02, 0.9, 0.08,
		}), []int{0, 1, 1}
	}
	r := rand.New(rand.NewPCG(uint64(samples), uint64(classes)))
	logits := nn.NewMatrix[float64](samples, classes, nil)
	for i := range logits.Data {
		logits.Data[i] = 4*r.Float64() - 2
	}
	targets := make([]int, samples)
	for i := range targets {
		targets[i] = r.IntN(classes)
	}
	var s nn.Softmax[float64]
	return s.Forward(logits), targets
}

// softmaxCEModes are the two ways of the notebook's In[29] (the
// backpropagation chapter of Neural Networks from Scratch in Python) to get
// the gradient of softmax + cross-entropy with respect to the softmax
// inputs: combined ((ŷ − y)/samples, its f1) and separate (cross-entropy
// backward, then softmax backward in Jacobian form, its f2).
func softmaxCEModes(outputs nn.Matrix[float64], targets []int) (combined, separate func()) {
	sce := nn.SoftmaxCrossEntropy[float64]{Activation: nn.Softmax[float64]{Output: outputs}}
	activation := nn.Softmax[float64]{Output: outputs}
	var loss nn.CrossEntropy[float64]
	combined = func() { sce.Backward(targets) }
	separate = func() { activation.Backward(loss.Backward(outputs, targets)) }
	return combined, separate
}

// BenchmarkSoftmaxCEBackward times the combined and the separate softmax +
// cross-entropy backward pass in float64 (the notebook's numpy dtype) on the
// active kernels path; compare them with
//
//	go tool benchstat -col /mode
//
// The notebook timed 10000 calls of each with numpy: separate took 3.6× as
// long.
func BenchmarkSoftmaxCEBackward(b *testing.B) {
	for _, c := range softmaxCECases {
		outputs, targets := softmaxCEInputs(c.samples, c.classes)
		combined, separate := softmaxCEModes(outputs, targets)
		for _, m := range []struct {
			name string
			f    func()
		}{{"combined", combined}, {"separate", separate}} {
			b.Run(fmt.Sprintf("mode=%s/samples=%d/classes=%d", m.name, c.samples, c.classes), func(b *testing.B) {
				m.f()
				b.ReportAllocs()
				for b.Loop() {
					m.f()
				}
			})
		}
	}
}

// BenchmarkSoftmaxCESpeedup runs both modes of BenchmarkSoftmaxCEBackward
// in alternating chunks of calls, so that both see the same machine, and
// reports how many times as long separate takes as combined (x-vs-combined,
// the notebook's t2/t1) and the time of each per call. Its ns/op is the sum of
// the two.
func BenchmarkSoftmaxCESpeedup(b *testing.B) {
	for _, c := range softmaxCECases {
		b.Run(fmt.Sprintf("samples=%d/classes=%d", c.samples, c.classes), func(b *testing.B) {
			combined, separate := softmaxCEModes(softmaxCEInputs(c.samples, c.classes))
			combined()
			separate()
			// Chunks long enough to make the clock reads negligible.
			chunk := max(1, 100000/(c.samples*c.classes))
			var tc, ts time.Duration
			b.ReportAllocs()
			b.ResetTimer()
			for done := 0; done < b.N; done += chunk {
				n := min(chunk, b.N-done)
				t0 := time.Now()
				for range n {
					combined()
				}
				t1 := time.Now()
				for range n {
					separate()
				}
				tc, ts = tc+t1.Sub(t0), ts+time.Since(t1)
			}
			b.ReportMetric(float64(tc.Nanoseconds())/float64(b.N), "ns-combined/op")
			b.ReportMetric(float64(ts.Nanoseconds())/float64(b.N), "ns-separate/op")
			b.ReportMetric(float64(ts)/float64(tc), "x-vs-combined")
		})
	}
}

// The size of the dense step: a batch of 1024 samples × 256 inputs through
// a dense layer of 512 neurons followed by ReLU.
const denseSamples, denseInputs, denseNeurons = 1024, 256, 512

// BenchmarkDenseBackward times the backward step of a dense layer followed
// by ReLU, as the notebook's In[17] but at the size of the dense step: the
// ReLU mask of dvalues (1024×512), then dweights = Xᵀ·drelu (256×512),
// dbiases (512) and dinputs = drelu·Wᵀ (1024×256), with X 1024×256 and W
// 256×512. Keys:
// every simdkern path (nn's fused Dense.BackwardReLU on that path: mask and
// dbiases in one pass) and the peers of BenchmarkGemm (their Gemm, plain Go
// loops for the mask and the column sum). GFLOP/s counts the two products
// only.
func BenchmarkDenseBackward(b *testing.B) {
	b.Run("f32", benchDenseBackward[float32])
	b.Run("f64", benchDenseBackward[float64])
}

func benchDenseBackward[T dispatch.Float](b *testing.B) {
	const samples, nIn, nOut = denseSamples, denseInputs, denseNeurons
	r := rand.New(rand.NewPCG(samples, nOut))
	random := func(rows, cols int) nn.Matrix[T] {
		m := nn.NewMatrix[T](rows, cols, nil)
		for i := range m.Data {
			m.Data[i] = T(2*r.Float64() - 1)
		}
		return m
	}
	x, dvalues := random(samples, nIn), random(samples, nOut)
	dense := nn.NewDense(random(nIn, nOut), random(1, nOut))
	var relu nn.ReLU[T]
	relu.Forward(dense.Forward(x))
	flops := 2 * 2 * float64(samples) * float64(nIn) * float64(nOut)

	for _, im := range paths() {
		b.Run("impl="+im.Name, func(b *testing.B) {
			defer dispatch.Use(im)()
			dense.BackwardReLU(dvalues, &relu)
			b.ReportAllocs()
			for b.Loop() {
				dense.BackwardReLU(dvalues, &relu)
			}
			reportGFLOPs(b, flops)
		})
	}

	w, z := dense.Weights.Data, relu.Output.Data
	drelu := make([]T, samples*nOut)
	dx, dw, db := make([]T, samples*nIn), make([]T, nIn*nOut), make([]T, nOut)
	for _, peer := range gemmImpls[T]()[len(paths()):] {
		b.Run("impl="+peer.name, func(b *testing.B) {
			step := func() {
				for i, v := range z {
					if v > 0 {
						drelu[i] = dvalues.Data[i]
					} else {
						drelu[i] = 0
					}
				}
				peer.gemm(true, false, nIn, nOut, samples, 1, x.Data, nIn, drelu, nOut, 0, dw, nOut)
				clear(db)
				for i := range samples {
					for j, v := range drelu[i*nOut : (i+1)*nOut] {
						db[j] += v
					}
				}
				peer.gemm(false, true, samples, nIn, nOut, 1, drelu, nOut, w, nOut, 0, dx, nIn)
			}
			step()
			b.ReportAllocs()
			for b.Loop() {
				step()
			}
			reportGFLOPs(b, flops)
		})
	}
}
