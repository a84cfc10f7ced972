package train

import (
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"slices"

	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
)

// SaveModel writes the network's parameters to path as an .npz archive
// (W1.npy, b1.npy, W2.npy, b2.npy), which Python reads with
// np.load(path)['W1'] beside the book's code. The write is atomic.
func SaveModel(path string, net *network.TwoLayerNet) error {
	var names []string
	var ts []*tensor.Tensor
	for name, t := range net.All() {
		names, ts = append(names, name), append(ts, t)
	}
	return writeAtomic(path, func(w io.Writer) error { return tensor.WriteNPZ(w, names, ts) })
}

// LoadModel reads parameters saved by SaveModel, or by numpy (np.savez or
// np.savez_compressed with the names W1, b1, W2, b2; float64 or float32,
// either byte order, C or Fortran order), and checks that they make a
// 784-H-10 TwoLayerNet whose every value is a finite number. Every error
// names the file, and the parameter that is wrong.
func LoadModel(path string) (*network.TwoLayerNet, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	names, ts, err := tensor.ReadNPZ(f, info.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	byName := map[string]*tensor.Tensor{}
	for i, n := range names {
		byName[n] = ts[i]
	}
	net, err := netFrom(byName)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return net, nil
}

// netFrom makes a TwoLayerNet of the arrays named W1, b1, W2 and b2,
// checking that they make a 784-H-10 network of finite numbers.
func netFrom(byName map[string]*tensor.Tensor) (*network.TwoLayerNet, error) {
	for _, n := range network.ParamNames {
		if byName[n] == nil {
			names := slices.Sorted(maps.Keys(byName))
			return nil, fmt.Errorf("no array %q (it has %v)", n, names)
		}
	}
	p := network.Params{W1: byName["W1"], B1: byName["b1"], W2: byName["W2"], B2: byName["b2"]}
	h := 0
	if p.W1.Rank() == 2 {
		h = p.W1.Dim(1)
	}
	want := map[string][]int{"W1": {mnist.Pixels, h}, "b1": {h}, "W2": {h, mnist.Classes}, "b2": {mnist.Classes}}
	for name, t := range p.All() {
		if !slices.Equal(t.Shape(), want[name]) || h == 0 {
			return nil, fmt.Errorf("%s has shape %v, want %v for a 784-%d-10 network", name, t.Shape(), want[name], h)
		}
		bad := 0
		for _, v := range t.Data() {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				bad++
			}
		}
		if bad > 0 {
			return nil, fmt.Errorf("%s has %d of its %d values NaN or infinite", name, bad, t.Size())
		}
	}
	return &network.TwoLayerNet{Params: p}, nil
}
