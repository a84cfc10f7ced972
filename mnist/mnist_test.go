package mnist_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"dlfs/internal/platformtest"
	"dlfs/mnist"
	"dlfs/tensor"
)

// idxFile builds the bytes of an IDX file: magic 0 0 typ rank, the
// dimensions big-endian, then data.
func idxFile(typ byte, dims []uint32, data []byte) []byte {
	b := []byte{0, 0, typ, byte(len(dims))}
	for _, d := range dims {
		b = binary.BigEndian.AppendUint32(b, d)
	}
	return append(b, data...)
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// validFiles returns a small, valid data set: 3 training and 2 test images.
func validFiles() map[string][]byte {
	images := func(n int) []byte {
		px := make([]byte, n*mnist.Pixels)
		for i := range px {
			px[i] = byte(i * 7)
		}
		return gzipped(idxFile(8, []uint32{uint32(n), 28, 28}, px))
	}
	return map[string][]byte{
		mnist.TrainImages + ".gz": images(3),
		mnist.TrainLabels + ".gz": gzipped(idxFile(8, []uint32{3}, []byte{5, 0, 9})),
		mnist.TestImages + ".gz":  images(2),
		mnist.TestLabels + ".gz":  gzipped(idxFile(8, []uint32{2}, []byte{7, 2})),
	}
}

func writeFiles(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, b := range files {
		if b == nil {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadDirValid(t *testing.T) {
	d, err := mnist.LoadDir(writeFiles(t, validFiles()))
	if err != nil {
		t.Fatal(err)
	}
	if d.Train.Len() != 3 || d.Test.Len() != 2 || d.Train.Label(2) != 9 || d.Test.Label(0) != 7 {
		t.Errorf("loaded %d/%d items, labels %d %d", d.Train.Len(), d.Test.Len(), d.Train.Label(2), d.Test.Label(0))
	}
	if got, want := d.Train.Image(1)[0], byte(784*7%256); got != want {
		t.Errorf("first pixel of image 1 is %d, want %d", got, want)
	}
}

func TestLoadDirPlainFiles(t *testing.T) {
	files := validFiles()
	plain := map[string][]byte{}
	for name, b := range files {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		buf.ReadFrom(zr)
		plain[strings.TrimSuffix(name, ".gz")] = buf.Bytes()
	}
	d, err := mnist.LoadDir(writeFiles(t, plain))
	if err != nil {
		t.Fatal(err)
	}
	if d.Train.Len() != 3 || d.Test.Label(1) != 2 {
		t.Errorf("plain files: %d items, test label 1 = %d", d.Train.Len(), d.Test.Label(1))
	}
}

// TestLoadDirErrors is the table of malformed inputs: each must give an
// error naming the file and what is wrong, never a panic.
func TestLoadDirErrors(t *testing.T) {
	valid := validFiles()
	trainImg := mnist.TrainImages + ".gz"
	trainLbl := mnist.TrainLabels + ".gz"
	testImg := mnist.TestImages + ".gz"
	corruptCRC := bytes.Clone(valid[trainLbl])
	corruptCRC[len(corruptCRC)-5] ^= 0xff // inside the CRC-32 trailer
	tests := []struct {
		name     string
		file     string
		contents []byte // nil: remove the file
		format   bool   // a *FormatError, not an I/O error
		want     string
	}{
		{"missing file", trainImg, nil, false, ""},
		{"empty file", trainImg, []byte{}, true, "empty file"},
		{"not gzip", trainImg, idxFile(8, []uint32{3, 28, 28}, make([]byte, 3*784)), true, "not gzip data"},
		{"truncated gzip", trainImg, valid[trainImg][:len(valid[trainImg])/2], true, "truncated gzip stream"},
		{"corrupt gzip", trainLbl, corruptCRC, true, "gzip checksum mismatch"},
		{"bad gzip header", trainLbl, []byte{0x1f, 0x8b, 1, 2}, true, "bad gzip header"},
		{"truncated data", trainLbl, gzipped(idxFile(8, []uint32{3}, []byte{1, 2})), true, "truncated data: the header declares 3 bytes"},
		{"trailing data", trainLbl, gzipped(idxFile(8, []uint32{3}, []byte{1, 2, 3, 4})), true, "trailing bytes after the 3 elements"},
		{"junk after the gzip stream", trainLbl, append(gzipped(idxFile(8, []uint32{3}, []byte{1, 2, 3})), "hello, world"...), true, "trailing bytes after the gzip stream"},
		{"three bytes after the gzip stream", trainLbl, append(gzipped(idxFile(8, []uint32{3}, []byte{1, 2, 3})), 1, 2, 3), true, "trailing bytes after the gzip stream"},
		{"a second gzip stream", trainLbl, append(gzipped(idxFile(8, []uint32{3}, []byte{1, 2, 3})), gzipped([]byte{4})...), true, "trailing bytes after the gzip stream"},
		{"short header", trainLbl, gzipped([]byte{0, 0, 8}), true, "header: file too short"},
		{"short dimensions", trainLbl, gzipped([]byte{0, 0, 8, 1, 0, 0}), true, "dimensions: file too short"},
		{"wrong magic", trainImg, gzipped(append([]byte{0x12, 0x34}, idxFile(8, []uint32{3, 28, 28}, nil)[2:]...)), true, "bad magic 0x12340803: not an IDX file (an IDX file starts with two zero bytes)"},
		{"magic's second byte", trainLbl, gzipped(append([]byte{0, 1}, idxFile(8, []uint32{3}, []byte{1, 2, 3})[2:]...)), true, "bad magic 0x00010801"},
		{"magic's first byte", trainLbl, gzipped(append([]byte{1, 0}, idxFile(8, []uint32{3}, []byte{1, 2, 3})[2:]...)), true, "bad magic 0x01000801"},
		{"signed bytes", trainLbl, gzipped(idxFile(0x09, []uint32{3}, []byte{1, 2, 3})), true, "element type 0x09, want 0x08"},
		{"rank 5", trainLbl, gzipped(idxFile(8, []uint32{3, 1, 1, 1, 1}, []byte{1, 2, 3})), true, "rank 5, want 1 to 4"},
		{"28×27 images", trainImg, gzipped(idxFile(8, []uint32{3, 28, 27}, make([]byte, 3*28*27))), true, "images are 28×27, want 28×28"},
		{"27×28 images", trainImg, gzipped(idxFile(8, []uint32{3, 27, 28}, make([]byte, 3*27*28))), true, "images are 27×28, want 28×28"},
		{"one byte too few", trainImg, gzipped(idxFile(8, []uint32{3, 28, 28}, make([]byte, 3*784-1))), true, "truncated data: the header declares 2352 bytes"},
		{"one byte too many", trainImg, gzipped(idxFile(8, []uint32{3, 28, 28}, make([]byte, 3*784+1))), true, "trailing bytes after the 2352 elements"},
		{"wrong element type", trainLbl, gzipped(idxFile(0x0d, []uint32{3}, make([]byte, 12))), true, "element type 0x0d, want 0x08 (unsigned byte)"},
		{"rank 0", trainLbl, gzipped(idxFile(8, nil, nil)), true, "rank 0, want 1 to 4"},
		{"images of rank 2", trainImg, gzipped(idxFile(8, []uint32{3, 784}, make([]byte, 3*784))), true, "rank 2 (dimensions [3 784]), want 3 for images"},
		{"labels of rank 2", trainLbl, gzipped(idxFile(8, []uint32{3, 1}, make([]byte, 3))), true, "rank 2 (dimensions [3 1]), want 1 for labels"},
		{"32×32 images", trainImg, gzipped(idxFile(8, []uint32{3, 32, 32}, make([]byte, 3*1024))), true, "images are 32×32, want 28×28"},
		{"counts differ", trainLbl, gzipped(idxFile(8, []uint32{4}, []byte{1, 2, 3, 4})), true, "4 labels for the 3 images"},
		{"label outside 0–9", trainLbl, gzipped(idxFile(8, []uint32{3}, []byte{1, 10, 3})), true, "label 10 of item 1 is outside 0–9"},
		{"huge claim", trainImg, gzipped(idxFile(8, []uint32{0xffffffff, 28, 28}, nil)), true, "more than 2147483647 elements"},
		{"a directory", trainImg, nil, false, "not a regular file but a folder"},
		{"a named pipe", trainImg, nil, false, "not a regular file but a named pipe"},
		{"no images", trainImg, gzipped(idxFile(8, []uint32{0, 28, 28}, nil)), true, "no images"},
		{"no test images", testImg, gzipped(idxFile(8, []uint32{0, 28, 28}, nil)), true, "no images"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string][]byte{}
			for k, v := range valid {
				files[k] = v
			}
			files[tt.file] = tt.contents
			dir := writeFiles(t, files)
			switch tt.name {
			case "a directory":
				os.Mkdir(filepath.Join(dir, tt.file), 0o755)
			case "a named pipe":
				if !platformtest.FIFO(t, filepath.Join(dir, tt.file)) {
					t.Skipf("no named pipes on %s", runtime.GOOS)
				}
			case "missing file":
				tt.want = platformtest.NotFound(t, filepath.Join(dir, tt.file))
			}
			d, err := mnist.LoadDir(dir)
			if err == nil {
				t.Fatalf("loaded %d items, want an error", d.Train.Len())
			}
			var fe *mnist.FormatError
			if errors.As(err, &fe) != tt.format {
				t.Errorf("error %q: FormatError is %v, want %v", err, !tt.format, tt.format)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), filepath.Join(dir, tt.file)) {
				t.Errorf("error %q, want it to contain %q and the path", err, tt.want)
			}
			if tt.contents == nil && tt.name == "missing file" && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("missing file: errors.Is(err, fs.ErrNotExist) is false for %q", err)
			}
		})
	}
}

