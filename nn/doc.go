// Package nn trains neural networks on the kernels of package kernels: the
// layers of the backpropagation notebook simdkern grew from (dense, ReLU,
// softmax, categorical cross-entropy and their combined backward pass), and
// what the book that notebook belongs to (Neural Networks from Scratch in
// Python) builds next: weight initialisation (NewDenseInit), predictions
// and accuracy (Argmax, Accuracy), the SGD (with decay and momentum),
// Adagrad, RMSprop and Adam optimizers, L1/L2 regularisation, dropout, the
// spiral data set, a sequential Model with Train, Evaluate and Predict, and
// saving parameters in the safetensors format. Everything is generic over
// float32 and float64.
//
// Every layer is composed from the calls of package kernels (Gemm for the
// matrix products, ColSum for the bias gradient, ReLU and ReLUMask, Dot,
// Axpy), so it runs on the SIMD path kernels selects.
//
// Shapes follow the notebook: matrices are row-major, one sample a row; a
// dense layer of n_inputs inputs and n_neurons neurons has weights
// n_inputs × n_neurons and biases 1 × n_neurons. A shape that does not fit
// panics with a message naming the layer and both shapes; Model's methods,
// which take data from outside, return errors instead.
//
// Layers keep their results in exported fields (Output, DInputs, DWeights,
// DBiases), as the notebook's classes do, and also return them. The storage
// of those fields is sized on first use and reused by every later call with
// the same or smaller shapes, so a training step allocates nothing once the
// shapes are fixed; a matrix a layer returns is overwritten by the layer's
// next call.
package nn
