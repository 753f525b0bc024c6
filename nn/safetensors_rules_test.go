package nn_test

import (
	"bytes"
	"encoding/binary"
	"math"
	"strings"
	"testing"

	"github.com/simdkern/simdkern/nn"
)

// badHeaders are headers the format's reference implementation rejects,
// each with the error ReadSafetensors gives (over 8 data bytes). They seed
// FuzzReadSafetensors.
var badHeaders = []struct{ header, want string }{
	{`null`, "header does not start with '{'"},
	{` {}`, "header does not start with '{'"},
	{`{} {}`, "header: an object after the object"},
	{`{}x`, "header: invalid character 'x'"},
	{`{"a": {"dtype": "F32", "data_offsets": [0, 8]}}`, `tensor "a": no field "shape"`},
	{`{"a": {"dtype": "F32", "shape": [2]}}`, `tensor "a": no field "data_offsets"`},
	{`{"a": {"shape": [2], "data_offsets": [0, 8]}}`, `tensor "a": no field "dtype"`},
	{`{"a": {"dtype": "F32", "shape": null, "data_offsets": [0, 8]}}`, `tensor "a": shape is null, want an array`},
	{`{"a": {"dtype": "F32", "shape": [2], "data_offsets": null}}`, `tensor "a": data_offsets is null, want an array`},
	{`{"a": {"dtype": null, "shape": [2], "data_offsets": [0, 8]}}`, `tensor "a": dtype is null, want a string`},
	{`{"a": {"dtype": 4, "shape": [2], "data_offsets": [0, 8]}}`, `tensor "a": dtype is the number 4, want a string`},
	{`{"a": {"dtype": "F32", "shape": [2], "data_offsets": [8]}}`, `tensor "a": data_offsets has 1 numbers, want 2`},
	{`{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8, 8]}}`, `tensor "a": data_offsets has 3 numbers, want 2`},
	{`{"a": {"dtype": "F32", "shape": [2.0], "data_offsets": [0, 8]}}`, `tensor "a": shape holds 2.0, want integers`},
	{`{"a": {"dtype": "F32", "shape": ["2"], "data_offsets": [0, 8]}}`, `tensor "a": shape holds a string, want integers`},
	{`{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8], "dtype": "F32"}}`, `tensor "a": field "dtype" appears twice`},
	{`{"a": {"DTYPE": "F32", "shape": [2], "data_offsets": [0, 8]}}`, `tensor "a": unknown field "DTYPE"`},
	{`{"a": {"dtype": "F32", "SHAPE": [2], "data_offsets": [0, 8]}}`, `tensor "a": unknown field "SHAPE"`},
	{`{"a": {"dtype": "F32", "shape": [2], "Data_Offsets": [0, 8]}}`, `tensor "a": unknown field "Data_Offsets"`},
	{`{"a": [], "b": 1}`, `tensor "a": its entry is an array, want an object`},
	{`{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}`, `key "a" appears twice`},
	{`{"__metadata__": {"k": 1}}`, `__metadata__: value of "k" is the number 1, want a string`},
	{`{"__metadata__": []}`, `__metadata__ is an array, want an object`},
	{"{\"a\xff\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}}", "header is not valid UTF-8 (byte 3)"},
	{`{"a": {"dtype": "I32", "shape": [2], "data_offsets": [0, 8]}}`, `tensor "a": dtype "I32", want F16, BF16, F32 or F64`},
}

func TestSafetensorsHeaderRules(t *testing.T) {
	eight := make([]byte, 8)
	for _, tc := range badHeaders {
		_, err := nn.ReadSafetensors[float32](bytes.NewReader(safetensorsFile(tc.header, eight)))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.header, err, tc.want)
		}
	}
	// What the rules allow: a null __metadata__, fields in any order,
	// trailing white space.
	ok := `{"__metadata__": null, "a": {"data_offsets": [0, 8], "shape": [2], "dtype": "F32"}}` + "  \n\t "
	if _, err := nn.ReadSafetensors[float32](bytes.NewReader(safetensorsFile(ok, eight))); err != nil {
		t.Errorf("%s: %v", ok, err)
	}
}

// TestWriteSafetensorsNames checks that names that JSON cannot hold are
// refused, not rewritten (two such names would become one key).
func TestWriteSafetensorsNames(t *testing.T) {
	m := nn.NewMatrix[float32](1, 1, nil)
	for _, name := range []string{"a\xff", "a\xfe", "\xc0\x80", "__metadata__"} {
		err := nn.WriteSafetensors(new(bytes.Buffer), map[string]nn.Matrix[float32]{"b": m, name: m})
		if err == nil || !strings.Contains(err.Error(), "not valid UTF-8 or is __metadata__") {
			t.Errorf("%q: error %v", name, err)
		}
	}
	// Names JSON escapes (quotes, controls, <>&, non-ASCII) survive.
	names := []string{`q"uote`, "tab\there", "<&>", "ünï", "\u2028", ""}
	tensors := map[string]nn.Matrix[float32]{}
	for i, n := range names {
		tensors[n] = nn.NewMatrix(1, 1, []float32{float32(i)})
	}
	var buf bytes.Buffer
	if err := nn.WriteSafetensors(&buf, tensors); err != nil {
		t.Fatal(err)
	}
	got, err := nn.ReadSafetensors[float32](&buf)
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range names {
		if m, ok := got[n]; !ok || m.Data[0] != float32(i) {
			t.Errorf("%q: read back %v, %v", n, m, ok)
		}
	}
}

// TestSafetensorsHalf checks that every F16 and BF16 value is read as the
// float32 of the same value, against an independent decoding: the value
// from the formula of each format, in float64.
func TestSafetensorsHalf(t *testing.T) {
	for _, f := range []struct {
		dtype          string
		expBits, fracs int
	}{{"F16", 5, 10}, {"BF16", 8, 7}} {
		data := make([]byte, 2<<16)
		for h := range 1 << 16 {
			binary.LittleEndian.PutUint16(data[2*h:], uint16(h))
		}
		file := safetensorsFile(`{"h": {"dtype": "`+f.dtype+`", "shape": [65536], "data_offsets": [0, 131072]}}`, data)
		m32, err := nn.ReadSafetensors[float32](bytes.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		m64, err := nn.ReadSafetensors[float64](bytes.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		bias := 1<<(f.expBits-1) - 1
		for h := range 1 << 16 {
			sign := 1.0
			if h>>15 != 0 {
				sign = -1
			}
			e := h >> f.fracs & (1<<f.expBits - 1)
			frac := float64(h & (1<<f.fracs - 1))
			var want float64
			switch {
			case e == 1<<f.expBits-1 && frac == 0:
				want = math.Inf(int(sign))
			case e == 1<<f.expBits-1:
				want = math.NaN()
			case e == 0:
				want = sign * math.Ldexp(frac, 1-bias-f.fracs)
			default:
				want = sign * math.Ldexp(1+frac/float64(int(1)<<f.fracs), e-bias)
			}
			g32, g64 := m32["h"].Data[h], m64["h"].Data[h]
			if math.IsNaN(want) {
				if !math.IsNaN(float64(g32)) || !math.IsNaN(g64) || math.Signbit(float64(g32)) != (sign < 0) {
					t.Fatalf("%s %#04x: read %v and %v, want a NaN of sign %v", f.dtype, h, g32, g64, sign)
				}
				continue
			}
			if float64(g32) != want || g64 != want || math.Signbit(g64) != (sign < 0) {
				t.Fatalf("%s %#04x: read %v and %v, want %v", f.dtype, h, g32, g64, want)
			}
		}
	}
}
