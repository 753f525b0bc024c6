package nn

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/simdkern/simdkern/kernels"
)

// The IDX format (the MNIST files' format): a magic number of four bytes —
// two zero bytes, the element type (0x08 for unsigned bytes, the only type
// read here) and the number of dimensions — then each dimension as an
// unsigned 32-bit big-endian integer, then the elements in row-major order.
// A file may be gzipped; the reader tells by the gzip magic bytes 1f 8b.

// Scaling says how ReadIDX turns a pixel's byte b (0 to 255) into a feature.
type Scaling int

const (
	// ScaleSigned maps b to (b − 127.5)/127.5 = b/127.5 − 1, in [−1, 1]:
	// the book's scaling of the MNIST pixels. It is the zero Scaling.
	ScaleSigned Scaling = iota
	// ScaleUnit maps b to b/255, in [0, 1].
	ScaleUnit
	// ScaleNone keeps b, in [0, 255].
	ScaleNone
)

// String returns the scaling's name in Go syntax, e.g. "nn.ScaleSigned".
func (s Scaling) String() string {
	switch s {
	case ScaleSigned:
		return "nn.ScaleSigned"
	case ScaleUnit:
		return "nn.ScaleUnit"
	case ScaleNone:
		return "nn.ScaleNone"
	}
	return fmt.Sprintf("nn.Scaling(%d)", int(s))
}

// table returns the feature of each byte value under s, each rounded once
// from the exact quotient (float64 then T rounds the same as T's own
// division would: float64 has more than twice T's precision), or false
// for an unknown scaling.
func (s Scaling) table(t *[256]float64) bool {
	for b := range t {
		switch s {
		case ScaleSigned:
			t[b] = (float64(b) - 127.5) / 127.5
		case ScaleUnit:
			t[b] = float64(b) / 255
		case ScaleNone:
			t[b] = float64(b)
		default:
			return false
		}
	}
	return true
}

// idxMaxDims bounds the dimensions of an IDX file (its header has one byte
// for them; more than a few is a corrupt file).
const idxMaxDims = 16

// LoadIDX reads a classification data set from two IDX files, such as
// MNIST's train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz, each
// gzipped or not: see ReadIDX.
func LoadIDX[T kernels.Float](images, labels string, classes int, scale Scaling) (Dataset[T], error) {
	fi, err := os.Open(images)
	if err != nil {
		return Dataset[T]{}, fmt.Errorf("nn.LoadIDX: %w", err)
	}
	defer fi.Close()
	fl, err := os.Open(labels)
	if err != nil {
		return Dataset[T]{}, fmt.Errorf("nn.LoadIDX: %w", err)
	}
	defer fl.Close()
	d, err := readIDX[T](images, fi, labels, fl, classes, scale)
	if err != nil {
		return Dataset[T]{}, fmt.Errorf("nn.LoadIDX: %w", err)
	}
	return d, nil
}

// ReadIDX reads a classification data set in the IDX format: from images,
// n samples of unsigned bytes (n × rows × cols, or any shape of two or
// more dimensions: the dimensions after the first make the features,
// flattened in row-major order), scaled by scale; from labels, n unsigned
// bytes, each a class index below classes (1 to 256). Each input may be
// gzipped. Samples and labels come in the files' order.
//
// A malformed input gives an error naming the input ("images" or
// "labels"; LoadIDX names the file) and the field: a wrong magic number,
// an element type other than unsigned bytes, a wrong number of dimensions,
// dimensions whose product overflows, an input that ends early or goes on
// after its data, counts of images and labels that differ, or a label
// outside [0, classes). The memory it takes is bounded by the bytes read,
// not by the sizes a header claims.
func ReadIDX[T kernels.Float](images, labels io.Reader, classes int, scale Scaling) (Dataset[T], error) {
	d, err := readIDX[T]("images", images, "labels", labels, classes, scale)
	if err != nil {
		return Dataset[T]{}, fmt.Errorf("nn.ReadIDX: %w", err)
	}
	return d, nil
}

func readIDX[T kernels.Float](imgName string, img io.Reader, lblName string, lbl io.Reader, classes int, scale Scaling) (Dataset[T], error) {
	var table [256]float64
	if !scale.table(&table) {
		return Dataset[T]{}, fmt.Errorf("unknown scaling %v", scale)
	}
	if classes < 1 || classes > 256 {
		return Dataset[T]{}, fmt.Errorf("%d classes, want 1 to 256", classes)
	}
	ii, err := openIDX(imgName, img, 2, idxMaxDims)
	if err != nil {
		return Dataset[T]{}, err
	}
	li, err := openIDX(lblName, lbl, 1, 1)
	if err != nil {
		return Dataset[T]{}, err
	}
	n := ii.dims[0]
	if li.dims[0] != n {
		return Dataset[T]{}, fmt.Errorf("%s: %d images, but %s: %d labels", imgName, n, lblName, li.dims[0])
	}
	pixels, err := ii.read()
	if err != nil {
		return Dataset[T]{}, err
	}
	labels, err := li.read()
	if err != nil {
		return Dataset[T]{}, err
	}
	d := Dataset[T]{X: NewMatrix[T](n, ii.cols, nil), Classes: make([]int, n)}
	for i, b := range pixels {
		d.X.Data[i] = T(table[b])
	}
	for i, b := range labels {
		if int(b) >= classes {
			return Dataset[T]{}, fmt.Errorf("%s: label %d is %d, want 0 ≤ label < %d", lblName, i, b, classes)
		}
		d.Classes[i] = int(b)
	}
	return d, nil
}

