package tensor_test

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"dlfs/tensor"
)

// The files in testdata/ were written by numpy 1.24 (np.save, np.savez,
// np.savez_compressed; numpy_files.py writes the newer ones), so these tests
// compare with numpy itself, byte for byte.
var npyCases = []struct {
	file string
	t    *tensor.Tensor
}{
	{"matrix.npy", tensor.New([]float64{1.5, -2, 3, 4, 5, 6e-300}, 2, 3)},
	{"vector.npy", tensor.New([]float64{0.1, 0.2, 0.3, 0.4}, 4)},
	{"scalar.npy", tensor.Scalar(3.25)},
}

func TestWriteNPYMatchesNumpy(t *testing.T) {
	for _, c := range npyCases {
		want, err := os.ReadFile("testdata/" + c.file)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := tensor.WriteNPY(&buf, c.t); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s:\ngot  %q\nwant %q", c.file, buf.Bytes(), want)
		}
		// The specification's invariants, checked directly.
		b := buf.Bytes()
		hlen := int(b[8]) | int(b[9])<<8
		if string(b[:8]) != "\x93NUMPY\x01\x00" || (10+hlen)%64 != 0 || b[10+hlen-1] != '\n' ||
			len(b)-10-hlen != 8*c.t.Size() || !strings.HasPrefix(string(b[10:]), "{'descr': '<f8', 'fortran_order': False, 'shape': (") {
			t.Errorf("%s: header does not follow the .npy specification: %q", c.file, b[:10+hlen])
		}
	}
}

