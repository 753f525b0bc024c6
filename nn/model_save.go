package nn

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/simdkern/simdkern/kernels"
)

// A paramLayout is a naming and shape convention for a model's parameters
// in a safetensors file.
type paramLayout struct {
	name         string // for errors
	prefix       string // before the layer's index
	weight, bias string // the names' suffixes, after the index and a dot
	transposed   bool   // weights stored [n_neurons, n_inputs]
}

var (
	// simdkernLayout is Save's: "layers.i.weights" [n_inputs, n_neurons] and
	// "layers.i.biases" [n_neurons].
	simdkernLayout = paramLayout{"simdkern", "layers.", "weights", "biases", false}
	// torchLayout is a PyTorch state_dict's of a torch.nn.Sequential:
	// "i.weight" [n_neurons, n_inputs] and "i.bias" [n_neurons].
	torchLayout = paramLayout{"PyTorch", "", "weight", "bias", true}
)

// names returns the tensor names of the parameters of layer i.
func (l paramLayout) names(i int) (weights, biases string) {
	p := l.prefix + strconv.Itoa(i) + "."
	return p + l.weight, p + l.bias
}

// Save writes the parameters of the model's Dense layers to w in the
// safetensors format, as tensors named "layers.i.weights" (shape
// [n_inputs, n_neurons], as Dense holds them) and "layers.i.biases" (shape
// [n_neurons]), with i the layer's index in Layers, in T's dtype (F32 or
// F64). SaveTorch writes the layout PyTorch reads; Load reads both.
func (m *Model[T]) Save(w io.Writer) error {
	return m.save("Model.Save", w, simdkernLayout)
}

// SaveTorch writes the parameters of the model's Dense layers to w in the
// safetensors format, in the layout of the state_dict of a
// torch.nn.Sequential whose modules are the model's Layers (Linear for
// Dense, ReLU, Dropout, … at the same indices): tensors "i.weight" of shape
// [n_neurons, n_inputs] (the transpose of Dense's weights, as
// torch.nn.Linear holds them) and "i.bias" of shape [n_neurons], in T's
// dtype (F32 or F64). In Python,
// model.load_state_dict(safetensors.torch.load_file(path)) takes them back.
func (m *Model[T]) SaveTorch(w io.Writer) error {
	return m.save("Model.SaveTorch", w, torchLayout)
}

// An indexedDense is a Dense layer of a model with its index in Layers.
type indexedDense[T kernels.Float] struct {
	i int
	d *Dense[T]
}

// denseLayers checks the layers of m for fn (checkLayers, every Dense
// layer's parameters, checkValid, and no DenseBF16, whose weights Save and
// Load do not convert) and returns its Dense layers.
func (m *Model[T]) denseLayers(fn string) ([]indexedDense[T], error) {
	if err := m.checkLayers(fn, false); err != nil {
		return nil, err
	}
	var dense []indexedDense[T]
	for i, l := range m.Layers {
		if _, ok := any(l).(*DenseBF16); ok {
			return nil, fmt.Errorf("nn.%s: layer %d is a DenseBF16: save or load the float32 model it was converted from", fn, i)
		}
		if d, ok := l.(*Dense[T]); ok {
			if err := d.checkValid(fn, i); err != nil {
				return nil, err
			}
			dense = append(dense, indexedDense[T]{i, d})
		}
	}
	return dense, nil
}

func (m *Model[T]) save(fn string, w io.Writer, layout paramLayout) error {
	dense, err := m.denseLayers(fn)
	if err != nil {
		return err
	}
	tensors := map[string]Matrix[T]{}
	var vectors []string
	for _, l := range dense {
		d := l.d
		wn, bn := layout.names(l.i)
		tensors[wn], tensors[bn] = d.Weights, d.Biases
		if layout.transposed {
			tensors[wn] = d.Weights.transposed()
		}
		vectors = append(vectors, bn)
	}
	if err := WriteSafetensors(w, tensors, vectors...); err != nil {
		return fmt.Errorf("nn.%s: %w", fn, err)
	}
	return nil
}

