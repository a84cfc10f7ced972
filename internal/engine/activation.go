package engine

import "dlfs/internal/kernel"

// The activations of the tuned passes: network.Sigmoid and network.Softmax
// for one row at a time, on the project's own exp (kernel.Exp), as the
// book layer's tensor.Exp.

// sigmoidRow sets z[j] = sigmoidFast(a[j]) for every j: with
// GOEXPERIMENT=simd eight at a time, to the same bits (vector.go).
func sigmoidRow(z, a []float64) {
	for j := sigmoidVector(z, a); j < len(a); j++ {
		z[j] = sigmoidFast(a[j])
	}
}

// sigmoidClip, ln(1e15), bounds the engine's sigmoid input: the learner's
// memo clips there (to keep numpy's exp from overflowing with a warning),
// and `go run .` keeps the memo's sigmoid so that its numbers stay those
// it has always printed. Go needs no clip (1/(1+Inf) is exactly 0), and
// the book's formula (network.Sigmoid) has none: past ±sigmoidClip the two
// differ by less than 1.2e-15 (TestSigmoidClip), and a trained MNIST
// network's a1 never gets there.
const sigmoidClip = 34.538776394910684

// sigmoidFast is network.Sigmoid's element function with this package's
// exp, its input clipped to ±sigmoidClip.
func sigmoidFast(x float64) float64 {
	x = max(-sigmoidClip, min(sigmoidClip, x))
	return 1 / (1 + kernel.Exp(-x))
}

// softmaxRow writes softmax(a) into y, as network.Softmax does for one row.
func softmaxRow(y, a []float64) {
	s := expsAndSum(y, a)
	for k := range y {
		y[k] /= s
	}
}

// expsAndSum sets y[k] = exp(a[k] − max a), the softmax's numerators
// shifted for safety (§3.5.2), and returns their sum, added in order.
func expsAndSum(y, a []float64) float64 {
	m := a[0]
	for _, v := range a[1:] {
		m = max(m, v)
	}
	kernel.ExpShifted(y, a, m)
	s := 0.0
	for _, e := range y {
		s += e
	}
	return s
}
