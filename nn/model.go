package nn

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"

	"github.com/simdkern/simdkern/kernels"
)

// A Layer is one stage of a Model: Dense, ReLU, Softmax, Dropout, or a
// type of the caller's. Forward returns the outputs for a batch (one sample
// a row) and Backward, given the gradient of the loss with respect to those
// outputs, returns the gradient with respect to the inputs of the last
// Forward. Both may return storage the layer reuses on its next call.
type Layer[T kernels.Float] interface {
	Forward(inputs Matrix[T]) Matrix[T]
	Backward(dvalues Matrix[T]) Matrix[T]
}

// Model is a sequential network, the book's Model class: Layers in order,
// then a Head, the output activation and loss, trained by Optimizer on the
// Dense layers among Layers. The default head is Loss, softmax with the
// categorical cross-entropy: a classifier whose last layer gives one score
// (logit) per class, trained on class indices (Dataset.Classes). Setting
// Head to a *SigmoidBinaryCrossEntropy or *Regression trains on values
// (Dataset.Y) instead.
//
// Its methods return errors for data that do not fit the model (shapes,
// labels, empty batches, and, except in Predict, samples with a NaN or ±∞
// feature), and for a training step whose loss or gradients are not finite,
// before any parameter changes; a Layers list that cannot run (shapes that
// do not chain, a nil layer, a Dropout without its random source) is
// reported the same way. Once the batch shapes are fixed, a training step
// allocates nothing.
//
// A Dense layer followed by a ReLU runs as one step, with the results of the
// two layers run one after the other: forward, the biases and the ReLU are
// applied to each block of the Dense output as the product finishes it
// (kernels.GemmEpilogue); backward, the ReLU's mask and the Dense layer's
// bias gradient take one pass over the gradient (kernels.ReLUMaskColSum).
type Model[T kernels.Float] struct {
	Layers    []Layer[T]
	Optimizer Optimizer[T]
	Loss      SoftmaxCrossEntropy[T]
	Head      Head[T] // nil for &Loss

	dense []*Dense[T] // the Dense layers of Layers, for the optimizer
	zeros []T         // nonFinite's
}

// NewModel returns a model of the given layers trained by opt.
func NewModel[T kernels.Float](opt Optimizer[T], layers ...Layer[T]) *Model[T] {
	return &Model[T]{Layers: layers, Optimizer: opt}
}

// check verifies that the layers of m are usable (checkLayers) and that its
// Dense layers chain from nIn inputs, collects them in m.dense and returns
// the number of outputs (classes).
func (m *Model[T]) check(fn string, nIn int, training bool) (int, error) {
	if err := m.checkLayers(fn, training); err != nil {
		return 0, err
	}
	m.dense = m.dense[:0]
	width, from := nIn, -1 // from: the Dense layer giving width, -1 for the samples
	for i, l := range m.Layers {
		var weights shape
		switch d := any(l).(type) {
		case *Dense[T]:
			if err := d.checkValid(fn, i); err != nil {
				return 0, err
			}
			weights = d.Weights.shape()
			m.dense = append(m.dense, d)
		case *DenseBF16:
			if err := d.checkValid(fn, i, training); err != nil {
				return 0, err
			}
			weights = shape{d.Inputs, d.Neurons}
		default:
			continue
		}
		if weights.rows != width {
			source := "the samples have"
			if from >= 0 {
				source = fmt.Sprint("layer ", from, " gives")
			}
			return 0, fmt.Errorf("nn.%s: layer %d has weights %v and biases %v, but %s %d features", fn, i, weights, shape{1, weights.cols}, source, width)
		}
		width, from = weights.cols, i
	}
	if from < 0 {
		return 0, fmt.Errorf("nn.%s: the model has no Dense layer", fn)
	}
	return width, nil
}

// checkLayers returns an error if m has no layers or a layer that cannot
// run: nil (an interface holding nil, or a nil pointer of any type) or, in
// training, a Dropout without its random source or with a rate outside
// [0, 1).
func (m *Model[T]) checkLayers(fn string, training bool) error {
	if len(m.Layers) == 0 {
		return fmt.Errorf("nn.%s: the model has no layers", fn)
	}
	for i, l := range m.Layers {
		if v := reflect.ValueOf(l); l == nil || v.Kind() == reflect.Pointer && v.IsNil() {
			return fmt.Errorf("nn.%s: layer %d is nil (%T)", fn, i, l)
		}
		if d, ok := l.(*Dropout[T]); ok && training {
			if d.Rng == nil {
				return fmt.Errorf("nn.%s: layer %d is a Dropout without its random source (Rng)", fn, i)
			}
			if !(d.Rate >= 0 && d.Rate < 1) {
				return fmt.Errorf("nn.%s: layer %d is a Dropout of rate %v, want 0 ≤ rate < 1", fn, i, d.Rate)
			}
		}
	}
	return nil
}