// An idxFile is an IDX input whose header has been read.
type idxFile struct {
	name string
	r    io.Reader // at the first element
	dims []int
	size int // the number of elements, the product of dims
	cols int // the product of the dimensions after the first
}

// openIDX reads the header of the IDX input r, named name, gzipped or not,
// and checks that it has unsigned bytes in minDims to maxDims dimensions
// whose product fits in an int.
func openIDX(name string, r io.Reader, minDims, maxDims int) (*idxFile, error) {
	f := &idxFile{name: name}
	br := bufio.NewReader(r)
	f.r = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, f.errorf("gzip header", err)
		}
		f.r = gz
	}
	var magic [4]byte
	if _, err := io.ReadFull(f.r, magic[:]); err != nil {
		return nil, f.errorf("magic number", err)
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, fmt.Errorf("%s: magic number 0x%08x: not an IDX file (want 0x0000 then the element type and dimensions)",
			name, binary.BigEndian.Uint32(magic[:]))
	}
	if magic[2] != 0x08 {
		return nil, fmt.Errorf("%s: magic number 0x%08x: element type 0x%02x, want 0x08 (unsigned bytes)",
			name, binary.BigEndian.Uint32(magic[:]), magic[2])
	}
	nd := int(magic[3])
	if nd < minDims || nd > maxDims {
		want := fmt.Sprintf("%d to %d", minDims, maxDims)
		if minDims == maxDims {
			want = fmt.Sprint(minDims)
		}
		return nil, fmt.Errorf("%s: magic number 0x%08x: %d dimensions, want %s", name, binary.BigEndian.Uint32(magic[:]), nd, want)
	}
	f.dims = make([]int, nd)
	f.cols = 1
	for i := range f.dims {
		var b [4]byte
		if _, err := io.ReadFull(f.r, b[:]); err != nil {
			return nil, f.errorf(fmt.Sprintf("dimension %d of %d", i+1, nd), err)
		}
		d := binary.BigEndian.Uint32(b[:])
		if uint64(d) > uint64(maxInt) { // on 32-bit platforms
			return nil, fmt.Errorf("%s: dimension %d of %d is %d: too large", name, i+1, nd, d)
		}
		f.dims[i] = int(d)
		if i == 0 {
			continue
		}
		var ok bool
		if f.cols, ok = elements(f.cols, f.dims[i]); !ok {
			return nil, fmt.Errorf("%s: dimensions %s: the size overflows an int", name, dimString(f.dims[:i+1]))
		}
	}
	var ok bool
	if f.size, ok = elements(f.dims[0], f.cols); !ok {
		return nil, fmt.Errorf("%s: dimensions %s: the size overflows an int", name, dimString(f.dims))
	}
	return f, nil
}

// read reads the elements of f and checks that the input ends with them.
func (f *idxFile) read() ([]byte, error) {
	data, err := readFull(f.r, f.size)
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: data: %s of %d bytes, input ends after %d", f.name, dimString(f.dims), f.size, len(data))
		}
		return nil, f.errorf("data", err)
	}
	var extra [1]byte
	if n, err := io.ReadFull(f.r, extra[:]); n > 0 {
		return nil, fmt.Errorf("%s: data: more bytes after the %d of %s", f.name, f.size, dimString(f.dims))
	} else if err != io.EOF {
		return nil, f.errorf("data", err)
	}
	return data, nil
}

// errorf returns the error err met while reading the field of f, naming
// both.
func (f *idxFile) errorf(field string, err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("%s: %s: %w", f.name, field, err)
}

// readFull reads n bytes from r. It allocates as the bytes arrive, at most
// twice what it has read, so that a header claiming terabytes in a short
// input costs nothing.
func readFull(r io.Reader, n int) ([]byte, error) {
	buf := make([]byte, 0, min(n, 1<<16))
	for len(buf) < n {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, min(n-len(buf), len(buf)))
		}
		m, err := io.ReadFull(r, buf[len(buf):min(cap(buf), n)])
		buf = buf[:len(buf)+m]
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// dimString formats dimensions as 60000×28×28.
func dimString(dims []int) string {
	s := make([]string, len(dims))
	for i, d := range dims {
		s[i] = fmt.Sprint(d)
	}
	return strings.Join(s, "×")
}
