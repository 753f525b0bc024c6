package nn

import "github.com/simdkern/simdkern/kernels"

// SGD is plain stochastic gradient descent: each parameter moves against
// its gradient by LearningRate times it.
type SGD[T kernels.Float] struct {
	LearningRate T
}

// Update applies the gradients of the last Backward of d to its parameters:
//
//	Weights += −LearningRate·DWeights
//	Biases  += −LearningRate·DBiases
//
// each element w + round(−LearningRate·g), as numpy's
// weights += -learning_rate * dweights (kernels.Axpy). NaN or ±∞ in a
// gradient reaches its parameter.
func (o SGD[T]) Update(d *Dense[T]) {
	d.checkParams("SGD.Update")
	checkSameShape("SGD.Update", "weights", d.Weights, "dweights", d.DWeights)
	checkSameShape("SGD.Update", "biases", d.Biases, "dbiases", d.DBiases)
	kernels.Axpy(-o.LearningRate, d.DWeights.Data, d.Weights.Data)
	kernels.Axpy(-o.LearningRate, d.DBiases.Data, d.Biases.Data)
}
