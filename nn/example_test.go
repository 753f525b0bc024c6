package nn_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/simdkern/simdkern/nn"
)

// printRows prints each row of m with format for every element.
func printRows(m nn.Matrix[float64], format string) {
	for i := range m.Rows {
		for j, v := range m.Row(i) {
			if j > 0 {
				fmt.Print(" ")
			}
			fmt.Printf(format, v)
		}
		fmt.Println()
	}
}

// One neuron of three inputs, forward through ReLU, backward from a gradient
// of 1, one SGD step and forward again: the output falls from 6 to 5.985.
func ExampleSGD_Update() {
	x := nn.NewMatrix(1, 3, []float64{1, -2, 3})
	neuron := nn.NewDense(nn.NewMatrix(3, 1, []float64{-3, -1, 2}), nn.NewMatrix(1, 1, []float64{1}))
	var relu nn.ReLU[float64]
	fmt.Printf("y = %.3f\n", relu.Forward(neuron.Forward(x)).At(0, 0))

	neuron.Backward(relu.Backward(nn.NewMatrix(1, 1, []float64{1})))
	fmt.Println("dx =", neuron.DInputs.Data, "dw =", neuron.DWeights.Data, "db =", neuron.DBiases.Data)

	(&nn.SGD[float64]{LearningRate: 0.001}).Update(neuron)
	fmt.Printf("w = %.3f, b = %.3f\n", neuron.Weights.Data, neuron.Biases.Data)
	fmt.Printf("y = %.3f\n", relu.Forward(neuron.Forward(x)).At(0, 0))
	// Output:
	// y = 6.000
	// dx = [-3 -1 2] dw = [1 -2 3] db = [1]
	// w = [-3.001 -0.998 1.997], b = [0.999]
	// y = 5.985
}

// The notebook's dense layer of 4 inputs and 3 neurons followed by ReLU,
// trained one step to lower the ReLU outputs: the gradient passed back is
// the ReLU output itself.
func ExampleDense() {
	inputs := nn.NewMatrix(3, 4, []float64{
		1, 2, 3, 2.5,
		2, 5, -1, 2,
		-1.5, 2.7, 3.3, -0.8,
	})
	weights := nn.NewMatrix(4, 3, []float64{ // n_inputs × n_neurons
		0.2, 0.5, -0.26,
		0.8, -0.91, -0.27,
		-0.5, 0.26, 0.17,
		1, -0.5, 0.87,
	})
	dense := nn.NewDense(weights, nn.NewMatrix(1, 3, []float64{2, 3, 0.5}))
	var relu nn.ReLU[float64]

	out := relu.Forward(dense.Forward(inputs))
	dense.Backward(relu.Backward(out))
	(&nn.SGD[float64]{LearningRate: 0.001}).Update(dense)

	printRows(dense.Weights, "%10.7f")
	printRows(dense.Biases, "%10.7f")
	// Output:
	//  0.1795150  0.5003665 -0.2627460
	//  0.7420930 -0.9152577 -0.2758402
	// -0.5101530  0.2529017  0.1629592
	//  0.9713280 -0.5021842  0.8636583
	//  1.9848900  2.9977390  0.4973890
}

// The gradient of softmax + cross-entropy with respect to the softmax
// inputs, from the combined backward pass and from the two separate ones:
// the same matrix.
func ExampleSoftmaxCrossEntropy_Backward() {
	outputs := nn.NewMatrix(3, 3, []float64{
		0.7, 0.1, 0.2,
		0.1, 0.5, 0.4,
		0.02, 0.9, 0.08,
	})
	classes := []int{0, 1, 1}

	var combined nn.SoftmaxCrossEntropy[float64]
	combined.Activation.Output = outputs // as if Forward had computed them
	printRows(combined.Backward(classes), "%11.8f")

	activation := nn.Softmax[float64]{Output: outputs}
	var loss nn.CrossEntropy[float64]
	printRows(activation.Backward(loss.Backward(outputs, classes)), "%11.8f")
	// Output:
	// -0.10000000  0.03333333  0.06666667
	//  0.03333333 -0.16666667  0.13333333
	//  0.00666667 -0.03333333  0.02666667
	// -0.10000000  0.03333333  0.06666667
	//  0.03333333 -0.16666667  0.13333333
	//  0.00666667 -0.03333333  0.02666667
}

// Softmax of two samples, and the mean cross-entropy loss against their
// classes.
func ExampleSoftmaxCrossEntropy_Forward() {
	logits := nn.NewMatrix(2, 3, []float32{
		1, 2, 3,
		1000, 1000, 1000, // stable: the row maximum is subtracted first
	})
	var l nn.SoftmaxCrossEntropy[float32]
	loss := l.Forward(logits, []int{2, 0})
	fmt.Printf("%.4f\n", l.Activation.Output.Data)
	fmt.Printf("loss %.4f\n", loss)
	// Output:
	// [0.0900 0.2447 0.6652 0.3333 0.3333 0.3333]
	// loss 0.7531
}

// The step of ExampleSGD_Update with the dense layer and its ReLU fused:
// ForwardReLU and BackwardReLU give the same numbers in fewer passes over
// the layer's output and gradient.
func ExampleDense_ForwardReLU() {
	x := nn.NewMatrix(1, 3, []float64{1, -2, 3})
	neuron := nn.NewDense(nn.NewMatrix(3, 1, []float64{-3, -1, 2}), nn.NewMatrix(1, 1, []float64{1}))
	var relu nn.ReLU[float64]
	fmt.Printf("y = %.3f\n", neuron.ForwardReLU(x, &relu).At(0, 0))

	neuron.BackwardReLU(nn.NewMatrix(1, 1, []float64{1}), &relu)
	fmt.Println("dx =", neuron.DInputs.Data, "dw =", neuron.DWeights.Data, "db =", neuron.DBiases.Data)
	// Output:
	// y = 6.000
	// dx = [-3 -1 2] dw = [1 -2 3] db = [1]
}

// The book's spiral data: 100 points in each of 3 arms, two features a
// point, a fifth held out for validation.
func ExampleSpiral() {
	rng := rand.New(rand.NewPCG(1, 2))
	data := nn.Spiral[float32](100, 3, rng)
	train, val := data.Split(0.2, rng)
	fmt.Printf("%d×%d, classes %v … %v\n", data.X.Rows, data.X.Cols, data.Classes[:3], data.Classes[297:])
	fmt.Println(train.Len(), "to train on,", val.Len(), "to validate")
	// Output:
	// 300×2, classes [0 0 0] … [2 2 2]
	// 240 to train on, 60 to validate
}
