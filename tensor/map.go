package tensor

import (
	"dlfs/internal/kernel"
	"dlfs/internal/parallel"
)

// Map returns f applied to every element: Map(a, math.Sqrt). f must be a
// function of its argument alone, as numpy's element-wise functions are:
// on a large tensor the cores share the elements, so f is called from
// several goroutines at once and in no particular order.
func Map(a *Tensor, f func(float64) float64) *Tensor {
	out := Zeros(a.shape...)
	parallel.For(len(a.data), 1, len(a.data)*mapWork, parallel.Func(func(lo, hi int) {
		for i, x := range a.data[lo:hi] {
			out.data[lo+i] = f(x)
		}
	}))
	return out
}

// mapWork is what an element of Map is reckoned to cost, in the
// multiply-adds parallel.For counts: a call of a function such as Exp.
// The sigmoid of a batch's hidden layer, 5000 elements, is shared between
// the cores; a softmax's exponentials, a thousand, are not.
const mapWork = 16

// Exp returns e^x for every element (np.exp): Exp([0 1]) is
// [1 2.718281828459045]. It computes the project's own e^x, the same bits
// on every platform, not math.Exp, whose last bit the platform decides
// (internal/kernel says why).
func Exp(a *Tensor) *Tensor { return Map(a, kernel.Exp) }

// Log returns the natural logarithm of every element (np.log); log 0 is
// −Inf. Like Exp, the project's own, the same bits on every platform.
func Log(a *Tensor) *Tensor { return Map(a, kernel.Log) }

// Neg returns −x for every element.
func Neg(a *Tensor) *Tensor { return Map(a, func(x float64) float64 { return -x }) }

// Clip limits every element to [lo, hi] (np.clip): Clip([-5 0 5], -1, 1) is
// [-1 0 1]. NaN stays NaN.
func Clip(a *Tensor, lo, hi float64) *Tensor {
	return Map(a, func(x float64) float64 { return minNaN(maxNaN(x, lo), hi) })
}
