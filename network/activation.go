package network

import (
	"math"

	"dlfs/tensor"
)

// SigmoidClip bounds the input of Sigmoid to ±ln(1e15), so that exp(−x)
// never overflows to +Inf: past it, σ is within 1e-15 of 0 or 1 anyway.
const SigmoidClip = 34.538776394910684

// Sigmoid returns σ(x) = 1 / (1 + e^(−x)) for every element (§3.2.4), with
// x first clipped to ±SigmoidClip. σ(0) = 0.5.
func Sigmoid(x *tensor.Tensor) *tensor.Tensor { return tensor.Map(x, sigmoid) }

func sigmoid(x float64) float64 {
	x = max(-SigmoidClip, min(SigmoidClip, x))
	return 1 / (1 + math.Exp(-x))
}

// SigmoidGrad returns the derivative σ'(x) = (1 − σ(x))·σ(x) for every
// element, which backpropagation through the hidden layer needs (§5.5.2).
func SigmoidGrad(x *tensor.Tensor) *tensor.Tensor {
	return tensor.Map(x, func(v float64) float64 {
		s := sigmoid(v)
		return (1 - s) * s
	})
}

// Softmax returns y_k = exp(a_k − max a) / Σ_i exp(a_i − max a) along the
// last axis (§3.5.2): of a vector, or of every row of a batch. Subtracting
// the maximum changes nothing mathematically and keeps exp from overflowing.
// Softmax of [0.3 2.9 4.0] is [0.01821127 0.24519181 0.73659691].
//
// A batch goes through its transpose, as the book's softmax does, so that
// each output is a column and the maxima and sums run down axis 0: numpy
// then adds each output's terms in order, and so does this.
func Softmax(a *tensor.Tensor) *tensor.Tensor {
	if a.Rank() == 2 {
		x := tensor.Transpose(a)
		x = tensor.Sub(x, tensor.Max(x, 0, false))
		y := tensor.Div(tensor.Exp(x), tensor.Sum(tensor.Exp(x), 0, false))
		return tensor.Transpose(y)
	}
	e := tensor.Exp(tensor.Sub(a, tensor.Max(a, -1, true)))
	return tensor.Div(e, tensor.Sum(e, -1, true))
}
