package network

import (
	"fmt"
	"math"

	"dlfs/tensor"
)

// NumericalGradient returns the numerical gradient of the loss on the batch
// (x, labels), into tr.Grad: for every parameter θ the central difference
//
//	(L(θ+h) − L(θ−h)) / 2h,   h = H = 1e-4,
//
// of the true batch loss L = (1/N) Σ_n ℓ_n, exactly what
// TwoLayerNet.NumericalGradient computes, thousands of times faster. It uses
// no backpropagation formula; the speed comes from computing only what a
// perturbation changes:
//
//   - Perturbing W1[i][j] changes the pre-activation a1[n][j] by ±h·x[n][i],
//     and nothing else before it, so only the samples whose pixel i is
//     non-zero (19 in 100 on average) see a different loss. For those, the
//     new loss needs one sigmoid, the 10 scores a2[n][k] + Δz·W2[j][k] and
//     one softmax; every other sample's ℓ_n is bit-for-bit the same in
//     L(θ+h) and L(θ−h) and cancels. So L(θ+h) − L(θ−h) is
//     (1/N) Σ over the affected samples of (ℓ_n(θ+h) − ℓ_n(θ−h)), and a
//     pixel that is zero throughout the batch gets exactly 0, as the full
//     formula gives.
//   - b1[j] is W1[i][j] with an input of 1 for every sample.
//   - W2[j][k] and b2[k] change only the score a2[n][k], by ±h·z1[n][j] and
//     ±h: one softmax per sample.
//
// The result differs from the full recomputation only by rounding (agreeing
// within 1e-10; the tests check it), and it even avoids the cancellation of
// subtracting two nearly equal batch losses. The cores split the hidden
// units between them. One update of the book's network costs about
// 3 million small per-sample evaluations instead of 79520 forward passes.
func (tr *Trainer) NumericalGradient(x *tensor.Sparse, labels []int) *Params {
	if len(labels) != x.Rows() {
		panic(fmt.Sprintf("network: NumericalGradient: %d labels for a batch of %d", len(labels), x.Rows()))
	}
	if tr.classes > maxClasses {
		panic(fmt.Sprintf("network: NumericalGradient: %d classes, at most %d", tr.classes, maxClasses))
	}
	tr.forward(x, outputs)
	x.Transpose()
	tr.labels = labels
	// Each W1 entry costs ~12 exponentials for each of its samples.
	tensor.ParallelFor(tr.hidden, 1, 2*x.NNZ()*tr.hidden*50, tr.numHiddenFn)
	tr.numOutput()
	return &tr.Grad
}

// StepNumerical is Step with the numerical gradient: the update of §4.5.2
// as the book first writes it, with gradient = numerical_gradient. It
// returns the loss on the batch after the update.
func (tr *Trainer) StepNumerical(x *tensor.Sparse, labels []int, lr float64) float64 {
	g := tr.NumericalGradient(x, labels).list()
	for i, p := range tr.Net.list() {
		sgd(p.Data(), g[i].Data(), lr)
	}
	return tr.Loss(x, labels)
}

// maxClasses bounds the output size for the scores' stack buffer.
const maxClasses = 64

// numHidden fills the numerical gradient of W1[:, j], b1[j] and W2[j, :]
// for the hidden units j in [lo, hi).
func (tr *Trainer) numHidden(lo, hi int) {
	n := tr.rows
	h, c := tr.hidden, tr.classes
	a1, z1, a2 := tr.a1.Data(), tr.z1.Data(), tr.a2.Data()
	w2 := tr.Net.W2.Data()
	gW1, gb1, gW2 := tr.Grad.W1.Data(), tr.Grad.B1.Data(), tr.Grad.W2.Data()
	var buf [maxClasses]float64
	scores := buf[:c]
	// lossAt is ℓ_n when a1[n][j] becomes a: the sigmoid, then the scores
	// moved by the change of z1[n][j] through row j of W2.
	lossAt := func(sample, j int, a float64) float64 {
		dz := sigmoidFast(a) - z1[sample*h+j]
		for k := range scores {
			scores[k] = a2[sample*c+k] + dz*w2[j*c+k]
		}
		return sampleLoss(scores, tr.labels[sample])
	}
	for j := lo; j < hi; j++ {
		for i := range tr.x.Cols() {
			rows, vals := tr.x.Col(i)
			diff := 0.0
			for q, r := range rows {
				s, v := int(r), vals[q]
				diff += lossAt(s, j, a1[s*h+j]+H*v) - lossAt(s, j, a1[s*h+j]-H*v)
			}
			gW1[i*h+j] = diff / float64(n) / (2 * H)
		}
		diff := 0.0
		for s := range n {
			diff += lossAt(s, j, a1[s*h+j]+H) - lossAt(s, j, a1[s*h+j]-H)
		}
		gb1[j] = diff / float64(n) / (2 * H)
		for k := range c {
			diff := 0.0
			for s := range n {
				z := z1[s*h+j]
				diff += tr.scoreLoss(scores, s, k, H*z) - tr.scoreLoss(scores, s, k, -H*z)
			}
			gW2[j*c+k] = diff / float64(n) / (2 * H)
		}
	}
}

// numOutput fills the numerical gradient of b2.
func (tr *Trainer) numOutput() {
	var buf [maxClasses]float64
	scores := buf[:tr.classes]
	for k := range tr.classes {
		diff := 0.0
		for s := range tr.rows {
			diff += tr.scoreLoss(scores, s, k, H) - tr.scoreLoss(scores, s, k, -H)
		}
		tr.Grad.B2.Data()[k] = diff / float64(tr.rows) / (2 * H)
	}
}

// scoreLoss is ℓ_s when the score a2[s][k] moves by d, using scores as
// scratch space.
func (tr *Trainer) scoreLoss(scores []float64, s, k int, d float64) float64 {
	c := tr.classes
	copy(scores, tr.a2.Data()[s*c:(s+1)*c])
	scores[k] += d
	return sampleLoss(scores, tr.labels[s])
}

// sampleLoss is one sample's cross-entropy −log(softmax(a)[label] + δ),
// computed as softmaxRow and CrossEntropyLabels compute it.
func sampleLoss(a []float64, label int) float64 {
	m := a[0]
	for _, v := range a[1:] {
		m = max(m, v)
	}
	s, yc := 0.0, 0.0
	for k, v := range a {
		e := exp(v - m)
		s += e
		if k == label {
			yc = e
		}
	}
	return -math.Log(yc/s + CrossEntropyDelta)
}
