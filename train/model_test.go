package train

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dlfs/internal/platformtest"
	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
)

func TestModelRoundTripAndErrors(t *testing.T) {
	dir := t.TempDir()
	net := network.NewTwoLayerNet(mnist.Pixels, 7, 10, 0.01, rand.New(rand.NewPCG(1, 1)))
	path := filepath.Join(dir, "params.npz")
	if err := saveModel(path, net); err != nil {
		t.Fatal(err)
	}
	got, err := LoadModel(path, math.MaxInt64)
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range net.All() {
		for name2, q := range got.All() {
			if name == name2 && !tensor.AllClose(p, q, 0, 0) {
				t.Errorf("%s differs after the round trip", name)
			}
		}
	}
	write := func(name string, names []string, ts []*tensor.Tensor) string {
		var buf bytes.Buffer
		tensor.WriteNPZ(&buf, names, ts)
		p := filepath.Join(dir, name)
		os.WriteFile(p, buf.Bytes(), 0o644)
		return p
	}
	bad := []struct {
		path, want string
	}{
		{filepath.Join(dir, "missing.npz"), platformtest.NotFound(t, filepath.Join(dir, "missing.npz"))},
		{write("nob2.npz", []string{"W1", "b1", "W2"}, []*tensor.Tensor{net.W1, net.B1, net.W2}), `no array "b2"`},
		{write("shape.npz", []string{"W1", "b1", "W2", "b2"}, []*tensor.Tensor{net.W1, net.B1, tensor.Zeros(7, 9), net.B2}), "W2 has shape [7 9], want [7 10] for a 784-7-10 network"},
		{write("rank.npz", []string{"W1", "b1", "W2", "b2"}, []*tensor.Tensor{net.B1, net.B1, net.W2, net.B2}), "W1 has shape [7], want 2 dimensions, [784 H] for a 784-H-10 network"},
	}
	os.WriteFile(filepath.Join(dir, "text.npz"), []byte("hello"), 0o644)
	bad = append(bad, struct{ path, want string }{filepath.Join(dir, "text.npz"), "not a zip archive"})
	for _, b := range bad {
		if _, err := LoadModel(b.path, math.MaxInt64); err == nil || !strings.Contains(err.Error(), b.want) || !strings.Contains(err.Error(), filepath.Base(b.path)) {
			t.Errorf("%s: error %v, want %q and the file name", b.path, err, b.want)
		}
	}
}

// TestModelsFromNumpy: model files numpy wrote (testdata/numpy_models.py)
// load whatever their dtype, byte order, memory order or compression, and
// bad ones are refused with the parameter named.
func TestModelsFromNumpy(t *testing.T) {
	want := func(name string, float32s bool) *tensor.Tensor {
		shapes := map[string][]int{"W1": {784, 3}, "b1": {3}, "W2": {3, 10}, "b2": {10}}
		w := tensor.Zeros(shapes[name]...)
		for k := range w.Data() {
			v := float64(k) / 1000
			if float32s {
				v = float64(float32(v))
			}
			w.Data()[k] = v
		}
		return w
	}
	for _, file := range []string{"float32.npz", "bigendian.npz", "fortran.npz", "compressed.npz"} {
		net, err := LoadModel(filepath.Join("testdata", file), math.MaxInt64)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		for name, p := range net.All() {
			if w := want(name, file == "float32.npz"); !tensor.AllClose(p, w, 0, 0) {
				t.Errorf("%s: %s is %v, want %v", file, name, p, w)
			}
		}
	}
	for file, msg := range map[string]string{
		"nan.npz":        "testdata/nan.npz: W2 has 4 of its 30 values NaN or infinite",
		"wrongshape.npz": "testdata/wrongshape.npz: W2 has shape [10 3], want [3 10] for a 784-3-10 network (W1 is [784 3])",
	} {
		if _, err := LoadModel(filepath.Join("testdata", file), math.MaxInt64); err == nil || err.Error() != msg {
			t.Errorf("%s: error %v, want %q", file, err, msg)
		}
	}
}
