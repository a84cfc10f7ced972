package tensor

import "dlfs/internal/kernel"

// Map returns f applied to every element: Map(a, math.Sqrt).
func Map(a *Tensor, f func(float64) float64) *Tensor {
	out := Zeros(a.shape...)
	for i, x := range a.data {
		out.data[i] = f(x)
	}
	return out
}

// Exp returns e^x for every element (np.exp): Exp([0 1]) is
// [1 2.718281828459045]. It computes the project's own e^x, the same bits
// on every platform, not math.Exp, whose last bit the platform decides;
// the cores share a large tensor's elements (internal/kernel).
func Exp(a *Tensor) *Tensor {
	out := Zeros(a.shape...)
	kernel.ExpTo(out.data, a.data)
	return out
}

// Log returns the natural logarithm of every element (np.log); log 0 is
// −Inf. Like Exp, the project's own, the same bits on every platform.
func Log(a *Tensor) *Tensor { return Map(a, kernel.Log) }

// Neg returns −x for every element (numpy's -a): the sign flipped, so
// −0 for 0 and NaN stays NaN.
func Neg(a *Tensor) *Tensor {
	out := Zeros(a.shape...)
	for i, x := range a.data {
		out.data[i] = -x
	}
	return out
}

// Clip limits every element to [lo, hi] (np.clip): Clip([-5 0 5], -1, 1) is
// [-1 0 1]. NaN stays NaN; with lo > hi every other element becomes hi, as
// numpy's min(max(x, lo), hi) has it; a NaN bound makes every element NaN.
func Clip(a *Tensor, lo, hi float64) *Tensor {
	return Map(a, func(x float64) float64 { return minNaN(maxNaN(x, lo), hi) })
}
