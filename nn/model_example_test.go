package nn_test

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"

	"github.com/simdkern/simdkern/nn"
)

// The book's spiral classifier: 2 inputs, 64 ReLU neurons, 3 classes,
// trained with Adam on mini-batches and tested on held-out points.
func ExampleModel_Train() {
	rng := rand.New(rand.NewPCG(1, 2))
	train, val := nn.Spiral[float32](1000, 3, rng).Split(0.2, rng)
	model := nn.NewModel(&nn.Adam[float32]{LearningRate: 0.05, Decay: 1e-3},
		nn.NewDenseInit[float32](2, 64, nn.InitHe, rng),
		&nn.ReLU[float32]{},
		nn.NewDenseInit[float32](64, 3, nn.InitHe, rng))

	history, err := model.Train(train, nn.TrainOptions[float32]{Epochs: 150, BatchSize: 128, Shuffle: rng})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, acc, err := model.Evaluate(val)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("loss %.1f after 1 epoch, %.1f after %d\n", history[0].Loss, history[len(history)-1].Loss, len(history))
	fmt.Printf("validation accuracy %.1f\n", acc)

	probs, _ := model.Predict(nn.NewMatrix(1, 2, []float32{0, 0.5}))
	fmt.Println("class of (0, 0.5):", nn.Argmax(nil, probs)[0])
	// Output:
	// loss 1.1 after 1 epoch, 0.3 after 150
	// validation accuracy 0.9
	// class of (0, 0.5): 2
}

// Predicted classes and accuracy of three samples' scores.
func ExampleArgmax() {
	scores := nn.NewMatrix(3, 3, []float64{
		2.0, 1.0, 0.1,
		0.5, 2.5, 0.3,
		1.2, 0.2, 0.9,
	})
	fmt.Println(nn.Argmax(nil, scores))
	fmt.Printf("%.3f\n", nn.Accuracy(scores, []int{0, 1, 2}))
	// Output:
	// [0 1 0]
	// 0.667
}

// A model's parameters written in the safetensors format and read back
// into a model of the same shape.
func ExampleModel_Save() {
	newModel := func(src uint64) *nn.Model[float32] {
		rng := rand.New(rand.NewPCG(src, 0))
		return nn.NewModel[float32](&nn.Adam[float32]{},
			nn.NewDenseInit[float32](2, 4, nn.InitHe, rng), &nn.ReLU[float32]{}, nn.NewDenseInit[float32](4, 3, nn.InitHe, rng))
	}
	var file bytes.Buffer
	if err := newModel(1).Save(&file); err != nil {
		fmt.Println(err)
		return
	}
	tensors, err := nn.ReadSafetensors[float32](bytes.NewReader(file.Bytes()))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, name := range slices.Sorted(maps.Keys(tensors)) {
		fmt.Printf("%s: %d×%d\n", name, tensors[name].Rows, tensors[name].Cols)
	}

	other := newModel(2)
	fmt.Println(other.Load(&file), other.Layers[2].(*nn.Dense[float32]).Weights.Data[0] == tensors["layers.2.weights"].Data[0])
	// Output:
	// layers.0.biases: 1×4
	// layers.0.weights: 2×4
	// layers.2.biases: 1×3
	// layers.2.weights: 4×3
	// <nil> true
}

// The book's binary logistic regression: two spiral arms, one sigmoid
// output trained with binary cross-entropy on targets of 0 and 1.
func ExampleSigmoidBinaryCrossEntropy() {
	rng := rand.New(rand.NewPCG(3, 4))
	train, val := nn.Spiral[float32](500, 2, rng).Values().Split(0.2, rng)
	model := nn.NewModel(&nn.Adam[float32]{LearningRate: 0.02, Decay: 5e-7},
		nn.NewDenseInit[float32](2, 64, nn.InitHe, rng),
		&nn.ReLU[float32]{},
		nn.NewDenseInit[float32](64, 1, nn.InitHe, rng))
	model.Head = &nn.SigmoidBinaryCrossEntropy[float32]{}

	if _, err := model.Train(train, nn.TrainOptions[float32]{Epochs: 200, BatchSize: 100, Shuffle: rng}); err != nil {
		fmt.Println(err)
		return
	}
	_, acc, _ := model.Evaluate(val)
	fmt.Printf("validation accuracy %.1f\n", acc)
	// Output:
	// validation accuracy 0.9
}

// The book's regression: a network fitted to the sine data, predicting
// values with a linear output and the mean squared error.
func ExampleRegression() {
	rng := rand.New(rand.NewPCG(5, 6))
	data := nn.Sine[float32](1000)
	model := nn.NewModel(&nn.Adam[float32]{LearningRate: 0.005, Decay: 1e-3},
		nn.NewDenseInit[float32](1, 64, nn.InitHe, rng), &nn.ReLU[float32]{},
		nn.NewDenseInit[float32](64, 64, nn.InitHe, rng), &nn.ReLU[float32]{},
		nn.NewDenseInit[float32](64, 1, nn.InitHe, rng))
	model.Head = &nn.Regression[float32]{} // the mean squared error

	if _, err := model.Train(data, nn.TrainOptions[float32]{Epochs: 500}); err != nil {
		fmt.Println(err)
		return
	}
	y, _ := model.Predict(nn.NewMatrix(3, 1, []float32{0.1, 0.25, 0.75}))
	fmt.Printf("sin(2π·x) at x = 0.1, 0.25, 0.75: %.1f %.1f %.1f\n", y.Data[0], y.Data[1], y.Data[2])
	// Output:
	// sin(2π·x) at x = 0.1, 0.25, 0.75: 0.6 1.0 -1.0
}