func TestNoBigAllocationForBigClaims(t *testing.T) {
	// A plain file whose header claims 2^31−1 one-byte elements must cost no
	// more than its own 8 bytes could hold before the data proves short.
	b := idxFile(8, []uint32{0x7fffffff}, nil)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := mnist.ReadIDX("claim", bytes.NewReader(b), len(b))
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "truncated data") {
		t.Fatalf("error %v, want truncated data", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("allocated %d bytes for an 8-byte file", got)
	}
}

func FuzzReadIDX(f *testing.F) {
	for _, b := range validFiles() {
		f.Add(b, true)
	}
	f.Add(idxFile(8, []uint32{2, 2}, []byte{1, 2, 3, 4}), false)
	f.Add(idxFile(8, []uint32{0x7fffffff, 0x7fffffff}, nil), false)
	f.Fuzz(func(t *testing.T, b []byte, gz bool) {
		name := "fuzz"
		if gz {
			name += ".gz"
		}
		idx, err := mnist.ReadIDX(name, bytes.NewReader(b), len(b))
		if err != nil {
			return
		}
		n := 1
		for _, d := range idx.Dims {
			n *= d
		}
		if len(idx.Data) != n {
			t.Fatalf("dimensions %v but %d elements", idx.Dims, len(idx.Data))
		}
	})
}