// Load reads the parameters of the model's Dense layers from a safetensors
// file r written in either of two layouts, told apart by the names:
//   - Save's: "layers.i.weights" [n_inputs, n_neurons] and
//     "layers.i.biases" [n_neurons] (or [1, n_neurons]);
//   - a PyTorch state_dict of a torch.nn.Sequential of Linear, ReLU and
//     other modules at the indices of the model's Layers (as SaveTorch
//     writes it, or safetensors.torch.save_file(model.state_dict(), path)):
//     "i.weight" [n_neurons, n_inputs], transposed as it is read, and
//     "i.bias" [n_neurons]. The names may share a prefix, the name of the
//     Sequential inside a module ("net.0.weight").
//
// Tensors of dtype F32, F64, F16 or BF16 are read, converted to T as
// ReadSafetensors converts them. The file must hold exactly the tensors of
// the model's Dense layers, of their shapes; otherwise, as on any error of
// the file, Load returns an error saying what it found and leaves the model
// unchanged.
func (m *Model[T]) Load(r io.Reader) error {
	const fn = "Model.Load"
	dense, err := m.denseLayers(fn)
	if err != nil {
		return err
	}
	tensors, err := readSafetensors[T](r)
	if err != nil {
		return fmt.Errorf("nn.%s: %w", fn, err)
	}
	layout, names := simdkernLayout, listNames(tensors)
	if p, ok := torchPrefix(tensors); ok {
		layout = torchLayout
		layout.prefix = p
	}
	type load struct {
		dst       Matrix[T]
		src       tensor[T]
		transpose bool
	}
	var loads []load
	for _, l := range dense {
		i, d := l.i, l.d
		wn, bn := layout.names(i)
		ws := []int{d.Weights.Rows, d.Weights.Cols}
		if layout.transposed {
			ws = []int{d.Weights.Cols, d.Weights.Rows}
		}
		for _, p := range []struct {
			name      string
			dst       Matrix[T]
			want      []int // the shape the layout stores
			transpose bool
		}{
			{wn, d.Weights, ws, layout.transposed},
			{bn, d.Biases, []int{d.Biases.Cols}, false},
		} {
			src, ok := tensors[p.name]
			if !ok {
				return fmt.Errorf("nn.%s: no tensor %q for layer %d (Dense %d→%d) in a file of the %s layout, which holds %s",
					fn, p.name, i, d.Weights.Rows, d.Weights.Cols, layout.name, names)
			}
			if got := src.dims(); !slices.Equal(got, p.want) && !(layout == simdkernLayout && p.name == bn && slices.Equal(got, []int{1, d.Biases.Cols})) {
				return fmt.Errorf("nn.%s: tensor %q has shape %v, layer %d (Dense %d→%d) needs %v in the %s layout",
					fn, p.name, got, i, d.Weights.Rows, d.Weights.Cols, p.want, layout.name)
			}
			loads = append(loads, load{p.dst, src, p.transpose})
			delete(tensors, p.name)
		}
	}
	if len(tensors) > 0 {
		return fmt.Errorf("nn.%s: tensor %q is not a parameter of the model (%s layout)", fn, slices.Sorted(maps.Keys(tensors))[0], layout.name)
	}
	for _, l := range loads {
		if l.transpose {
			l.src.transposeTo(l.dst)
			continue
		}
		copy(l.dst.Data, l.src.Data)
	}
	return nil
}

// dims returns the shape of t as the file gave it.
func (t tensor[T]) dims() []int {
	return []int{t.Rows, t.Cols}[2-t.rank:]
}

// torchPrefix reports whether the names of tensors are PyTorch's (ending
// in ".weight" or ".bias"), and returns their prefix: what comes before
// the index of the first name in sorted order ("" for "0.weight", "net."
// for "net.0.weight").
func torchPrefix[T kernels.Float](tensors map[string]tensor[T]) (string, bool) {
	for _, name := range slices.Sorted(maps.Keys(tensors)) {
		base, ok := strings.CutSuffix(name, ".weight")
		if !ok {
			base, ok = strings.CutSuffix(name, ".bias")
		}
		if !ok {
			continue
		}
		return strings.TrimRight(base, "0123456789"), true
	}
	return "", false
}

// listNames lists the sorted names of tensors for an error message, the
// first eight of them.
func listNames[T kernels.Float](tensors map[string]tensor[T]) string {
	names := slices.Sorted(maps.Keys(tensors))
	if len(names) == 0 {
		return "no tensor"
	}
	s := strings.Join(names[:min(len(names), 8)], ", ")
	if len(names) > 8 {
		s += fmt.Sprintf(" and %d more", len(names)-8)
	}
	return s
}