// checkValid returns an error unless the weights and biases of d, layer i
// of a model, are matrices whose data fit their shapes, the biases one row
// of a value per neuron. fn names the caller.
func (d *Dense[T]) checkValid(fn string, i int) error {
	switch {
	case !d.Weights.valid():
		return fmt.Errorf("nn.%s: layer %d has weights %v with %d elements", fn, i, d.Weights.shape(), len(d.Weights.Data))
	case !d.Biases.valid():
		return fmt.Errorf("nn.%s: layer %d has biases %v with %d elements", fn, i, d.Biases.shape(), len(d.Biases.Data))
	case d.Biases.Rows != 1 || d.Biases.Cols != d.Weights.Cols:
		return fmt.Errorf("nn.%s: layer %d has weights %v and biases %v, want biases 1×%d", fn, i, d.Weights.shape(), d.Biases.shape(), d.Weights.Cols)
	}
	return nil
}

// head returns the model's head: Head, or Loss if Head is nil.
func (m *Model[T]) head() Head[T] {
	if m.Head != nil {
		return m.Head
	}
	return &m.Loss
}

// checkData checks the model (for training if training) and that data fits
// it: targets of the head's kind and in range, at least one sample, and no
// NaN or ±∞ among the samples' features.
func (m *Model[T]) checkData(fn string, data Dataset[T], training bool) error {
	outputs, err := m.check(fn, data.X.Cols, training)
	if err != nil {
		return err
	}
	if err := data.check(fn, outputs, m.head().values()); err != nil {
		return err
	}
	if data.Len() == 0 {
		return fmt.Errorf("nn.%s: no samples", fn)
	}
	for i := range data.X.Rows {
		if m.nonFinite(data.X.row(i)) {
			j := slices.IndexFunc(data.X.row(i), func(v T) bool { return v-v != 0 })
			return fmt.Errorf("nn.%s: sample %d has feature %d = %v: features must be finite", fn, i, j, data.X.At(i, j))
		}
	}
	return nil
}

// checkTrain is checkData for training, which also needs an optimizer.
func (m *Model[T]) checkTrain(fn string, data Dataset[T]) error {
	if m.Optimizer == nil {
		return fmt.Errorf("nn.%s: the model has no optimizer", fn)
	}
	return m.checkData(fn, data, true)
}

// nonFiniteChunk is the length of m.zeros.
const nonFiniteChunk = 512

// nonFinite reports whether x holds a NaN or ±∞: the dot product of x with
// zeros is ±0 if every element is finite and NaN otherwise (∞·0 is NaN).
func (m *Model[T]) nonFinite(x []T) bool {
	if m.zeros == nil {
		m.zeros = make([]T, nonFiniteChunk)
	}
	for len(x) > 0 {
		n := min(len(x), nonFiniteChunk)
		if d := kernels.Dot(x[:n], m.zeros[:n]); d != d {
			return true
		}
		x = x[n:]
	}
	return false
}

// forward runs the layers on x, skipping Dropout outside training, and
// returns the scores. A Dense layer followed by a ReLU computes the ReLU's
// output in its own pass over its output (Dense.forward).
func (m *Model[T]) forward(x Matrix[T], training bool) Matrix[T] {
	for i := 0; i < len(m.Layers); i++ {
		switch l := m.Layers[i].(type) {
		case *Dropout[T]:
			if training {
				x = l.Forward(x)
			}
		case *Dense[T]:
			if r, ok := m.next(i).(*ReLU[T]); ok {
				x = l.ForwardReLU(x, r)
				i++
				continue
			}
			x = l.Forward(x)
		default:
			x = l.Forward(x)
		}
	}
	return x
}

// next returns the layer after layer i, or nil.
func (m *Model[T]) next(i int) Layer[T] {
	if i+1 < len(m.Layers) {
		return m.Layers[i+1]
	}
	return nil
}