// The label counts of the real data set, counted independently with numpy
// (np.bincount over the label files' bytes after the 8-byte header).
var (
	trainHistogram = [10]int{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}
	testHistogram  = [10]int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}
)

func TestEmbeddedData(t *testing.T) {
	d, err := mnist.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		set  *mnist.Set
		n    int
		hist [10]int
		sum  int // the sum of all pixel values, by numpy
	}{
		{"train", d.Train, 60000, trainHistogram, 1567298545},
		{"test", d.Test, 10000, testHistogram, 264923200},
	} {
		if c.set.Len() != c.n {
			t.Fatalf("%s: %d items, want %d", c.name, c.set.Len(), c.n)
		}
		var hist [10]int
		sum, maxPx := 0, byte(0)
		for i := range c.set.Len() {
			hist[c.set.Label(i)]++
			for _, p := range c.set.Image(i) {
				sum += int(p)
				maxPx = max(maxPx, p)
			}
		}
		if hist != c.hist || sum != c.sum || maxPx != 255 {
			t.Errorf("%s: histogram %v, pixel sum %d, max %d; want %v, %d, 255", c.name, hist, sum, maxPx, c.hist, c.sum)
		}
	}
}

func TestTensorsFollowTheBook(t *testing.T) {
	d, err := mnist.LoadDir(writeFiles(t, validFiles()))
	if err != nil {
		t.Fatal(err)
	}
	x, lbl := d.Train.Tensors(mnist.Options{Normalize: true, Flatten: true})
	if want := []int{3, 784}; !slices.Equal(x.Shape(), want) || !slices.Equal(lbl.Shape(), []int{3}) {
		t.Fatalf("shapes %v %v", x.Shape(), lbl.Shape())
	}
	for i := range 3 {
		for j, p := range d.Train.Image(i) {
			if x.At(i, j) != float64(p)/255 {
				t.Fatalf("x[%d][%d] = %v, want %d/255", i, j, x.At(i, j), p)
			}
		}
		if lbl.At(i) != float64(d.Train.Label(i)) {
			t.Errorf("t[%d] = %v, want %d", i, lbl.At(i), d.Train.Label(i))
		}
	}
	raw, oneHot := d.Train.Tensors(mnist.Options{OneHot: true})
	if !slices.Equal(raw.Shape(), []int{3, 1, 28, 28}) || !slices.Equal(oneHot.Shape(), []int{3, 10}) {
		t.Fatalf("shapes %v %v", raw.Shape(), oneHot.Shape())
	}
	if raw.At(1, 0, 0, 0) != float64(d.Train.Image(1)[0]) || raw.At(2, 0, 27, 27) != float64(d.Train.Image(2)[783]) {
		t.Error("unnormalized, unflattened pixels differ from the file")
	}
	for i := range 3 {
		for c := range 10 {
			want := 0.0
			if c == d.Train.Label(i) {
				want = 1
			}
			if oneHot.At(i, c) != want {
				t.Errorf("one-hot[%d][%d] = %v, want %v", i, c, oneHot.At(i, c), want)
			}
		}
	}
}

