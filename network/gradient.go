package network

import "dlfs/tensor"

// Function2 is f(x0, x1) = x0² + x1² (§4.3.3, equation 4.6), for a
// 2-vector x. Its gradient is (2x0, 2x1) and its minimum is at (0, 0).
func Function2(x *tensor.Tensor) float64 {
	d := x.Data()
	return float64(d[0]*d[0]) + float64(d[1]*d[1])
}

// NumericalGradient returns ∂f/∂x for every element of x by central
// differences (§4.4, common/gradient.py's numerical_gradient), for a tensor
// of any rank. Each element in turn is set to x+h, then x−h, and restored
// exactly, so x is bit-identical afterwards:
//
//	grad[i] = (f(x) with x[i]+h − f(x) with x[i]−h) / 2h
//
// As in the book, f is called with x; a network's loss closure ignores it
// (the book's lambda W: net.loss(x, t)) and sees the change through the
// weights x is. The learner's memo drops that dummy argument; the numbers
// are the same.
func NumericalGradient(f func(x *tensor.Tensor) float64, x *tensor.Tensor) *tensor.Tensor {
	grad := tensor.Zeros(x.Shape()...)
	xd, gd := x.Data(), grad.Data()
	for idx, tmpVal := range xd {
		xd[idx] = tmpVal + H
		fxh1 := f(x) // f(x+h)
		xd[idx] = tmpVal - H
		fxh2 := f(x) // f(x-h)
		gd[idx] = (fxh1 - fxh2) / (2 * H)
		xd[idx] = tmpVal // the value restored
	}
	return grad
}

// GradientDescent minimizes f from init by taking steps times
// x ← x − lr·∇f(x), with the gradient from NumericalGradient (§4.4.1,
// equation 4.7). It returns the final point and the history of points
// before each step; init itself is not modified. From (−3, 4) on Function2,
// 100 steps of lr 0.1 reach (−6.1e-10, 8.1e-10), close to the minimum;
// lr 10 diverges to about (−2.6e13, −1.3e12), and lr 1e-10 barely moves.
func GradientDescent(f func(x *tensor.Tensor) float64, init *tensor.Tensor, lr float64, steps int) (x *tensor.Tensor, history []*tensor.Tensor) {
	x = init.Clone()
	for range steps {
		history = append(history, x.Clone())
		grad := NumericalGradient(f, x)
		x = tensor.Sub(x, tensor.MulScalar(grad, lr))
	}
	return x, history
}