func TestReadNPY(t *testing.T) {
	for _, c := range npyCases {
		b, err := os.ReadFile("testdata/" + c.file)
		if err != nil {
			t.Fatal(err)
		}
		got, err := tensor.ReadNPY(b)
		if err != nil || !sameBits(got, c.t) {
			t.Errorf("%s: %v, %v; want %v", c.file, got, err, c.t)
		}
	}
	// Files numpy wrote in other layouts (testdata/numpy_files.py): each
	// read as the same float64 values in row-major order.
	m := tensor.New([]float64{1.5, -2, 3, 4, 5, 0.1}, 2, 3)
	m32 := tensor.New([]float64{1.5, -2, 3, 4, 5, float64(float32(0.1))}, 2, 3)
	for _, c := range []struct {
		file string
		want *tensor.Tensor
	}{
		{"float32.npy", m32},
		{"bigendian.npy", m},
		{"fortran.npy", tensor.Full(1, 2, 3)},
		{"fortran_f4_be.npy", tensor.DivScalar(tensor.Arange(0, 24, 1), 8).Reshape(2, 3, 4)},
	} {
		b, err := os.ReadFile("testdata/" + c.file)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := tensor.ReadNPY(b); err != nil || !sameBits(got, c.want) {
			t.Errorf("%s: %v, %v; want %v", c.file, got, err, c.want)
		}
	}
	matrix, _ := os.ReadFile("testdata/matrix.npy")
	int32s, _ := os.ReadFile("testdata/int32.npy")
	float32s, _ := os.ReadFile("testdata/float32.npy")
	bad := []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "bad magic"},
		{"not npy", []byte("PK\x03\x04 hello world"), "bad magic"},
		{"int32", int32s, `dtype "<i4" not supported`},
		{"float16", bytes.Replace(float32s, []byte("'<f4'"), []byte("'<f2'"), 1), `dtype "<f2" not supported`},
		{"float32 truncated", float32s[:len(float32s)-4], "shape [2 3] needs more than the 20 data bytes"},
		{"float32 read as float64", bytes.Replace(float32s, []byte("'<f4'"), []byte("'<f8'"), 1), "shape [2 3] needs more than the 24 data bytes"},
		{"truncated data", matrix[:len(matrix)-8], "shape [2 3] needs more than the 40 data bytes"},
		{"extra data", append(slices.Clone(matrix), 0, 0, 0, 0, 0, 0, 0, 0), "needs 48 data bytes, file has 56"},
		{"truncated header", matrix[:40], "header of 118 bytes, file has 30"},
		{"version 9", append([]byte("\x93NUMPY\x09\x00"), matrix[8:]...), "format version 9.0 not supported"},
		{"bad shape", bytes.Replace(matrix, []byte("(2, 3)"), []byte("(2, x)"), 1), "value of shape"},
		{"huge shape", bytes.Replace(matrix, []byte("(2, 3), "), []byte("(999999999,9)"), 1), "shape [999999999 9] needs more than the"},
		{"unknown key", bytes.Replace(matrix, []byte("'fortran_order'"), []byte("'fortran_ordex'"), 1), "unknown key fortran_ordex"},
	}
	for _, c := range bad {
		if _, err := tensor.ReadNPY(c.b); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

func TestNPZ(t *testing.T) {
	f, err := os.Open("testdata/params.npz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, _ := f.Stat()
	names, ts, err := tensor.ReadNPZ(f, info.Size())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, []string{"W1", "b1"}) || !sameBits(ts[0], tensor.Arange(0, 6, 1).Reshape(3, 2)) || !sameBits(ts[1], tensor.Zeros(2)) {
		t.Errorf("numpy's npz read as %v %v", names, ts)
	}
	// Round trip through our writer.
	var buf bytes.Buffer
	in := []*tensor.Tensor{tensor.New([]float64{1, 2, 3, 4}, 2, 2), tensor.Scalar(-1)}
	if err := tensor.WriteNPZ(&buf, []string{"a", "b"}, in); err != nil {
		t.Fatal(err)
	}
	names, ts, err = tensor.ReadNPZ(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil || !slices.Equal(names, []string{"a", "b"}) || !sameBits(ts[0], in[0]) || !sameBits(ts[1], in[1]) {
		t.Errorf("round trip: %v %v %v", names, ts, err)
	}
	// np.savez_compressed: deflated entries.
	c, _ := os.ReadFile("testdata/compressed.npz")
	names, ts, err = tensor.ReadNPZ(bytes.NewReader(c), int64(len(c)))
	if err != nil || !slices.Equal(names, []string{"W1", "b1"}) || !sameBits(ts[0], tensor.Arange(0, 6, 1).Reshape(3, 2)) || !sameBits(ts[1], tensor.Zeros(2)) {
		t.Errorf("compressed npz read as %v %v %v", names, ts, err)
	}
	if _, _, err := tensor.ReadNPZ(bytes.NewReader(c[:len(c)-30]), int64(len(c)-30)); err == nil {
		t.Error("a truncated npz was read")
	}
	if _, _, err := tensor.ReadNPZ(bytes.NewReader([]byte("not a zip")), 9); err == nil || !strings.Contains(err.Error(), "not a zip archive") {
		t.Errorf("not a zip: %v", err)
	}
}

func FuzzReadNPY(f *testing.F) {
	for _, name := range []string{"matrix.npy", "vector.npy", "scalar.npy", "float32.npy", "bigendian.npy", "fortran.npy", "fortran_f4_be.npy"} {
		b, _ := os.ReadFile("testdata/" + name)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		x, err := tensor.ReadNPY(b)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		tensor.WriteNPY(&buf, x)
		y, err := tensor.ReadNPY(buf.Bytes())
		if err != nil || !sameBits(x, y) {
			t.Fatalf("re-read of %v: %v, %v", x, y, err)
		}
	})
}

// FuzzReadNPZ: any bytes give arrays or an error, never a panic.
func FuzzReadNPZ(f *testing.F) {
	for _, name := range []string{"params.npz", "compressed.npz"} {
		b, _ := os.ReadFile("testdata/" + name)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		names, ts, err := tensor.ReadNPZ(bytes.NewReader(b), int64(len(b)))
		if err == nil && len(names) != len(ts) {
			t.Fatalf("%d names for %d arrays", len(names), len(ts))
		}
	})
}