// TestFloat32Pixels: with Float32, pixels are the values numpy 1.24 gave
// for uint8 → float32, /= 255.0, widened to float64.
func TestFloat32Pixels(t *testing.T) {
	pixels := []byte{1, 3, 51, 128, 200, 254, 255}
	numpy := []float64{0.003921568859368563, 0.0117647061124444, 0.20000000298023224, 0.501960813999176, 0.7843137383460999, 0.9960784316062927, 1.0}
	px := make([]byte, 3*mnist.Pixels)
	copy(px, pixels) // the first pixels of image 0
	files := validFiles()
	files[mnist.TrainImages+".gz"] = gzipped(idxFile(8, []uint32{3, 28, 28}, px))
	d, err := mnist.LoadDir(writeFiles(t, files))
	if err != nil {
		t.Fatal(err)
	}
	x, _ := d.Train.Tensors(mnist.Options{Normalize: true, Flatten: true, Float32: true})
	for j, want := range numpy {
		if got := x.At(0, j); got != want {
			t.Errorf("pixel %d: %v, numpy %v", pixels[j], got, want)
		}
	}
}

// TestTensorsEveryPixel: a set of 100 images, enough for the cores to
// share, whose pixels run through every byte value: each option's value
// against its formula (the division in float64, the division in float32
// widened, the byte itself).
func TestTensorsEveryPixel(t *testing.T) {
	const n = 100
	px := make([]byte, n*mnist.Pixels)
	for i := range px {
		px[i] = byte(i * 13)
	}
	files := validFiles()
	files[mnist.TrainImages+".gz"] = gzipped(idxFile(8, []uint32{uint32(n), 28, 28}, px))
	files[mnist.TrainLabels+".gz"] = gzipped(idxFile(8, []uint32{uint32(n)}, make([]byte, n)))
	d, err := mnist.LoadDir(writeFiles(t, files))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		opt     mnist.Options
		formula func(p byte) float64
	}{
		{mnist.Options{Normalize: true, Flatten: true}, func(p byte) float64 { return float64(p) / 255 }},
		{mnist.Options{Normalize: true, Flatten: true, Float32: true}, func(p byte) float64 { return float64(float32(p) / 255) }},
		{mnist.Options{Flatten: true}, func(p byte) float64 { return float64(p) }},
	} {
		x, _ := d.Train.Tensors(c.opt)
		for i, p := range px {
			if got, want := x.Data()[i], c.formula(p); got != want {
				t.Fatalf("%+v: pixel %d (%d) is %v, want %v", c.opt, i, p, got, want)
			}
		}
	}
}

