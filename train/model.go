package train

import (
	"fmt"
	"io"
	"math"
	"slices"

	"dlfs/internal/regular"
	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
)

// WriteModel writes the network's parameters as params.npz: an .npz
// archive (W1.npy, b1.npy, W2.npy, b2.npy), which Python reads with
// np.load('params.npz')['W1'] beside the book's code.
func WriteModel(w io.Writer, net *network.TwoLayerNet) error {
	var names []string
	var ts []*tensor.Tensor
	for name, t := range net.All() {
		names, ts = append(names, name), append(ts, t)
	}
	return tensor.WriteNPZ(w, names, ts)
}

// MaxModelHidden bounds the hidden units of a network LoadModel reads: an
// evaluation on MNIST's 70000 images costs 784 products a unit an image,
// a minute or so at this bound, hours at ten times it.
const MaxModelHidden = 10000

// LoadModel reads parameters written by WriteModel, or by numpy (np.savez or
// np.savez_compressed with the names W1, b1, W2, b2; float64 or float32,
// either byte order, C or Fortran order; other arrays are not read), and
// checks that they make a 784-H-10 TwoLayerNet whose every value is a
// finite number. The network's size is read from W1's header and checked
// before any data: a network of more than MaxModelHidden units, or whose
// evaluation would take more than limit bytes (modelMemory), is refused
// unread, and each array is read only as
// far as that size needs. Every error names the file, and the parameter
// that is wrong.
func LoadModel(path string, limit int64) (*network.TwoLayerNet, error) {
	f, err := regular.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	z, err := tensor.OpenNPZ(f, info.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	net, err := readNet(z, func(hidden int) error {
		if hidden > MaxModelHidden {
			return fmt.Errorf("W1 has %d hidden units, more than the %d whose evaluation on MNIST takes a minute or so", hidden, MaxModelHidden)
		}
		if need := modelMemory(hidden); need > float64(limit) {
			return fmt.Errorf("a network of %d hidden units would need about %s of memory, more than this machine's %s", hidden, formatBytes(need), formatBytes(float64(limit)))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return net, nil
}

// readNet reads W1, b1, W2 and b2 from z and checks that they make a
// 784-H-10 network of finite numbers. H is W1's second dimension, read
// from its header and passed to fits, which may refuse it; each array is
// then read only if its shape is the one H gives it.
func readNet(z *tensor.NPZ, fits func(hidden int) error) (*network.TwoLayerNet, error) {
	for _, n := range network.ParamNames() {
		if !slices.Contains(z.Names(), n) {
			return nil, fmt.Errorf("no array %q (it has %v)", n, z.Names())
		}
	}
	h := 0
	w1, err := z.Read("W1", func(shape []int) error {
		switch {
		case len(shape) != 2:
			return fmt.Errorf("W1 has shape %v, want 2 dimensions, [784 H] for a 784-H-10 network", shape)
		case shape[0] != mnist.Pixels && shape[1] == mnist.Pixels:
			return fmt.Errorf("W1 has shape %v, want [784 H], a row per pixel: it is transposed (save W1, not W1.T)", shape)
		case shape[0] != mnist.Pixels || shape[1] == 0:
			return fmt.Errorf("W1 has shape %v, want [784 H], a row per pixel and H ≥ 1 hidden units", shape)
		}
		h = shape[1]
		return fits(h)
	})
	if err != nil {
		return nil, err
	}
	p := network.Params{W1: w1}
	for _, a := range []struct {
		name string
		dst  **tensor.Tensor
		want []int
	}{{"b1", &p.B1, []int{h}}, {"W2", &p.W2, []int{h, mnist.Classes}}, {"b2", &p.B2, []int{mnist.Classes}}} {
		*a.dst, err = z.Read(a.name, func(shape []int) error {
			if !slices.Equal(shape, a.want) {
				return fmt.Errorf("%s has shape %v, want %v for a 784-%d-10 network (W1 is [784 %d])", a.name, shape, a.want, h, h)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for name, t := range p.All() {
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
