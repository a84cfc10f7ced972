package network

import "dlfs/tensor"

// Sigmoid returns σ(x) = 1 / (1 + exp(−x)) for every element (§3.2.4),
// common/functions.py's sigmoid, written as it is:
//
//	return 1 / (1 + np.exp(-x))
//
// σ(0) = 0.5. Below x = −709.78, exp(−x) overflows to +Inf and σ(x) is
// exactly 0, the formula's limit; numpy gets the same 0 with an overflow
// warning. The learner's memo clips x to ±34.54 first to silence it; the
// book does not, and neither does this.
func Sigmoid(x *tensor.Tensor) *tensor.Tensor {
	return tensor.Div(tensor.Scalar(1), tensor.AddScalar(tensor.Exp(tensor.Neg(x)), 1))
}

// SigmoidGrad returns the derivative σ'(x) = (1.0 − σ(x))·σ(x) for every
// element, common/functions.py's sigmoid_grad, which backpropagation
// through the hidden layer needs (§5.5.2):
//
//	return (1.0 - sigmoid(x)) * sigmoid(x)
func SigmoidGrad(x *tensor.Tensor) *tensor.Tensor {
	return tensor.Mul(tensor.Sub(tensor.Scalar(1.0), Sigmoid(x)), Sigmoid(x))
}

// Softmax returns y_k = exp(x_k − max x) / Σ_i exp(x_i − max x) along the
// last axis (§3.5.2): of a vector, or of every row of a batch. Subtracting
// the maximum changes nothing mathematically and keeps exp from
// overflowing. Softmax of [0.3 2.9 4.0] is [0.01821127 0.24519181
// 0.73659691]. The two lines are common/functions.py's softmax:
//
//	x = x - np.max(x, axis=-1, keepdims=True)
//	return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)
func Softmax(x *tensor.Tensor) *tensor.Tensor {
	x = tensor.Sub(x, tensor.Max(x, -1, true))
	return tensor.Div(tensor.Exp(x), tensor.Sum(tensor.Exp(x), -1, true))
}
