package nn_test

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/simdkern/simdkern/nn"
)

// idxFile returns an IDX file of unsigned bytes with the given dimensions
// and data, gzipped if zip is set.
func idxFile(t testing.TB, zip bool, dims []uint32, data []byte) []byte {
	t.Helper()
	return idxRaw(t, zip, 0x08, len(dims), dims, data)
}

// idxRaw returns an IDX file whose header has the element type typ and
// nd dimensions, followed by dims and data as they are.
func idxRaw(t testing.TB, zip bool, typ byte, nd int, dims []uint32, data []byte) []byte {
	t.Helper()
	b := []byte{0, 0, typ, byte(nd)}
	for _, d := range dims {
		b = binary.BigEndian.AppendUint32(b, d)
	}
	b = append(b, data...)
	if !zip {
		return b
	}
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The small data set of the tests: three 2×3 images and their labels.
var (
	idxPixels = []byte{
		0, 1, 127, 128, 254, 255,
		10, 20, 30, 40, 50, 60,
		255, 0, 255, 0, 255, 0,
	}
	idxLabels = []byte{7, 0, 9}
)

func TestReadIDX(t *testing.T) {
	testReadIDX[float32](t)
	testReadIDX[float64](t)
}

func testReadIDX[T float32 | float64](t *testing.T) {
	for _, zip := range []bool{false, true} {
		images := idxFile(t, zip, []uint32{3, 2, 3}, idxPixels)
		labels := idxFile(t, !zip, []uint32{3}, idxLabels) // one of each
		for _, scale := range []nn.Scaling{nn.ScaleSigned, nn.ScaleUnit, nn.ScaleNone} {
			d, err := nn.ReadIDX[T](bytes.NewReader(images), bytes.NewReader(labels), 10, scale)
			if err != nil {
				t.Fatalf("%T, images gzipped %v, %v: %v", T(0), zip, scale, err)
			}
			if d.X.Rows != 3 || d.X.Cols != 6 || !slices.Equal(d.Classes, []int{7, 0, 9}) {
				t.Fatalf("%T, %v: read %d×%d samples, classes %v; want 3×6, [7 0 9]", T(0), scale, d.X.Rows, d.X.Cols, d.Classes)
			}
			for i, b := range idxPixels {
				want := map[nn.Scaling]T{
					nn.ScaleSigned: (T(b) - 127.5) / 127.5, // the book's expression, in T
					nn.ScaleUnit:   T(b) / 255,
					nn.ScaleNone:   T(b),
				}[scale]
				if d.X.Data[i] != want {
					t.Errorf("%T, %v: pixel %d (%d) is %v, want %v", T(0), scale, i, b, d.X.Data[i], want)
				}
			}
		}
	}
}

// TestScaleSigned checks ScaleSigned's features of every byte against the
// book's expression evaluated in T, and its range.
func TestScaleSigned(t *testing.T) {
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	images := idxFile(t, false, []uint32{1, 16, 16}, all)
	labels := idxFile(t, false, []uint32{1}, []byte{0})
	d32, err := nn.ReadIDX[float32](bytes.NewReader(images), bytes.NewReader(labels), 1, nn.ScaleSigned)
	if err != nil {
		t.Fatal(err)
	}
	d64, err := nn.ReadIDX[float64](bytes.NewReader(images), bytes.NewReader(labels), 1, nn.ScaleSigned)
	if err != nil {
		t.Fatal(err)
	}
	for b := range 256 {
		if got, want := d32.X.Data[b], (float32(b)-127.5)/127.5; got != want {
			t.Errorf("float32: byte %d gives %v, want %v", b, got, want)
		}
		if got, want := d64.X.Data[b], (float64(b)-127.5)/127.5; got != want {
			t.Errorf("float64: byte %d gives %v, want %v", b, got, want)
		}
	}
	if d32.X.Data[0] != -1 || d32.X.Data[255] != 1 {
		t.Errorf("bytes 0 and 255 give %v and %v, want −1 and 1", d32.X.Data[0], d32.X.Data[255])
	}
}

// TestLoadIDX reads files, one gzipped, and checks that errors name them.
func TestLoadIDX(t *testing.T) {
	dir := t.TempDir()
	images := filepath.Join(dir, "images-idx3-ubyte.gz")
	labels := filepath.Join(dir, "labels-idx1-ubyte")
	if err := os.WriteFile(images, idxFile(t, true, []uint32{3, 2, 3}, idxPixels), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(labels, idxFile(t, false, []uint32{3}, idxLabels), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := nn.LoadIDX[float32](images, labels, 10, nn.ScaleUnit)
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 3 || d.X.At(2, 0) != 1 || d.Classes[2] != 9 {
		t.Errorf("read %d samples, pixel (2, 0) %v, class %d; want 3, 1, 9", d.Len(), d.X.At(2, 0), d.Classes[2])
	}

	if err := os.WriteFile(labels, idxFile(t, false, []uint32{3}, []byte{7, 0, 10}), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = nn.LoadIDX[float32](images, labels, 10, nn.ScaleUnit)
	if err == nil || !strings.Contains(err.Error(), labels+": label 2 is 10") {
		t.Errorf("label 10 of 10 classes: error %v, want one naming %s and the label", err, labels)
	}
	_, err = nn.LoadIDX[float32](filepath.Join(dir, "missing"), labels, 10, nn.ScaleUnit)
	if err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing file: error %v", err)
	}
}

// TestReadIDXErrors checks that each malformed input gives an error naming
// the input and the field, in both plain and gzipped files.
func TestReadIDXErrors(t *testing.T) {
	img := func(dims []uint32, data []byte) func(bool) []byte {
		return func(zip bool) []byte { return idxFile(t, zip, dims, data) }
	}
	raw := func(typ byte, nd int, dims []uint32, data []byte) func(bool) []byte {
		return func(zip bool) []byte { return idxRaw(t, zip, typ, nd, dims, data) }
	}
	bytesOf := func(b []byte) func(bool) []byte { return func(bool) []byte { return b } }
	goodImages := img([]uint32{3, 2, 3}, idxPixels)
	goodLabels := img([]uint32{3}, idxLabels)
	const mega = 1 << 20
	for _, c := range []struct {
		name           string
		images, labels func(bool) []byte
		classes        int
		scale          nn.Scaling
		want           string
	}{
		{"empty images", bytesOf(nil), goodLabels, 10, 0, "images: magic number: unexpected EOF"},
		{"short magic", bytesOf([]byte{0, 0, 8}), goodLabels, 10, 0, "images: magic number: unexpected EOF"},
		{"not IDX", bytesOf([]byte("P5\n28 28\n255\n")), goodLabels, 10, 0, "images: magic number 0x50350a32: not an IDX file"},
		{"float elements", raw(0x0d, 3, []uint32{3, 2, 3}, idxPixels), goodLabels, 10, 0, "images: magic number 0x00000d03: element type 0x0d, want 0x08"},
		{"images in 1 dimension", img([]uint32{18}, idxPixels), goodLabels, 10, 0, "images: magic number 0x00000801: 1 dimensions, want 2 to 16"},
		{"images in 0 dimensions", img(nil, nil), goodLabels, 10, 0, "images: magic number 0x00000800: 0 dimensions"},
		{"images in 200 dimensions", raw(8, 200, nil, nil), goodLabels, 10, 0, "images: magic number 0x000008c8: 200 dimensions"},
		{"labels in 2 dimensions", goodImages, img([]uint32{3, 1}, idxLabels), 10, 0, "labels: magic number 0x00000802: 2 dimensions, want 1"},
		{"truncated dimension", raw(8, 3, []uint32{3, 2}, []byte{0, 0}), goodLabels, 10, 0, "images: dimension 3 of 3: unexpected EOF"},
		{"missing dimensions", raw(8, 3, []uint32{3}, nil), goodLabels, 10, 0, "images: dimension 2 of 3: unexpected EOF"},
		// int overflows at the third dimension on 32-bit platforms, the fourth on 64-bit ones.
		{"overflow", img([]uint32{mega, mega, mega, mega}, nil), goodLabels, 10, 0, "images: dimensions 1048576×1048576×1048576"},
		{"overflow without images", img([]uint32{0, mega, mega, mega, mega}, nil), img([]uint32{0}, nil), 10, 0, "images: dimensions 0×1048576×1048576"},
		{"truncated images", img([]uint32{3, 2, 3}, idxPixels[:17]), goodLabels, 10, 0, "images: data: 3×2×3 of 18 bytes, input ends after 17"},
		{"no image data", img([]uint32{3, 2, 3}, nil), goodLabels, 10, 0, "images: data: 3×2×3 of 18 bytes, input ends after 0"},
		{"absurd size", img([]uint32{60000, 1 << 16, 1 << 16}, idxPixels), goodLabels, 10, 0, "images: 60000 images, but labels: 3 labels"},
		{"absurd size, same count", img([]uint32{3, 1 << 14, 1 << 14}, idxPixels), goodLabels, 10, 0, "images: data: 3×16384×16384 of 805306368 bytes, input ends after 18"},
		{"trailing image bytes", img([]uint32{3, 2, 3}, append(slices.Clone(idxPixels), 0)), goodLabels, 10, 0, "images: data: more bytes after the 18 of 3×2×3"},
		{"counts differ", goodImages, img([]uint32{2}, idxLabels[:2]), 10, 0, "images: 3 images, but labels: 2 labels"},
		{"empty labels", goodImages, bytesOf(nil), 10, 0, "labels: magic number: unexpected EOF"},
		{"truncated labels", goodImages, img([]uint32{3}, idxLabels[:2]), 10, 0, "labels: data: 3 of 3 bytes, input ends after 2"},
		{"trailing labels", goodImages, img([]uint32{3}, []byte{7, 0, 9, 1}), 10, 0, "labels: data: more bytes after the 3 of 3"},
		{"label out of range", goodImages, goodLabels, 9, 0, "labels: label 2 is 9, want 0 ≤ label < 9"},
		{"no classes", goodImages, goodLabels, 0, 0, "0 classes, want 1 to 256"},
		{"too many classes", goodImages, goodLabels, 257, 0, "257 classes, want 1 to 256"},
		{"unknown scaling", goodImages, goodLabels, 10, nn.Scaling(3), "unknown scaling nn.Scaling(3)"},
	} {
		for _, zip := range []bool{false, true} {
			d, err := nn.ReadIDX[float32](bytes.NewReader(c.images(zip)), bytes.NewReader(c.labels(zip)), c.classes, c.scale)
			if err == nil || !strings.HasPrefix(err.Error(), "nn.ReadIDX: ") || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s, gzipped %v: error %v, want one containing %q", c.name, zip, err, c.want)
			}
			if d.Len() != 0 || d.X.Data != nil || d.Classes != nil {
				t.Errorf("%s: a data set with the error", c.name)
			}
		}
	}
}

// TestReadIDXCorruptGzip checks the errors of gzip streams that are
// truncated or fail their checksum.
func TestReadIDXCorruptGzip(t *testing.T) {
	images := idxFile(t, true, []uint32{3, 2, 3}, idxPixels)
	labels := idxFile(t, false, []uint32{3}, idxLabels)
	badSum := slices.Clone(images)
	badSum[len(badSum)-5] ^= 1 // in the CRC-32 of the trailer
	for _, c := range []struct {
		name   string
		images []byte
		want   string
	}{
		{"gzip header only", images[:5], "images: gzip header: unexpected EOF"},
		{"truncated stream", images[:len(images)-12], "images: data: unexpected EOF"},
		{"checksum", badSum, "images: data: gzip: invalid checksum"},
	} {
		_, err := nn.ReadIDX[float32](bytes.NewReader(c.images), bytes.NewReader(labels), 10, nn.ScaleSigned)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// TestReadIDXMemory checks that a short input whose header claims a huge
// size does not make ReadIDX allocate it.
func TestReadIDXMemory(t *testing.T) {
	for _, zip := range []bool{false, true} {
		images := idxFile(t, zip, []uint32{1 << 20, 1 << 12, 1 << 12}, idxPixels) // 16 TiB claimed
		labels := idxFile(t, zip, []uint32{1 << 20}, nil)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := nn.ReadIDX[float64](bytes.NewReader(images), bytes.NewReader(labels), 10, nn.ScaleSigned)
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Fatal("no error for a truncated file")
		}
		if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
			t.Errorf("gzipped %v: allocated %d bytes for a %d-byte input", zip, n, len(images))
		}
	}
}

// FuzzReadIDX checks that no input makes ReadIDX panic, and that a data
// set it accepts holds what the files hold.
func FuzzReadIDX(f *testing.F) {
	f.Add(idxFile(f, false, []uint32{3, 2, 3}, idxPixels), idxFile(f, false, []uint32{3}, idxLabels))
	f.Add(idxFile(f, true, []uint32{3, 2, 3}, idxPixels), idxFile(f, true, []uint32{3}, idxLabels))
	f.Add(idxFile(f, false, []uint32{2, 1, 1, 1}, []byte{3, 4}), idxFile(f, true, []uint32{2}, []byte{1, 2}))
	f.Add(idxFile(f, false, []uint32{0, 5}, nil), idxFile(f, false, []uint32{0}, nil))
	f.Add(idxFile(f, false, []uint32{3, 2, 3}, idxPixels[:5]), idxFile(f, false, []uint32{3}, idxLabels))
	f.Fuzz(func(t *testing.T, images, labels []byte) {
		d, err := nn.ReadIDX[float32](bytes.NewReader(images), bytes.NewReader(labels), 10, nn.ScaleSigned)
		if err != nil {
			return
		}
		if len(d.Classes) != d.Len() || len(d.X.Data) != d.X.Rows*d.X.Cols {
			t.Fatalf("%d×%d samples with %d elements, %d classes", d.X.Rows, d.X.Cols, len(d.X.Data), len(d.Classes))
		}
		for i, c := range d.Classes {
			if c < 0 || c >= 10 {
				t.Fatalf("class %d is %d", i, c)
			}
		}
		for i, x := range d.X.Data {
			if !(x >= -1 && x <= 1) {
				t.Fatalf("feature %d is %v, outside [−1, 1]", i, x)
			}
		}
	})
}

// Reading a small data set in the IDX format, the format of the MNIST
// files: two 2×2 images, gzipped, and their labels, with the pixels scaled
// to [−1, 1] as the book does.
func ExampleReadIDX() {
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte{
		0, 0, 8, 3, // magic number: unsigned bytes, 3 dimensions
		0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, // 2 images of 2×2 pixels
		0, 255, 255, 0,
		51, 102, 153, 204,
	})
	w.Close()
	labels := []byte{
		0, 0, 8, 1, // unsigned bytes, 1 dimension
		0, 0, 0, 2, // 2 labels
		1, 7,
	}
	d, err := nn.ReadIDX[float32](bytes.NewReader(gz.Bytes()), bytes.NewReader(labels), 10, nn.ScaleSigned)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range d.Len() {
		fmt.Printf("%.1f class %d\n", d.X.Row(i), d.Classes[i])
	}
	// A labels file cut short:
	_, err = nn.ReadIDX[float32](bytes.NewReader(gz.Bytes()), bytes.NewReader(labels[:9]), 10, nn.ScaleSigned)
	fmt.Println(err)
	// Output:
	// [-1.0 1.0 1.0 -1.0] class 1
	// [-0.6 -0.2 0.2 0.6] class 7
	// nn.ReadIDX: labels: data: 2 of 2 bytes, input ends after 1
}
