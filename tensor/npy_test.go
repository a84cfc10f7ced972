package tensor_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"dlfs/internal/tensortest"
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
		if err != nil || !tensortest.SameBits(got, c.t) {
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
		{"fortran_2d.npy", m},
		{"fortran_blocks.npy", tensor.DivScalar(tensor.Arange(0, 10001, 1), 8).Reshape(73, 137)},
		{"empty.npy", tensor.Zeros(0, 3)},
	} {
		b, err := os.ReadFile("testdata/" + c.file)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := tensor.ReadNPY(b); err != nil || !tensortest.SameBits(got, c.want) {
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
		{"a header longer than numpy reads", longHeader(matrix, 10001), "npy: header of 10001 bytes, more than the 10000 numpy reads"},
		{"unknown key", bytes.Replace(matrix, []byte("'fortran_order'"), []byte("'fortran_ordex'"), 1), "unknown key fortran_ordex"},
	}
	for _, c := range bad {
		if _, err := tensor.ReadNPY(c.b); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
	// A header of exactly the 10000 bytes numpy reads is read.
	if got, err := tensor.ReadNPY(longHeader(matrix, 10000)); err != nil || !tensortest.SameBits(got, npyCases[0].t) {
		t.Errorf("a header of 10000 bytes: %v, %v", got, err)
	}
}

// TestReadNPYRefusesEveryHeaderField changes each field of a valid file
// (testdata/matrix.npy, numpy's '<f8' 2×3) to each class of wrong value:
// every one must be refused with an error that says what it found.
func TestReadNPYRefusesEveryHeaderField(t *testing.T) {
	matrix, err := os.ReadFile("testdata/matrix.npy")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tensor.ReadNPY(matrix); err != nil {
		t.Fatalf("the valid file: %v", err)
	}
	replace := func(old, new string) []byte {
		if !bytes.Contains(matrix, []byte(old)) {
			t.Fatalf("%q not in matrix.npy", old)
		}
		return bytes.Replace(matrix, []byte(old), []byte(new), 1)
	}
	// header returns matrix.npy with its header's dict replaced by h,
	// padded to the same length so that the data still follows it.
	header := func(h string) []byte {
		const start, end = 10, 10 + 0x76 // the v1.0 header: 118 bytes after 10
		if len(h) > end-start-1 {
			t.Fatalf("header %q too long", h)
		}
		b := slices.Clone(matrix)
		copy(b[start:end-1], h+strings.Repeat(" ", end-1-start-len(h)))
		return b
	}
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		// The magic string, byte by byte, and the version.
		{"magic byte 0", append([]byte{0x92}, matrix[1:]...), "bad magic"},
		{"magic byte 1", append([]byte{0x93, 'n'}, matrix[2:]...), "bad magic"},
		{"magic byte 5", append([]byte("\x93NUMPX"), matrix[6:]...), "bad magic"},
		{"version 0", append([]byte("\x93NUMPY\x00\x00"), matrix[8:]...), "format version 0.0 not supported"},
		{"version 4", append([]byte("\x93NUMPY\x04\x00"), matrix[8:]...), "format version 4.0 not supported"},
		{"version 2 cut in its length", []byte("\x93NUMPY\x02\x00\x76\x00"), "header truncated"},
		{"version 2 with an empty header", []byte("\x93NUMPY\x02\x00\x00\x00\x00\x00"), `bad header "": not a dict`},
		{"header cut short by eight bytes", matrix[:120], "header of 118 bytes, file has 110"},
		{"version 2 reading a 1.0 length", append([]byte("\x93NUMPY\x02\x00"), matrix[8:]...), "header of"},
		{"header length past the end", append(append([]byte("\x93NUMPY\x01\x00"), 0xff, 0xff), matrix[10:]...), "header of 65535 bytes"},
		// The dict.
		{"not a dict", header("['descr', '<f8']"), "not a dict"},
		{"unquoted key", header("{descr: '<f8', 'fortran_order': False, 'shape': (2, 3), }"), "key"},
		{"missing colon", header("{'descr' '<f8', 'fortran_order': False, 'shape': (2, 3), }"), "missing ':'"},
		{"missing descr", header("{'fortran_order': False, 'shape': (2, 3), }"), "missing key"},
		{"missing fortran_order", header("{'descr': '<f8', 'shape': (2, 3), }"), "missing key"},
		{"missing shape", header("{'descr': '<f8', 'fortran_order': False, }"), "missing key"},
		// descr: byte order, kind, size, quoting.
		{"no byte order", replace("'<f8'", "'f8' "), `dtype "f8" not supported`},
		{"integer kind", replace("'<f8'", "'<i8'"), `dtype "<i8" not supported`},
		{"unsigned kind", replace("'<f8'", "'<u8'"), `dtype "<u8" not supported`},
		{"complex kind", replace("'<f8'", "'<c8'"), `dtype "<c8" not supported`},
		{"float128", replace("'<f8'", "'<g8'"), `dtype "<g8" not supported`},
		{"two-digit size", header("{'descr': '<f16', 'fortran_order': False, 'shape': (2, 3), }"), `dtype "<f16" not supported`},
		{"unquoted descr", replace("'<f8'", " <f8 "), "value of descr"},
		{"an empty descr", replace("'<f8'", "''   "), `dtype "" not supported`},
		{"the largest dimension", header("{'descr': '<f8', 'fortran_order': False, 'shape': (2147483647,), }"), "shape [2147483647] needs more than the"},
		{"structured dtype", replace("'<f8'", "[('a'"), "value of descr"},
		// fortran_order: only Python's True and False.
		{"fortran_order lower case", replace("False", "false"), "value of fortran_order"},
		{"fortran_order as a number", replace("False", "0    "), "value of fortran_order"},
		// shape: the tuple and each dimension.
		{"shape as a list", replace("(2, 3)", "[2, 3]"), "value of shape"},
		{"negative dimension", replace("(2, 3)", "(2,-3)"), "value of shape"},
		{"fractional dimension", replace("(2, 3)", "(2,.3)"), "value of shape"},
		{"dimension over int32", header("{'descr': '<f8', 'fortran_order': False, 'shape': (2147483648, 3), }"), "value of shape"},
		{"unclosed shape", replace("(2, 3), ", "(2, 3,  "), "value of shape"},
		{"shape of fewer elements", replace("(2, 3)", "(2, 2)"), "needs 32 data bytes, file has 48"},
		{"shape of more elements", replace("(2, 3)", "(3, 3)"), "needs more than the 48 data bytes"},
		{"scalar shape for six values", replace("(2, 3)", "()    "), "needs 8 data bytes, file has 48"},
	} {
		if _, err := tensor.ReadNPY(c.b); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

// readNPZ opens an .npz and reads every array in it.
func readNPZ(b []byte) ([]string, []*tensor.Tensor, error) {
	z, err := tensor.OpenNPZ(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, nil, err
	}
	var ts []*tensor.Tensor
	for _, name := range z.Names() {
		t, err := z.Read(name, nil)
		if err != nil {
			return nil, nil, err
		}
		ts = append(ts, t)
	}
	return z.Names(), ts, nil
}

// TestReadNPZRefuses: an entry whose declared size is over the limit or
// not its length, one holding a bad .npy and a name twice are each refused
// with the entry's name.
func TestReadNPZRefuses(t *testing.T) {
	matrix, err := os.ReadFile("testdata/matrix.npy")
	if err != nil {
		t.Fatal(err)
	}
	archive := func(name string, b []byte, declared uint64) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		h := &zip.FileHeader{Name: name, Method: zip.Store, CRC32: crc32.ChecksumIEEE(b),
			CompressedSize64: uint64(len(b)), UncompressedSize64: declared}
		w, err := zw.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
		zw.Close()
		return buf.Bytes()
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for range 2 {
		w, _ := zw.Create("W1.npy")
		w.Write(matrix)
	}
	zw.Close()
	twice := buf.Bytes()
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"an entry over 1 GiB", archive("W1.npy", matrix, 1<<30+1), `entry "W1.npy" is 1073741825 bytes`},
		{"an entry of 1 GiB, the most", archive("W1.npy", matrix, 1<<30), `entry "W1.npy": npy: shape [2 3] needs 48 data bytes, file has 1073741696`},
		{"a bad .npy", archive("W1.npy", matrix[:40], 40), `entry "W1.npy": npy: header of 118 bytes`},
		{"a size declared short", archive("W1.npy", matrix, uint64(len(matrix)-8)), `entry "W1.npy": npy: shape [2 3] needs more than the 40 data bytes`},
		{"a size declared long", archive("W1.npy", matrix, uint64(len(matrix)+8)), `entry "W1.npy": npy: shape [2 3] needs 48 data bytes, file has 56`},
		{"a name twice", twice, `entry "W1.npy" appears twice`},
	} {
		if _, _, err := readNPZ(c.b); err == nil || !strings.Contains(err.Error(), c.want) {
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
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	names, ts, err := readNPZ(b)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, []string{"W1", "b1"}) || !tensortest.SameBits(ts[0], tensor.Arange(0, 6, 1).Reshape(3, 2)) || !tensortest.SameBits(ts[1], tensor.Zeros(2)) {
		t.Errorf("numpy's npz read as %v %v", names, ts)
	}
	// Round trip through our writer.
	var buf bytes.Buffer
	in := []*tensor.Tensor{tensor.New([]float64{1, 2, 3, 4}, 2, 2), tensor.Scalar(-1)}
	if err := tensor.WriteNPZ(&buf, []string{"a", "b"}, in); err != nil {
		t.Fatal(err)
	}
	names, ts, err = readNPZ(buf.Bytes())
	if err != nil || !slices.Equal(names, []string{"a", "b"}) || !tensortest.SameBits(ts[0], in[0]) || !tensortest.SameBits(ts[1], in[1]) {
		t.Errorf("round trip: %v %v %v", names, ts, err)
	}
	// np.savez_compressed: deflated entries.
	c, _ := os.ReadFile("testdata/compressed.npz")
	names, ts, err = readNPZ(c)
	if err != nil || !slices.Equal(names, []string{"W1", "b1"}) || !tensortest.SameBits(ts[0], tensor.Arange(0, 6, 1).Reshape(3, 2)) || !tensortest.SameBits(ts[1], tensor.Zeros(2)) {
		t.Errorf("compressed npz read as %v %v %v", names, ts, err)
	}
	if _, _, err := readNPZ(c[:len(c)-30]); err == nil {
		t.Error("a truncated npz was read")
	}
	if _, _, err := readNPZ([]byte("not a zip")); err == nil || !strings.Contains(err.Error(), "not a zip archive") {
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
		if err != nil || !tensortest.SameBits(x, y) {
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
		names, ts, err := readNPZ(b)
		if err == nil && len(names) != len(ts) {
			t.Fatalf("%d names for %d arrays", len(names), len(ts))
		}
	})
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.ReaderAt
	n int64
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n += int64(n)
	return n, err
}

// TestNPZReadsOnlyWhatFits: an array that fits refuses is refused from
// its header, its data neither read nor decompressed (a deflated 64 MB of
// zeros costs only the first block's bytes); an array never asked for is
// not read at all; an entry that is not an array is a file, read up to a
// bound; a corrupt entry is refused by its checksum.
func TestNPZReadsOnlyWhatFits(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "big.npy", Method: zip.Deflate})
	big := tensor.Zeros(1024, 8192)
	tensor.WriteNPY(w, big)
	w, _ = zw.CreateHeader(&zip.FileHeader{Name: "small.npy", Method: zip.Store})
	tensor.WriteNPY(w, tensor.New([]float64{1, 2, 3}, 3))
	w, _ = zw.Create("notes.txt")
	w.Write([]byte("not an array"))
	zw.Close()
	archive := buf.Bytes()
	r := &countingReader{r: bytes.NewReader(archive)}
	z, err := tensor.OpenNPZ(r, int64(len(archive)))
	if err != nil {
		t.Fatal(err)
	}
	opened := r.n
	if !slices.Equal(z.Names(), []string{"big", "small"}) || !slices.Equal(z.Files(), []string{"notes.txt"}) {
		t.Errorf("arrays %v, files %v", z.Names(), z.Files())
	}
	if b, err := z.ReadFile("notes.txt", 12); string(b) != "not an array" || err != nil {
		t.Errorf("notes.txt: %q, %v", b, err)
	}
	if _, err := z.ReadFile("notes.txt", 11); err == nil || !strings.Contains(err.Error(), `entry "notes.txt" is 12 bytes, more than 11`) {
		t.Errorf("notes.txt, at most 11 bytes: %v", err)
	}
	if _, err := z.Read("notes", nil); err == nil || !strings.Contains(err.Error(), `no array "notes"`) {
		t.Errorf("a file read as an array: %v", err)
	}
	opened = r.n
	refuse := errors.New("too big for the caller")
	var seen []int
	_, err = z.Read("big", func(shape []int) error { seen = shape; return refuse })
	if !errors.Is(err, refuse) || !slices.Equal(seen, []int{1024, 8192}) {
		t.Fatalf("Read with a refusing fits: %v, shape seen %v", err, seen)
	}
	if read := r.n - opened; read > 64<<10 {
		t.Errorf("refusing a 64 MB array from its header read %d bytes of the archive", read)
	}
	before := r.n
	small, err := z.Read("small", func([]int) error { return nil })
	if err != nil || !slices.Equal(small.Data(), []float64{1, 2, 3}) {
		t.Errorf("small: %v, %v", small, err)
	}
	if read := r.n - before; read > 1<<10 {
		t.Errorf("reading a 3-value array read %d bytes of the archive", read)
	}
	// A value changed in a stored entry: the zip checksum refuses it.
	at := bytes.Index(archive, []byte{0, 0, 0, 0, 0, 0, 0xf0, 0x3f}) // 1.0
	bad := slices.Clone(archive)
	bad[at+6] = 0x40
	z, err = tensor.OpenNPZ(bytes.NewReader(bad), int64(len(bad)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := z.Read("small", nil); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("a corrupt entry: %v, want a checksum error", err)
	}
}

// longHeader returns the version 1.0 .npy b with its header padded with
// spaces to n bytes (n below 65536).
func longHeader(b []byte, n int) []byte {
	hlen := int(b[8]) | int(b[9])<<8
	h := strings.TrimRight(string(b[10:10+hlen]), " \n")
	h += strings.Repeat(" ", n-len(h)-1) + "\n"
	out := append([]byte(nil), b[:8]...)
	out = append(out, byte(n), byte(n>>8))
	return append(append(out, h...), b[10+hlen:]...)
}
