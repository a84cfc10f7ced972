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

// A Reading is what a network makes of one image of a digit, layer by
// layer as Predict goes (§3.4, §4.5.1): the input it saw (784 values in
// [0, 1], row by row, as MNIST's), the hidden layer's activations σ(a1),
// the scores a2 and their softmax, the probability of each digit.
type Reading struct {
	Input         []float64
	Hidden        []float64
	Scores        []float64
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

// ReadInput runs net on a prepared input: TwoLayerNet.Predict's lines,
// each layer kept.
func ReadInput(net *network.TwoLayerNet, x []float64) *Reading {
	a1 := tensor.Add(tensor.MatMul(tensor.New(x, 1, mnist.Pixels), net.W1), net.B1)
	z1 := network.Sigmoid(a1)
	a2 := tensor.Add(tensor.MatMul(z1, net.W2), net.B2)
	y := network.Softmax(a2)
	return &Reading{x, z1.Data(), a2.Data(), y.Data()}
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
