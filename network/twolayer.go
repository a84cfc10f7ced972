package network

import (
	"fmt"
	"iter"

	"dlfs/tensor"
)

// Params are the weights and biases of a TwoLayerNet, or their gradients,
// which have the same shapes: W1 (input, hidden), b1 (hidden),
// W2 (hidden, output), b2 (output). The book keeps them in a dict
// params['W1'] ...; here they are fields, and All lists them by those names.
type Params struct {
	W1, B1, W2, B2 *tensor.Tensor
}

// ParamNames returns the book's names of the four parameters, in order:
// the keys of two_layer_net.py's params and grads.
func ParamNames() [4]string { return [4]string{"W1", "b1", "W2", "b2"} }

// All yields the four parameters with their book names, in order.
func (p *Params) All() iter.Seq2[string, *tensor.Tensor] {
	return func(yield func(string, *tensor.Tensor) bool) {
		for i, t := range p.list() {
			if !yield(ParamNames()[i], t) {
				return
			}
		}
	}
}

// Param returns the parameter named key, one of ParamNames: the book's
// params[key], or grads[key] of a gradient.
func (p *Params) Param(key string) *tensor.Tensor {
	for i, t := range p.list() {
		if ParamNames()[i] == key {
			return t
		}
	}
	panic(fmt.Sprintf("network: Param: no parameter %q (want W1, b1, W2 or b2)", key))
}

// Clone returns a copy of the four parameters, which later changes to p
// leave as they are: a network's state kept while it trains on.
func (p *Params) Clone() Params {
	return Params{W1: p.W1.Clone(), B1: p.B1.Clone(), W2: p.W2.Clone(), B2: p.B2.Clone()}
}

func (p *Params) list() [4]*tensor.Tensor { return [4]*tensor.Tensor{p.W1, p.B1, p.W2, p.B2} }

// TwoLayerNet is the network of §4.5.1: input → affine → sigmoid → affine →
// softmax.
//
//	a1 = x·W1 + b1     x (N, 784), W1 (784, 50), a1 (N, 50)
//	z1 = σ(a1)
//	a2 = z1·W2 + b2    W2 (50, 10), a2 (N, 10)
//	y  = softmax(a2)   each row of y sums to 1
type TwoLayerNet struct {
	Params
}

// NewTwoLayerNet returns a network with weights weightInitStd·N(0, 1) drawn
// from rng (W1 first, then W2, row by row) and zero biases, as the book's
// constructor with weight_init_std = 0.01. Small weights keep the sigmoid in
// its steep middle range, where it learns fastest.
func NewTwoLayerNet(inputSize, hiddenSize, outputSize int, weightInitStd float64, rng tensor.NormalSource) *TwoLayerNet {
	return &TwoLayerNet{Params{
		W1: tensor.MulScalar(tensor.RandN(rng, inputSize, hiddenSize), weightInitStd),
		B1: tensor.Zeros(hiddenSize),
		W2: tensor.MulScalar(tensor.RandN(rng, hiddenSize, outputSize), weightInitStd),
		B2: tensor.Zeros(outputSize),
	}}
}

// Predict returns the output probabilities y = softmax(σ(x·W1 + b1)·W2 + b2)
// for a batch x (N, input), one row of y per image: two_layer_net.py's
// predict, line for line.
func (n *TwoLayerNet) Predict(x *tensor.Tensor) *tensor.Tensor {
	W1, W2 := n.W1, n.W2
	b1, b2 := n.B1, n.B2

	a1 := tensor.Add(tensor.MatMul(x, W1), b1)
	z1 := Sigmoid(a1)
	a2 := tensor.Add(tensor.MatMul(z1, W2), b2)
	y := Softmax(a2)

	return y
}

// Loss returns the mini-batch cross-entropy error of Predict(x) against t,
// one-hot (N, output) or labels (N) (§4.2.4).
func (n *TwoLayerNet) Loss(x, t *tensor.Tensor) float64 {
	return CrossEntropyError(n.Predict(x), t)
}

