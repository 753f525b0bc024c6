package nn

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/simdkern/simdkern/kernels"
)

// The safetensors format (https://huggingface.co/docs/safetensors), as
// PyTorch and Hugging Face tools read it: an unsigned 64-bit little-endian
// header length n, n bytes of JSON header (padded with spaces), then the
// tensors' bytes. The header maps each tensor name to its dtype, shape and
// data_offsets [begin, end) into the bytes after the header, and may hold
// "__metadata__", a map of strings. Tensors are row-major and little-endian
// and, as the format requires, fill the data without gaps or overlaps.

// maxHeader bounds the header length ReadSafetensors accepts, as the
// format's reference implementation does (100 MB).
const maxHeader = 100 << 20

// tensorInfo is one entry of a safetensors header.
type tensorInfo struct {
	DType       string   `json:"dtype"`
	Shape       []int64  `json:"shape"`
	DataOffsets [2]int64 `json:"data_offsets"`
}

// dtype returns the safetensors dtype of T and its size in bytes.
func dtype[T kernels.Float]() (string, int) {
	if _, ok := any(T(0)).(float32); ok {
		return "F32", 4
	}
	return "F64", 8
}

// WriteSafetensors writes the matrices to w in the safetensors format, in
// the order of their sorted names, as tensors of T's dtype (F32 or F64).
// A matrix with one row is written with the 1-D shape [Cols] if its name
// is listed in vectors, and with the shape [Rows, Cols] otherwise.
func WriteSafetensors[T kernels.Float](w io.Writer, tensors map[string]Matrix[T], vectors ...string) error {
	names := make([]string, 0, len(tensors))
	for name, m := range tensors {
		if name == "__metadata__" || !m.valid() {
			return fmt.Errorf("nn.WriteSafetensors: tensor %q: invalid name or %v matrix with %d elements", name, m.shape(), len(m.Data))
		}
		names = append(names, name)
	}
	slices.Sort(names)
	dt, size := dtype[T]()
	var header strings.Builder
	header.WriteByte('{')
	var offset int64
	for i, name := range names {
		m := tensors[name]
		shape := []int64{int64(m.Rows), int64(m.Cols)}
		if m.Rows == 1 && slices.Contains(vectors, name) {
			shape = shape[1:]
		}
		end := offset + int64(len(m.Data)*size)
		info, err := json.Marshal(tensorInfo{DType: dt, Shape: shape, DataOffsets: [2]int64{offset, end}})
		if err != nil {
			return err
		}
		if i > 0 {
			header.WriteByte(',')
		}
		key, _ := json.Marshal(name)
		header.Write(key)
		header.WriteByte(':')
		header.Write(info)
		offset = end
	}
	header.WriteByte('}')
	for header.Len()%8 != 0 {
		header.WriteByte(' ')
	}
	bw := bufio.NewWriter(w)
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], uint64(header.Len()))
	bw.Write(buf[:])
	bw.WriteString(header.String())
	for _, name := range names {
		for _, v := range tensors[name].Data {
			if size == 4 {
				binary.LittleEndian.PutUint32(buf[:], math.Float32bits(float32(v)))
			} else {
				binary.LittleEndian.PutUint64(buf[:], math.Float64bits(float64(v)))
			}
			bw.Write(buf[:size])
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("nn.WriteSafetensors: %w", err)
	}
	return nil
}

// ReadSafetensors reads a safetensors file from r and returns its tensors
// as matrices of T: a shape [r, c] as r×c, [n] as 1×n and [] as 1×1. F32
// and F64 tensors are read (and converted to T, F64 to float32 rounded to
// nearest); other dtypes, other ranks, and a malformed file (a header that
// is not the format's JSON, offsets that do not tile the data, sizes that
// do not match the shapes, trailing bytes) give an error, never a panic.
// The memory it takes is bounded by the bytes read, not by the sizes the
// header claims.
func ReadSafetensors[T kernels.Float](r io.Reader) (map[string]Matrix[T], error) {
	tensors, err := readSafetensors[T](r)
	if err != nil {
		return nil, fmt.Errorf("nn.ReadSafetensors: %w", err)
	}
	return tensors, nil
}

