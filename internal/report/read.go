package report

import (
	"errors"
	"fmt"
	"io"
	"sort"

	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
)

// A Reading is what a network makes of one image of a digit: the input it
// saw (784 values in [0, 1], row by row, as MNIST's) and the probability
// of each digit.
type Reading struct {
	Input         []float64
	Probabilities []float64
}

// ErrNotImage marks the images ReadImage cannot decode.
var ErrNotImage = errors.New("not an image")

// ReadImage decodes an image (mnist.DecodeImage), prepares it as MNIST's
// digits were (mnist.FromImage), and runs net on it: how predict and
// serve read a digit.
func ReadImage(net *network.TwoLayerNet, r io.Reader) (*Reading, error) {
	img, err := mnist.DecodeImage(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotImage, err)
	}
	x, err := mnist.FromImage(img)
	if err != nil {
		return nil, err
	}
	return ReadInput(net, x), nil
}

// ReadInput runs net on a prepared input.
func ReadInput(net *network.TwoLayerNet, x []float64) *Reading {
	y := net.Predict(tensor.New(x, 1, mnist.Pixels))
	return &Reading{x, y.Data()}
}

// Top returns the digits in order of probability, most probable first
// (ties in the digits' order).
func (r *Reading) Top() []int {
	d := make([]int, len(r.Probabilities))
	for i := range d {
		d[i] = i
	}
	sort.SliceStable(d, func(i, j int) bool { return r.Probabilities[d[i]] > r.Probabilities[d[j]] })
	return d
}