// step runs one training step on a batch that check has accepted and
// returns its loss, data and regularisation, and how many samples (or
// outputs) it predicted right, of how many.
func (m *Model[T]) step(batch Dataset[T]) (loss float64, right, of int, err error) {
	h := m.head()
	h.predict(m.forward(batch.X, true))
	loss = float64(h.loss(batch))
	for _, d := range m.dense {
		loss += float64(d.RegularizationLoss())
	}
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, 0, 0, fmt.Errorf("loss is %v", loss)
	}
	right, of = h.accuracy(batch)
	g := h.backward(batch)
	// The first layer's inputs need no gradient.
	for i := len(m.Layers) - 1; i >= 0; i-- {
		l := m.Layers[i]
		if r, ok := l.(*ReLU[T]); ok && i > 0 {
			if d, ok := m.Layers[i-1].(*Dense[T]); ok {
				i--
				d.backwardReLU("Dense.BackwardReLU", g, r, i > 0)
				g = d.DInputs
				continue
			}
		}
		if d, ok := l.(*Dense[T]); ok {
			d.backward("Dense.Backward", g, i > 0, false)
			g = d.DInputs
			continue
		}
		g = l.Backward(g)
	}
	for i, d := range m.dense {
		if m.nonFinite(d.DWeights.Data) || m.nonFinite(d.DBiases.Data) {
			return loss, right, of, fmt.Errorf("the gradient of Dense layer %d (of %d) overflowed: a learning rate too high?", i, len(m.dense))
		}
	}
	m.Optimizer.Update(m.dense...)
	return loss, right, of, nil
}

// TrainBatch runs one training step (forward, loss, backward, optimizer
// update) on the batch x (samples × features) with the class index of each
// sample, and returns the loss: the mean cross-entropy plus the layers'
// regularisation loss. It is TrainStep with the batch Dataset{X: x,
// Classes: classes}.
func (m *Model[T]) TrainBatch(x Matrix[T], classes []int) (T, error) {
	return m.trainStep("Model.TrainBatch", Dataset[T]{X: x, Classes: classes})
}

// TrainStep runs one training step (forward, loss, backward, optimizer
// update) on batch, with targets of the kind the model's head trains on,
// and returns the loss: the head's loss plus the layers' regularisation
// loss. Samples with a NaN or ±∞ feature, and a loss or a gradient that is
// NaN or infinite, stop it with an error before any parameter changes.
func (m *Model[T]) TrainStep(batch Dataset[T]) (T, error) {
	return m.trainStep("Model.TrainStep", batch)
}

func (m *Model[T]) trainStep(fn string, batch Dataset[T]) (T, error) {
	if err := m.checkTrain(fn, batch); err != nil {
		return 0, err
	}
	loss, _, _, err := m.step(batch)
	if err != nil {
		return T(loss), fmt.Errorf("nn.%s: %v", fn, err)
	}
	return T(loss), nil
}

// TrainOptions configure Model.Train.
type TrainOptions[T kernels.Float] struct {
	Epochs    int // passes over the data, at least 1
	BatchSize int // samples a step; 0 for all of them in one batch

	// Shuffle, if not nil, draws a new order of the samples every epoch;
	// nil takes them in order.
	Shuffle *rand.Rand

	// Validation, if it has samples, is evaluated after every epoch.
	Validation Dataset[T]

	// Progress, if not nil, receives one line every PrintEvery epochs
	// (every epoch if PrintEvery is 0) and after the last.
	Progress   io.Writer
	PrintEvery int
}

// Epoch is what Model.Train measured in one epoch: the mean over its
// samples of the training loss (regularisation included) and the accuracy
// (over samples for classes, over outputs for values), taken during
// training, and the loss and accuracy on the validation data after it (NaN
// without validation data).
type Epoch struct {
	Epoch                int // from 1
	Loss, Accuracy       float64
	ValLoss, ValAccuracy float64
}

// String formats e as Train prints it: losses to 4 decimals, or to 3
// significant digits below 0.001 (a regression's).
func (e Epoch) String() string {
	s := fmt.Sprintf("epoch %d: loss %s, accuracy %.3f", e.Epoch, formatLoss(e.Loss), e.Accuracy)
	if !math.IsNaN(e.ValLoss) {
		s += fmt.Sprintf(", validation loss %s, accuracy %.3f", formatLoss(e.ValLoss), e.ValAccuracy)
	}
	return s
}