// Accuracy returns the fraction of the batch whose most probable class,
// argmax of Predict(x), is the correct one; t is one-hot or labels.
func (n *TwoLayerNet) Accuracy(x, t *tensor.Tensor) float64 {
	pred := tensor.Argmax(n.Predict(x), 1)
	labels := targetLabels(t, len(pred))
	correct := 0
	for i, p := range pred {
		if p == labels[i] {
			correct++
		}
	}
	return float64(correct) / float64(len(pred))
}

// NumericalGradient returns ∂L/∂θ for every parameter θ by central
// differences (§4.5.1, numerical_gradient): two full forward passes per
// parameter, 79520 of them for a 784-50-10 net. Exact up to O(h²), and far
// too slow to train with — which is why the book moves on to backpropagation.
func (n *TwoLayerNet) NumericalGradient(x, t *tensor.Tensor) *Params {
	lossW := func(W *tensor.Tensor) float64 { return n.Loss(x, t) }
	return &Params{
		W1: NumericalGradient(lossW, n.W1),
		B1: NumericalGradient(lossW, n.B1),
		W2: NumericalGradient(lossW, n.W2),
		B2: NumericalGradient(lossW, n.B2),
	}
}

// Gradient returns ∂L/∂θ by backpropagation, the book's gradient method. It
// is derived in Chapter 5; §4.5 uses it because it gives the same numbers as
// NumericalGradient (see GradientCheck) thousands of times faster. Line for
// line two_layer_net.py's gradient, with its names: dy = (y − t)/N is the
// error signal of the softmax-with-cross-entropy output, and
//
//	grads['W2'] = z1ᵀ·dy             (50, 10)
//	grads['b2'] = Σ_n dy             (10)
//	dz1         = dy·W2ᵀ             (N, 50)  ∂L/∂z1
//	da1         = σ'(a1) ⊙ dz1       (N, 50)  ∂L/∂a1, σ'(a1) = (1 − σ(a1)) ⊙ σ(a1)
//	grads['W1'] = xᵀ·da1             (784, 50)
//	grads['b1'] = Σ_n da1            (50)
func (n *TwoLayerNet) Gradient(x, t *tensor.Tensor) *Params {
	W1, W2 := n.W1, n.W2
	b1, b2 := n.B1, n.B2
	grads := &Params{}

	batchNum := x.Dim(0)

	// forward
	a1 := tensor.Add(tensor.MatMul(x, W1), b1)
	z1 := Sigmoid(a1)
	a2 := tensor.Add(tensor.MatMul(z1, W2), b2)
	y := Softmax(a2)

	// backward
	dy := tensor.DivScalar(tensor.Sub(y, oneHotTargets(t, batchNum, y.Dim(1))), float64(batchNum))
	grads.W2 = tensor.MatMul(tensor.Transpose(z1), dy)
	grads.B2 = tensor.Sum(dy, 0, false)

	dz1 := tensor.MatMul(dy, tensor.Transpose(W2))
	da1 := tensor.Mul(SigmoidGrad(a1), dz1)
	grads.W1 = tensor.MatMul(tensor.Transpose(x), da1)
	grads.B1 = tensor.Sum(da1, 0, false)

	return grads
}

// targetLabels returns the correct class of each of n rows from one-hot
// targets (n, K) or labels (n).
func targetLabels(t *tensor.Tensor, n int) []int {
	switch {
	case t.Rank() == 2 && t.Dim(0) == n:
		return tensor.Argmax(t, 1)
	case t.Rank() == 1 && t.Dim(0) == n:
		labels := make([]int, n)
		for i, v := range t.Data() {
			labels[i] = int(v)
		}
		return labels
	}
	panic(fmt.Sprintf("network: targets of shape %v for a batch of %d", t.Shape(), n))
}

// oneHotTargets returns t as one-hot (n, k), converting labels if need be.
func oneHotTargets(t *tensor.Tensor, n, k int) *tensor.Tensor {
	if t.Rank() == 2 && t.Dim(0) == n && t.Dim(1) == k {
		return t
	}
	return tensor.OneHot(targetLabels(t, n), k)
}
