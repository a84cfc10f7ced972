package network

import "dlfs/tensor"

// A ParamDiff is the largest absolute difference between the numerical and
// the backpropagation gradient of one parameter, max |∂L/∂θ numerical −
// ∂L/∂θ backprop| over its elements (§5.7.3).
type ParamDiff struct {
	Name       string
	MaxAbsDiff float64
}

// GradientCheck compares NumericalGradient with Gradient on the batch (x, t)
// and returns, per parameter, max |numerical − backprop|: the test to run
// before trusting a hand-derived backward pass (§5.7.3's gradient_check).
// On a 784-50-10 net and a few MNIST images each difference is below 1e-9;
// a wrong formula shows up as differences of the gradients' own size.
// It costs two forward passes per parameter: use a small batch.
func (n *TwoLayerNet) GradientCheck(x, t *tensor.Tensor) []ParamDiff {
	num, bp := n.NumericalGradient(x, t).list(), n.Gradient(x, t).list()
	diffs := make([]ParamDiff, len(num))
	for i := range num {
		diffs[i] = ParamDiff{ParamNames()[i], tensor.MaxAbsDiff(num[i], bp[i])}
	}
	return diffs
}
