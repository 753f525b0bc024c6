// Package nn is the network of the backpropagation notebook simdkern grew
// from, forward and backward: a dense layer, ReLU, softmax, categorical
// cross-entropy, the combined softmax + cross-entropy backward pass and an
// SGD update, for float32 and float64.
//
// Every layer is composed from the calls of package kernels (Gemm for the
// matrix products, ColSum for the bias gradient, ReLU and ReLUMask, Dot,
// Axpy), so it runs on the SIMD path kernels selects.
//
// Shapes follow the notebook: matrices are row-major, one sample a row; a
// dense layer of n_inputs inputs and n_neurons neurons has weights
// n_inputs × n_neurons and biases 1 × n_neurons. A shape that does not fit
// panics with a message naming the layer and both shapes.
//
// Layers keep their results in exported fields (Output, DInputs, DWeights,
// DBiases), as the notebook's classes do, and also return them. The storage
// of those fields is sized on first use and reused by every later call with
// the same or smaller shapes, so a training step allocates nothing once the
// shapes are fixed; a matrix a layer returns is overwritten by the layer's
// next call.
package nn