func readSafetensors[T kernels.Float](r io.Reader) (map[string]Matrix[T], error) {
	var lenBuf [8]byte
	if _, err := io.ReadFull(r, lenBuf[:]); err != nil {
		return nil, fmt.Errorf("header length: %w", err)
	}
	n := binary.LittleEndian.Uint64(lenBuf[:])
	if n < 2 || n > maxHeader {
		return nil, fmt.Errorf("header length %d, want 2 to %d", n, maxHeader)
	}
	head, err := io.ReadAll(io.LimitReader(r, int64(n)))
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	if uint64(len(head)) != n {
		return nil, fmt.Errorf("header of %d bytes, file ends after %d", n, len(head))
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(head, &raw); err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	infos := make(map[string]tensorInfo, len(raw))
	for name, msg := range raw {
		if name == "__metadata__" {
			var meta map[string]string
			if err := json.Unmarshal(msg, &meta); err != nil {
				return nil, fmt.Errorf("__metadata__: %w", err)
			}
			continue
		}
		var info tensorInfo
		dec := json.NewDecoder(strings.NewReader(string(msg)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&info); err != nil {
			return nil, fmt.Errorf("tensor %q: %w", name, err)
		}
		infos[name] = info
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	names := make([]string, 0, len(infos))
	for name := range infos {
		names = append(names, name)
	}
	// Sorted by offset, the tensors must tile the data from 0 to its end.
	slices.SortFunc(names, func(a, b string) int {
		oa, ob := infos[a].DataOffsets, infos[b].DataOffsets
		if oa[0] != ob[0] {
			return cmpInt64(oa[0], ob[0])
		}
		return cmpInt64(oa[1], ob[1])
	})
	tensors := make(map[string]Matrix[T], len(names))
	var next int64
	for _, name := range names {
		info := infos[name]
		m, err := decodeTensor[T](info, data, next)
		if err != nil {
			return nil, fmt.Errorf("tensor %q: %w", name, err)
		}
		tensors[name] = m
		next = info.DataOffsets[1]
	}
	if next != int64(len(data)) {
		return nil, fmt.Errorf("tensors end at byte %d of %d data bytes", next, len(data))
	}
	return tensors, nil
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// decodeTensor returns the tensor info describes, which must start at
// byte start of data.
func decodeTensor[T kernels.Float](info tensorInfo, data []byte, start int64) (Matrix[T], error) {
	var size int64
	switch info.DType {
	case "F32":
		size = 4
	case "F64":
		size = 8
	default:
		return Matrix[T]{}, fmt.Errorf("dtype %q, want F32 or F64", info.DType)
	}
	begin, end := info.DataOffsets[0], info.DataOffsets[1]
	if begin != start || end < begin || end > int64(len(data)) {
		return Matrix[T]{}, fmt.Errorf("data_offsets [%d, %d]: want [%d, end ≤ %d], the tensors tiling the data", begin, end, start, len(data))
	}
	rows, cols := int64(1), int64(1)
	switch len(info.Shape) {
	case 0:
	case 1:
		cols = info.Shape[0]
	case 2:
		rows, cols = info.Shape[0], info.Shape[1]
	default:
		return Matrix[T]{}, fmt.Errorf("shape %v: only ranks 0 to 2 are read", info.Shape)
	}
	if rows < 0 || cols < 0 || rows > math.MaxInt32 || cols > math.MaxInt32 {
		return Matrix[T]{}, fmt.Errorf("shape %v out of range", info.Shape)
	}
	if count := rows * cols; count > (end-begin)/size || count*size != end-begin {
		return Matrix[T]{}, fmt.Errorf("shape %v needs %d elements of %d bytes, data_offsets give %d bytes", info.Shape, count, size, end-begin)
	}
	m := Matrix[T]{Rows: int(rows), Cols: int(cols), Data: make([]T, (end-begin)/size)}
	b := data[begin:end]
	for i := range m.Data {
		if size == 4 {
			m.Data[i] = T(math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:])))
		} else {
			m.Data[i] = T(math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:])))
		}
	}
	return m, nil
}

// Save writes the parameters of the model's Dense layers to w in the
// safetensors format, as tensors named "layers.i.weights" (shape
// [n_inputs, n_neurons], the transpose of a torch.nn.Linear weight) and
// "layers.i.biases" (shape [n_neurons]), with i the layer's index in
// Layers, in T's dtype (F32 or F64).
func (m *Model[T]) Save(w io.Writer) error {
	tensors := map[string]Matrix[T]{}
	var vectors []string
	for i, l := range m.Layers {
		if d, ok := l.(*Dense[T]); ok {
			wn, bn := paramNames(i)
			tensors[wn], tensors[bn] = d.Weights, d.Biases
			vectors = append(vectors, bn)
		}
	}
	if err := WriteSafetensors(w, tensors, vectors...); err != nil {
		return fmt.Errorf("nn.Model.Save: %w", err)
	}
	return nil
}

// paramNames returns the tensor names of the parameters of layer i.
func paramNames(i int) (weights, biases string) {
	p := "layers." + strconv.Itoa(i) + "."
	return p + "weights", p + "biases"
}

// Load reads parameters saved by Save from r into the model's Dense
// layers, whose shapes must match those in the file. The file must hold
// exactly the tensors of those layers; on any error (see ReadSafetensors)
// the model is left unchanged.
func (m *Model[T]) Load(r io.Reader) error {
	tensors, err := readSafetensors[T](r)
	if err != nil {
		return fmt.Errorf("nn.Model.Load: %w", err)
	}
	type load struct{ dst, src Matrix[T] }
	var loads []load
	for i, l := range m.Layers {
		d, ok := l.(*Dense[T])
		if !ok {
			continue
		}
		wn, bn := paramNames(i)
		for _, p := range []struct {
			name string
			dst  Matrix[T]
		}{{wn, d.Weights}, {bn, d.Biases}} {
			src, ok := tensors[p.name]
			if !ok {
				return fmt.Errorf("nn.Model.Load: no tensor %q for layer %d (%v)", p.name, i, p.dst.shape())
			}
			if src.Rows != p.dst.Rows || src.Cols != p.dst.Cols || len(p.dst.Data) != len(src.Data) {
				return fmt.Errorf("nn.Model.Load: tensor %q is %v, layer %d has %v", p.name, src.shape(), i, p.dst.shape())
			}
			loads = append(loads, load{p.dst, src})
			delete(tensors, p.name)
		}
	}
	if len(tensors) > 0 {
		return fmt.Errorf("nn.Model.Load: tensor %q is not a parameter of the model", slices.Sorted(maps.Keys(tensors))[0])
	}
	for _, l := range loads {
		copy(l.dst.Data, l.src.Data)
	}
	return nil
}