func formatLoss(l float64) string {
	if math.Abs(l) < 0.001 && l != 0 {
		return fmt.Sprintf("%.3g", l)
	}
	return fmt.Sprintf("%.4f", l)
}

// Train trains the model on data for opt.Epochs epochs of mini-batches and
// returns what it measured each epoch. It stops with an error, returning
// the epochs done, for data that do not fit the model (checked, with the
// validation data, before the first step), bad options, or a loss or
// gradient that turns NaN or infinite (before the step's update).
func (m *Model[T]) Train(data Dataset[T], opt TrainOptions[T]) ([]Epoch, error) {
	const fn = "Model.Train"
	if err := m.checkTrain(fn, data); err != nil {
		return nil, err
	}
	if opt.Validation.Len() > 0 {
		if err := m.checkData(fn+" (validation)", opt.Validation, false); err != nil {
			return nil, err
		}
	}
	if opt.Epochs < 1 || opt.BatchSize < 0 || opt.PrintEvery < 0 {
		return nil, fmt.Errorf("nn.%s: %d epochs, batch size %d, print every %d: want at least 1 epoch and no negative size",
			fn, opt.Epochs, opt.BatchSize, opt.PrintEvery)
	}
	m.head().prepare(data)
	n := data.Len()
	size := opt.BatchSize
	if size == 0 || size > n {
		size = n
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	var batch Dataset[T]
	history := make([]Epoch, 0, opt.Epochs)
	for e := 1; e <= opt.Epochs; e++ {
		if opt.Shuffle != nil {
			opt.Shuffle.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		var sum float64
		var right, of int
		for b := 0; b < n; b += size {
			idx := order[b:min(b+size, n)]
			data.gatherInto(&batch, idx)
			loss, r, o, err := m.step(batch)
			if err != nil {
				return history, fmt.Errorf("nn.%s: epoch %d, samples %d to %d: %v", fn, e, b, b+len(idx)-1, err)
			}
			sum += loss * float64(len(idx))
			right, of = right+r, of+o
		}
		ep := Epoch{Epoch: e, Loss: sum / float64(n), Accuracy: float64(right) / float64(of),
			ValLoss: math.NaN(), ValAccuracy: math.NaN()}
		if opt.Validation.Len() > 0 {
			loss, acc, _ := m.Evaluate(opt.Validation) // checked above
			ep.ValLoss, ep.ValAccuracy = float64(loss), acc
		}
		history = append(history, ep)
		if opt.Progress != nil && (e%max(opt.PrintEvery, 1) == 0 || e == opt.Epochs) {
			if _, err := fmt.Fprintln(opt.Progress, ep); err != nil {
				return history, fmt.Errorf("nn.%s: progress: %w", fn, err)
			}
		}
	}
	return history, nil
}

// Evaluate returns the mean loss of the head (without regularisation) and
// the accuracy of the model on data, in inference mode (no dropout): the
// fraction of samples classified right for classes, of outputs right for
// values (see Head).
func (m *Model[T]) Evaluate(data Dataset[T]) (loss T, accuracy float64, err error) {
	if err := m.checkData("Model.Evaluate", data, false); err != nil {
		return 0, 0, err
	}
	h := m.head()
	h.prepare(data)
	h.predict(m.forward(data.X, false))
	right, of := h.accuracy(data)
	return h.loss(data), float64(right) / float64(of), nil
}

// Predict returns the predictions the model gives the samples x (samples ×
// outputs), in inference mode: for the default head, the class
// probabilities, the softmax of the scores (Argmax turns them into
// classes); for the others, the outputs of their activation. The matrix is
// the head activation's Output, which the model's next call overwrites.
// Samples are not checked for NaN or ±∞: they propagate as in the layers'
// arithmetic (a ReLU zeroes −∞).
func (m *Model[T]) Predict(x Matrix[T]) (Matrix[T], error) {
	if _, err := m.check("Model.Predict", x.Cols, false); err != nil {
		return Matrix[T]{}, err
	}
	if !x.valid() {
		return Matrix[T]{}, fmt.Errorf("nn.Model.Predict: samples are %v with %d elements", x.shape(), len(x.Data))
	}
	return m.head().predict(m.forward(x, false)), nil
}
