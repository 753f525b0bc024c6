package nn_test

import (
	"fmt"
	"math/rand/v2"

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
