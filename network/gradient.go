package network

import "dlfs/tensor"

// Function2 is f(x0, x1) = x0² + x1² (§4.3.3, equation 4.6), for a
// 2-vector x. Its gradient is (2x0, 2x1) and its minimum is at (0, 0).
func Function2(x *tensor.Tensor) float64 {
	d := x.Data()
	return d[0]*d[0] + d[1]*d[1]
}

// NumericalGradient returns ∂f/∂x for every element of x by central
// differences (§4.4, the book's numerical_gradient), for a tensor of any
// rank. f takes no argument: it must read x itself, typically a closure over
// the network whose weights x is. Each element in turn is set to x+h, then
// x−h, and restored exactly, so x is bit-identical afterwards:
//
//	grad[i] = (f() with x[i]+h − f() with x[i]−h) / 2h
//
// The book passes a dummy argument W that its loss closure never reads;
// leaving it out shows what really happens: f sees the change through the
// storage it shares with x.
func NumericalGradient(f func() float64, x *tensor.Tensor) *tensor.Tensor {
	grad := tensor.Zeros(x.Shape()...)
	xd, gd := x.Data(), grad.Data()
	for i, tmp := range xd {
		xd[i] = tmp + H
		fxh1 := f()
		xd[i] = tmp - H
		fxh2 := f()
		gd[i] = (fxh1 - fxh2) / (2 * H)
		xd[i] = tmp
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
		grad := NumericalGradient(func() float64 { return f(x) }, x)
		x = tensor.Sub(x, tensor.MulScalar(grad, lr))
	}
	return x, history
}
