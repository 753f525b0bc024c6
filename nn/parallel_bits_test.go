package nn_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdkern/simdkern/kernels"
	"github.com/simdkern/simdkern/nn"
)

// TestTrainParallelBits trains the book's MNIST network (784 → 128 → 128 →
// 10, Adam with decay) for a few steps of batch 128 at parallelism 1, 2
// and 3 and requires the same bits in every parameter: the products split
// on tile boundaries, the column sums by fixed blocks of rows and the
// optimizer steps element by element, so the split changes no operation.
func TestTrainParallelBits(t *testing.T) {
	defer kernels.SetParallelism(kernels.SetParallelism(1))
	var want [][]float32
	for _, procs := range []int{1, 2, 3} {
		kernels.SetParallelism(procs)
		got := trainMNISTShaped(t, 4)
		if want == nil {
			want = got
			continue
		}
		for i := range want {
			for j := range want[i] {
				if math.Float32bits(got[i][j]) != math.Float32bits(want[i][j]) {
					t.Fatalf("parallelism %d: parameter %d[%d] = %v, want %v (parallelism 1)", procs, i, j, got[i][j], want[i][j])
				}
			}
		}
	}
}

// trainMNISTShaped trains the MNIST network on random pixels for steps
// steps from the same seed and returns its parameters.
func trainMNISTShaped(t *testing.T, steps int) [][]float32 {
	rng := rand.New(rand.NewPCG(22, 2))
	batch := nn.Dataset[float32]{X: nn.NewMatrix[float32](128, 784, nil), Classes: make([]int, 128)}
	for i := range batch.X.Data {
		batch.X.Data[i] = float32(2*rng.Float64() - 1)
	}
	for i := range batch.Classes {
		batch.Classes[i] = rng.IntN(10)
	}
	dense := []*nn.Dense[float32]{
		nn.NewDenseInit[float32](784, 128, nn.InitHe, rng),
		nn.NewDenseInit[float32](128, 128, nn.InitHe, rng),
		nn.NewDenseInit[float32](128, 10, nn.InitHe, rng),
	}
	m := nn.NewModel[float32](&nn.Adam[float32]{LearningRate: 0.001, Decay: 1e-3},
		dense[0], &nn.ReLU[float32]{}, dense[1], &nn.ReLU[float32]{}, dense[2])
	for range steps {
		if _, err := m.TrainStep(batch); err != nil {
			t.Fatal(err)
		}
	}
	var params [][]float32
	for _, d := range dense {
		params = append(params, d.Weights.Data, d.Biases.Data)
	}
	return params
}