// TestChunk: Chunk's rows are Tensors' rows, the last chunk short.
func TestChunk(t *testing.T) {
	d, err := mnist.LoadDir(writeFiles(t, validFiles()))
	if err != nil {
		t.Fatal(err)
	}
	all, _ := d.Train.Tensors(mnist.Options{Normalize: true, Flatten: true})
	x := tensor.Zeros(2, mnist.Pixels)
	labels := make([]int, 2)
	if n := d.Train.Chunk(x, labels, 2); n != 1 || labels[0] != 9 || x.At(0, 5) != all.At(2, 5) {
		t.Errorf("Chunk from 2 wrote %d, labels %v", n, labels)
	}
	if n := d.Train.Chunk(x, labels, 0); n != 2 || !tensor.AllClose(x, tensor.Rows(all, []int{0, 1}), 0, 0) {
		t.Errorf("Chunk from 0 wrote %d", n)
	}
}

// TestNonZero: an image's list of non-zero pixels is the image without its
// zeros, for images at both ends of the set.
func TestNonZero(t *testing.T) {
	d, err := mnist.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 1, 12345, 59999} {
		var cols []uint16
		var pix []uint8
		for c, p := range d.Train.Image(i) {
			if p != 0 {
				cols, pix = append(cols, uint16(c)), append(pix, p)
			}
		}
		gotCols, gotPix := d.Train.NonZero(i)
		if !slices.Equal(gotCols, cols) || !slices.Equal(gotPix, pix) {
			t.Errorf("image %d: NonZero lists %d pixels, the image has %d non-zero", i, len(gotCols), len(cols))
		}
	}
	if got, want := mnist.Normalized(255), 1.0; got != want {
		t.Errorf("Normalized(255) = %v", got)
	}
	if got, want := mnist.Normalized(51), 51.0/255; got != want {
		t.Errorf("Normalized(51) = %v, want %v", got, want)
	}
}

