package nn_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/simdkern/simdkern/internal/kerneltest"
	"github.com/simdkern/simdkern/nn"
)

// TestDenseReLUFused checks on every path that ForwardReLU and BackwardReLU
// give the bits of Forward, ReLU.Forward, ReLU.Backward and Backward called
// one after the other, NaN and ±∞ included, for shapes that reach the
// Gemm's small, skinny and packed routes.
func TestDenseReLUFused(t *testing.T) {
	kerneltest.OnEveryPath(t, func(t *testing.T) {
		testDenseReLUFused[float32](t)
		testDenseReLUFused[float64](t)
	})
}

func testDenseReLUFused[T float32 | float64](t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	random := func(rows, cols int) nn.Matrix[T] {
		m := nn.NewMatrix[T](rows, cols, nil)
		for i := range m.Data {
			m.Data[i] = T(2*r.Float64() - 1)
		}
		return m
	}
	for _, sz := range [][3]int{{3, 2, 4}, {1, 64, 64}, {70, 33, 45}, {300, 2, 64}, {200, 130, 3}} {
		samples, nIn, nOut := sz[0], sz[1], sz[2]
		x, dvalues := random(samples, nIn), random(samples, nOut)
		w, b := random(nIn, nOut), random(1, nOut)
		x.Data[0], b.Data[nOut-1] = T(math.NaN()), T(math.Inf(1))
		dvalues.Data[len(dvalues.Data)-1] = T(math.Inf(-1))

		fused, fr := nn.NewDense(w, b), &nn.ReLU[T]{}
		plain, pr := nn.NewDense(nn.NewMatrix(nIn, nOut, slices.Clone(w.Data)), nn.NewMatrix(1, nOut, slices.Clone(b.Data))), &nn.ReLU[T]{}
		fused.ForwardReLU(x, fr)
		pr.Forward(plain.Forward(x))
		fused.BackwardReLU(dvalues, fr)
		plain.Backward(pr.Backward(dvalues))
		for _, p := range []struct {
			name      string
			got, want []T
		}{
			{"Output", fused.Output.Data, plain.Output.Data}, {"ReLU.Output", fr.Output.Data, pr.Output.Data},
			{"ReLU.DInputs", fr.DInputs.Data, pr.DInputs.Data}, {"DWeights", fused.DWeights.Data, plain.DWeights.Data},
			{"DInputs", fused.DInputs.Data, plain.DInputs.Data},
		} {
			if err := kerneltest.Diff(p.name, p.got, p.want); err != nil {
				t.Fatalf("%d×%d → %d: %v", samples, nIn, nOut, err)
			}
		}
		if err := kerneltest.DiffValues("DBiases", fused.DBiases.Data, plain.DBiases.Data); err != nil {
			t.Fatalf("%d×%d → %d: %v", samples, nIn, nOut, err)
		}
	}
}
