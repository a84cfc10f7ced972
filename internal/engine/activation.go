package engine

import (
	"math"
)

// The activations of the tuned passes: network.Sigmoid and network.Softmax
// for one row at a time, on this package's exp.

// exp is e^x for the tuned passes, about twice as fast as math.Exp and,
// like it, within one unit in the last place of e^x. A training step takes
// ~12000 exponentials (sigmoid of 100×50 pre-activations and softmax of
// 100×10 scores, twice) and an evaluation 3.5 million.
//
// The method is the table-driven one of Tang (1989): write
// x = (64m + j)·ln2/64 + r with |r| ≤ ln2/128, so that
// e^x = 2^m · 2^(j/64) · e^r, take 2^(j/64) from a table of 64 values and
// e^r from its Taylor polynomial to r⁵ (the next term is below 4e-17), and
// build 2^m directly from its bits. No division, unlike math.Exp's rational
// approximation. Valid for |x| < 700, far beyond what the callers need;
// outside it math.Exp takes over.
func exp(x float64) float64 {
	const (
		shift  = 0x1.8p52 // adding it rounds to an integer, held in the low bits
		invL   = 64 / math.Ln2
		ln2Hi  = 0x1.62e42fef00000p-7  // ln2/64 to 33 bits: k·ln2Hi is exact
		ln2Lo  = 0x1.473de6af278edp-40 // ln2/64 − ln2Hi
		c2, c3 = 1.0 / 2, 1.0 / 6
		c4, c5 = 1.0 / 24, 1.0 / 120
	)
	if !(x > -700 && x < 700) {
		return math.Exp(x)
	}
	t := x*invL + shift
	k := int64(math.Float64bits(t)) - int64(math.Float64bits(shift))
	kf := t - shift
	r := (x - kf*ln2Hi) - kf*ln2Lo
	p := r + r*r*(c2+r*(c3+r*(c4+r*c5)))
	tj := exp2Table[k&63]
	scale := math.Float64frombits(uint64(k>>6+1023) << 52)
	return scale * (tj + tj*p)
}

// exp2Table[j] is 2^(j/64).
var exp2Table = func() (t [64]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / 64)
	}
	return t
}()

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
	return 1 / (1 + exp(-x))
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
	expShiftedRow(y, a, m)
	s := 0.0
	for _, e := range y {
		s += e
	}
	return s
}

// expShiftedRow sets y[k] = exp(a[k] − m) for every k: with
// GOEXPERIMENT=simd eight at a time, to the same bits (vector.go).
func expShiftedRow(y, a []float64, m float64) {
	for k := expShiftedVector(y, a, m); k < len(a); k++ {
		y[k] = exp(a[k] - m)
	}
}
