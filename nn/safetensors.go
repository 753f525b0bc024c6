package nn

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

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
const maxHeader = 100_000_000

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
// is listed in vectors, and with the shape [Rows, Cols] otherwise. Names
// must be valid UTF-8 (JSON strings are: another encoding would be
// rewritten) and not "__metadata__".
func WriteSafetensors[T kernels.Float](w io.Writer, tensors map[string]Matrix[T], vectors ...string) error {
	names := make([]string, 0, len(tensors))
	for name, m := range tensors {
		if name == "__metadata__" || !utf8.ValidString(name) {
			return fmt.Errorf("nn.WriteSafetensors: tensor %q: the name is not valid UTF-8 or is __metadata__", name)
		}
		if !m.valid() {
			return fmt.Errorf("nn.WriteSafetensors: tensor %q: %v matrix with %d elements", name, m.shape(), len(m.Data))
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
		if i > 0 {
			header.WriteByte(',')
		}
		key, _ := json.Marshal(name) // a valid UTF-8 string always marshals
		shapeJSON, _ := json.Marshal(shape)
		fmt.Fprintf(&header, `%s:{"dtype":%q,"shape":%s,"data_offsets":[%d,%d]}`, key, dt, shapeJSON, offset, end)
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
// as matrices of T: a shape [r, c] as r×c, [n] as 1×n and [] as 1×1.
//
// F32, F64, F16 and BF16 tensors are read and converted to T: exactly,
// except F64 read as float32, which is rounded to nearest (every F16 and
// BF16 value is a float32; NaN stays NaN). Other dtypes and ranks above 2
// give an error. So does a header the format's rules reject, checked as
// its reference implementation checks them: valid UTF-8 JSON of at most
// 100 MB, one object with unique keys, each tensor an object with exactly
// the lower-case fields dtype (a string), shape (integers ≥ 0) and
// data_offsets (two integers), "__metadata__" null or an object of
// strings; offsets that tile the data in order from its first byte to its
// last; sizes that match the shapes. Errors name the tensor and the field,
// never panic, and the memory read takes is bounded by the bytes read, not
// by the sizes the header claims.
func ReadSafetensors[T kernels.Float](r io.Reader) (map[string]Matrix[T], error) {
	tensors, err := readSafetensors[T](r)
	if err != nil {
		return nil, fmt.Errorf("nn.ReadSafetensors: %w", err)
	}
	out := make(map[string]Matrix[T], len(tensors))
	for name, t := range tensors {
		out[name] = t.Matrix
	}
	return out, nil
}

// A tensor is a tensor read from a file, as a matrix, with its rank.
type tensor[T kernels.Float] struct {
	Matrix[T]
	rank int
}

func readSafetensors[T kernels.Float](r io.Reader) (map[string]tensor[T], error) {
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
	infos, err := parseHeader(head)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	// Sorted by offset, the tensors must tile the data from 0 to its end.
	slices.SortFunc(infos, func(a, b tensorInfo) int {
		return cmp.Or(cmp.Compare(a.dataOffsets[0], b.dataOffsets[0]), cmp.Compare(a.dataOffsets[1], b.dataOffsets[1]))
	})
	tensors := make(map[string]tensor[T], len(infos))
	var next int64
	for _, info := range infos {
		t, err := decodeTensor[T](info, data, next)
		if err != nil {
			return nil, fmt.Errorf("tensor %q: %w", info.name, err)
		}
		tensors[info.name] = t
		next = info.dataOffsets[1]
	}
	if next != int64(len(data)) {
		return nil, fmt.Errorf("tensors end at byte %d of %d data bytes", next, len(data))
	}
	return tensors, nil
}

// dtypeSizes are the sizes in bytes of the dtypes ReadSafetensors reads.
var dtypeSizes = map[string]int64{"F16": 2, "BF16": 2, "F32": 4, "F64": 8}

// decodeTensor returns the tensor info describes, which must start at
// byte start of data.
func decodeTensor[T kernels.Float](info tensorInfo, data []byte, start int64) (tensor[T], error) {
	size, ok := dtypeSizes[info.dtype]
	if !ok {
		return tensor[T]{}, fmt.Errorf("dtype %q, want F16, BF16, F32 or F64", info.dtype)
	}
	begin, end := info.dataOffsets[0], info.dataOffsets[1]
	if begin != start || end < begin || end > int64(len(data)) {
		return tensor[T]{}, fmt.Errorf("data_offsets [%d, %d]: want [%d, end ≤ %d], the tensors tiling the data", begin, end, start, len(data))
	}
	rows, cols := int64(1), int64(1)
	switch len(info.shape) {
	case 0:
	case 1:
		cols = info.shape[0]
	case 2:
		rows, cols = info.shape[0], info.shape[1]
	default:
		return tensor[T]{}, fmt.Errorf("shape %v: only ranks 0 to 2 are read", info.shape)
	}
	if rows > math.MaxInt32 || cols > math.MaxInt32 {
		return tensor[T]{}, fmt.Errorf("shape %v out of range", info.shape)
	}
	if count := rows * cols; count > (end-begin)/size || count*size != end-begin {
		return tensor[T]{}, fmt.Errorf("shape %v needs %d elements of %d bytes, data_offsets give %d bytes", info.shape, count, size, end-begin)
	}
	t := tensor[T]{Matrix: Matrix[T]{Rows: int(rows), Cols: int(cols), Data: make([]T, (end-begin)/size)}, rank: len(info.shape)}
	b := data[begin:end]
	for i := range t.Data {
		switch info.dtype {
		case "F16":
			t.Data[i] = T(f16ToFloat32(binary.LittleEndian.Uint16(b[2*i:])))
		case "BF16":
			t.Data[i] = T(bf16ToFloat32(binary.LittleEndian.Uint16(b[2*i:])))
		case "F32":
			t.Data[i] = T(math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:])))
		case "F64":
			t.Data[i] = T(math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:])))
		}
	}
	return t, nil
}