// TestHead: a Set's first n images and labels, every n from below 0 to
// past its length.
func TestHead(t *testing.T) {
	d, err := mnist.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ n, want int }{{-1, 0}, {0, 0}, {1, 1}, {1000, 1000}, {10000, 10000}, {10001, 10000}} {
		h := d.Test.Head(c.n)
		if h.Len() != c.want {
			t.Fatalf("Head(%d) has %d images, want %d", c.n, h.Len(), c.want)
		}
		for _, i := range []int{0, c.want / 2, c.want - 1} {
			if i >= 0 && i < c.want && (!slices.Equal(h.Image(i), d.Test.Image(i)) || h.Label(i) != d.Test.Label(i)) {
				t.Errorf("Head(%d): image %d differs from the set's", c.n, i)
			}
		}
	}
	cols, _ := d.Test.Head(5).NonZero(4)
	want, _ := d.Test.NonZero(4)
	if !slices.Equal(cols, want) {
		t.Errorf("Head(5).NonZero(4) lists %d pixels, the set's image %d", len(cols), len(want))
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := mnist.Load(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLoadDirNotAFolder: a -data that does not exist, or is a file, is
// one line naming it, not one for each of the four files.
func TestLoadDirNotAFolder(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "moved")
	file := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(file, []byte("x"), 0o644)
	for _, c := range []struct{ dir, want string }{
		{missing, "mnist: stat " + missing + ": " + platformtest.NotFound(t, missing)},
		{file, "mnist: " + file + " is not a folder of IDX files"},
	} {
		_, err := mnist.LoadDir(c.dir)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Count(err.Error(), "\n") != 0 {
			t.Errorf("%s: %v, want one line with %q", c.dir, err, c.want)
		}
	}
}

// TestReadIDXEdges: the ends of what ReadIDX takes. Rank 4 is read, 5 is
// not; dimensions of 2^31 − 2^15 elements pass the bound (the data then
// proves short), of 2^31 do not; two bytes of gzip's magic are gzip (a
// bad header), not a short IDX header.
func TestReadIDXEdges(t *testing.T) {
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"rank 4", idxFile(8, []uint32{1, 2, 1, 3}, []byte{1, 2, 3, 4, 5, 6}), ""},
		{"rank 5", idxFile(8, []uint32{1, 1, 1, 1, 1}, []byte{1}), "rank 5, want 1 to 4"},
		{"2^31 − 2^15 elements", idxFile(8, []uint32{65535, 32768}, nil), "truncated data"},
		{"2^31 elements", idxFile(8, []uint32{65536, 32768}, nil), "dimensions [65536 32768]: more than 2147483647 elements"},
		{"gzip's magic alone", []byte{0x1f, 0x8b}, "bad gzip header"},
	} {
		idx, err := mnist.ReadIDX("f", bytes.NewReader(c.b), len(c.b))
		switch {
		case c.want == "" && (err != nil || len(idx.Data) != 6 || idx.Data[5] != 6):
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// TestHeadAndChunk: Head(n) is the first n images and labels, all of them
// past the set's size and none below zero; Chunk at the set's end fills
// nothing, and past it is refused.
func TestHeadAndChunk(t *testing.T) {
	d, err := mnist.Load()
	if err != nil {
		t.Fatal(err)
	}
	h := d.Test.Head(3)
	if h.Len() != 3 {
		t.Fatalf("Head(3) has %d images", h.Len())
	}
	for i := range 3 {
		if !bytes.Equal(h.Image(i), d.Test.Image(i)) || h.Label(i) != d.Test.Label(i) {
			t.Errorf("Head(3)'s image %d is not the set's", i)
		}
	}
	if n := d.Test.Head(-1).Len(); n != 0 {
		t.Errorf("Head(-1) has %d images", n)
	}
	if n := d.Test.Head(20000).Len(); n != d.Test.Len() {
		t.Errorf("Head(20000) has %d images", n)
	}
	x, labels := tensor.Zeros(2, mnist.Pixels), make([]int, 2)
	if n := d.Test.Chunk(x, labels, d.Test.Len()); n != 0 {
		t.Errorf("Chunk at the set's end: %d images", n)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Chunk past the set's end did not panic")
			}
		}()
		d.Test.Chunk(x, labels, d.Test.Len()+1)
	}()
}

// TestSHA256: a data set's sum is the SHA-256 of what its doc comment
// lists, for the training set then the test set: the number of images as
// 8 big-endian bytes, the pixels, the labels; for sets cut by Head, of
// their images alone.
func TestSHA256(t *testing.T) {
	d, err := mnist.Load()
	if err != nil {
		t.Fatal(err)
	}
	small := &mnist.Dataset{Train: d.Train.Head(3), Test: d.Test.Head(2)}
	h := sha256.New()
	for _, s := range []*mnist.Set{small.Train, small.Test} {
		h.Write([]byte{0, 0, 0, 0, 0, 0, 0, byte(s.Len())})
		for i := range s.Len() {
			h.Write(s.Image(i))
		}
		for i := range s.Len() {
			h.Write([]byte{byte(s.Label(i))})
		}
	}
	if got, want := small.SHA256(), hex.EncodeToString(h.Sum(nil)); got != want {
		t.Errorf("SHA256 of 3 training and 2 test images: %s, want %s", got, want)
	}
}
