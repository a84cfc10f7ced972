package network

import (
	"dlfs/tensor"
)

// SimpleNet is the one-layer network of §4.4.2: a 2×3 weight W, no bias,
// and a softmax output. It exists to show the gradient of a loss with
// respect to a weight matrix: dW has W's shape, and dW[i][j] says how much
// the loss moves when W[i][j] moves by a little.
type SimpleNet struct {
	W *tensor.Tensor // (2, 3)
}

// NewSimpleNet returns a SimpleNet whose weights are standard normal
// samples from rng, as the book's np.random.randn(2, 3) (§4.4.2).
func NewSimpleNet(rng tensor.NormalSource) *SimpleNet {
	return &SimpleNet{W: tensor.RandN(rng, 2, 3)}
}

// Predict returns the scores x·W (§4.4.2): a 2-vector x gives 3.
func (n *SimpleNet) Predict(x *tensor.Tensor) *tensor.Tensor { return tensor.Dot(x, n.W) }

// Loss returns E = CrossEntropyError(softmax(x·W), t) (§4.4.2).
func (n *SimpleNet) Loss(x, t *tensor.Tensor) float64 {
	return CrossEntropyError(Softmax(n.Predict(x)), t)
}

// NumericalGradient returns ∂L/∂W, the book's numerical_gradient(f, net.W)
// with f the loss closure.
func (n *SimpleNet) NumericalGradient(x, t *tensor.Tensor) *tensor.Tensor {
	f := func(w *tensor.Tensor) float64 { return n.Loss(x, t) }
	return NumericalGradient(f, n.W)
}
