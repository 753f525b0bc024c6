// Package nn trains neural networks on the kernels of package kernels: the
// layers of the backpropagation notebook simdkern grew from (dense, ReLU,
// softmax, categorical cross-entropy and their combined backward pass), and
// what the book that notebook belongs to (Neural Networks from Scratch in
// Python) builds next: weight initialisation (NewDenseInit), predictions
// and accuracy (Argmax, Accuracy), the SGD (with decay and momentum),
// Adagrad, RMSprop and Adam optimizers, L1/L2 regularisation, dropout, the
// sigmoid with binary cross-entropy and the linear output with mean squared
// or absolute error, the spiral and sine data sets and MNIST's IDX files, a
// sequential Model with Train, Evaluate and Predict, and saving parameters
// in the safetensors format. Everything is generic over float32 and
// float64.
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
//
// # Training
//
// A Model chains layers and trains them on a Dataset:
//
//	model := nn.NewModel(&nn.Adam[float32]{LearningRate: 0.05},
//		nn.NewDenseInit[float32](2, 64, nn.InitHe, rng), &nn.ReLU[float32]{},
//		nn.NewDenseInit[float32](64, 3, nn.InitHe, rng))
//	history, err := model.Train(train, nn.TrainOptions[float32]{Epochs: 300, BatchSize: 128})
//	loss, accuracy, err := model.Evaluate(val)
//	probs, err := model.Predict(x) // nn.Argmax(nil, probs) gives the classes
//	err = model.Save(w)            // safetensors, which PyTorch and numpy read
//
// A Model classifies with softmax and cross-entropy unless its Head says
// otherwise: SigmoidBinaryCrossEntropy for yes/no outputs, Regression for
// values. NewDenseInit draws the initial weights as the book does
// (InitBook, 0.01·N(0, 1)) or scaled for deep networks (InitHe,
// InitGlorot). The optimizers have the book's defaults for every zero field;
// SGD takes learning-rate decay and momentum. Dense layers take L1 and L2
// regularisation, Dropout zeroes a fraction of its inputs in training.
// Spiral and Sine generate the book's data sets, LoadIDX reads MNIST. In the
// repository, go run ./examples/spiral trains the book's spiral classifier
// and draws it, go run ./examples/mnist its MNIST classifier.
//
// # Speed
//
// The layers run on the path package kernels chose at init (kernels.ISA:
// avx512, avx2, neon or generic; SIMDKERN_ISA lowers the choice, see package
// kernels). A Dense layer and the ReLU after it run as one step
// (Dense.ForwardReLU and Dense.BackwardReLU, which Model uses): forward, the
// biases and the ReLU in the Gemm's epilogue (kernels.GemmEpilogue);
// backward, the ReLU mask and the bias gradient in one pass
// (kernels.ReLUMaskColSum) and the two gradient products side by side on two
// cores or more (kernels.GemmBatch; kernels.SetParallelism bounds the
// goroutines). The results have the bits of the separate passes. The
// optimizers update each layer's parameters with one kernel a step
// (kernels.Adam and the others), and the softmax and the sigmoid run on
// kernels.Softmax and kernels.Sigmoid.
//
// A training step allocates nothing once the batch shapes are fixed; bad data
// and a loss that turns NaN return errors naming the shapes. Every backward
// pass is checked against finite differences (the TestGradientCheck tests),
// and every number the notebook prints is a test.
package nn
