package engine

import (
	"fmt"

	"dlfs/internal/kernel"
	"dlfs/internal/parallel"
	"dlfs/network"
)

// NumericalGradient returns the numerical gradient of the loss on the batch
// (x, t), into tr.Grad: for every parameter θ the central difference
//
//	(L(θ+h) − L(θ−h)) / 2h,   h = network.H = 1e-4,
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
func (tr *Trainer) NumericalGradient(x *Sparse, t []int) *network.Params {
	if len(t) != x.Rows() {
		panic(fmt.Sprintf("engine: NumericalGradient: %d labels for a batch of %d", len(t), x.Rows()))
	}
	if tr.classes > maxClasses {
		panic(fmt.Sprintf("engine: NumericalGradient: %d classes, at most %d", tr.classes, maxClasses))
	}
	tr.output(x)
	x.transpose()
	tr.numerical = numericalPass{net: tr.Net, grad: &tr.Grad, act: &tr.act, x: x, t: t}
	// Each W1 entry costs ~12 exponentials for each of its samples.
	parallel.For(tr.hidden, 1, 2*x.NNZ()*tr.hidden*50, &tr.numerical)
	tr.numerical.b2()
	return &tr.Grad
}

// Apply takes the step θ ← θ − lr·∂L/∂θ for every parameter, with the
// gradient in tr.Grad.
func (tr *Trainer) Apply(lr float64) {
	g := &tr.Grad
	for _, p := range [][2][]float64{
		{tr.Net.W1.Data(), g.W1.Data()}, {tr.Net.B1.Data(), g.B1.Data()},
		{tr.Net.W2.Data(), g.W2.Data()}, {tr.Net.B2.Data(), g.B2.Data()},
	} {
		sgd(p[0], p[1], lr)
	}
}

// maxClasses bounds the output size for the scores' stack buffer.
const maxClasses = 64

// numericalPass fills the numerical gradient of W1[:, j], b1[j] and
// W2[j, :] for the hidden units j in [lo, hi), from the batch's a1, z1
// and a2 at the current parameters.
type numericalPass struct {
	net  *network.TwoLayerNet
	grad *network.Params
	act  *activations
	x    *Sparse // in column form
	t    []int
}

func (p *numericalPass) Run(lo, hi int) {
	const h2 = 2 * network.H
	n := p.x.Rows()
	h, c := p.net.W1.Dim(1), p.net.W2.Dim(1)
	a1, z1, a2 := p.act.a1.Data(), p.act.z1.Data(), p.act.a2.Data()
	w2 := p.net.W2.Data()
	gW1, gb1, gW2 := p.grad.W1.Data(), p.grad.B1.Data(), p.grad.W2.Data()
	var buf [maxClasses]float64
	scores := buf[:c]
	// lossAt is ℓ_n when a1[n][j] becomes a: the sigmoid, then the scores
	// moved by the change of z1[n][j] through row j of W2.
	lossAt := func(sample, j int, a float64) float64 {
		dz := sigmoidFast(a) - z1[sample*h+j]
		for k := range scores {
			scores[k] = a2[sample*c+k] + float64(dz*w2[j*c+k])
		}
		return sampleLoss(scores, p.t[sample])
	}
	var plus, minus [lossGroup]float64
	var lanes laneScores // lossesVector's scratch, kept across its calls
	for j := lo; j < hi; j++ {
		for i := range p.x.Cols() {
			rows, code := p.x.col(i)
			diff := 0.0
			for q0 := 0; q0 < len(rows); q0 += lossGroup {
				// The losses of a group of samples at a1 ± h·x, eight at a
				// time in vector registers where the build has them (the
				// same bits), then added to diff in order.
				q1 := min(q0+lossGroup, len(rows))
				done := p.lossesVector(plus[:], minus[:], rows[q0:q1], code[q0:q1], j, &lanes)
				for q := q0 + done; q < q1; q++ {
					s, v := int(rows[q]), p.x.level[code[q]]
					plus[q-q0] = lossAt(s, j, a1[s*h+j]+float64(network.H*v))
					minus[q-q0] = lossAt(s, j, a1[s*h+j]-float64(network.H*v))
				}
				for q := range q1 - q0 {
					diff += plus[q] - minus[q]
				}
			}
			gW1[i*h+j] = diff / float64(n) / h2
		}
		diff := 0.0
		for s := range n {
			diff += lossAt(s, j, a1[s*h+j]+network.H) - lossAt(s, j, a1[s*h+j]-network.H)
		}
		gb1[j] = diff / float64(n) / h2
		for k := range c {
			diff := 0.0
			for s := range n {
				z := z1[s*h+j]
				diff += p.scoreLoss(scores, s, k, network.H*z) - p.scoreLoss(scores, s, k, -network.H*z)
			}
			gW2[j*c+k] = diff / float64(n) / h2
		}
	}
}

// laneScores holds, for each class, the scores of lossesVector's eight
// lanes.
type laneScores [maxClasses][8]float64

// lossGroup is how many samples' losses the W1 loop computes before adding
// their differences: four, the eight losses at a1 ± h·x filling one vector.
const lossGroup = 4

// b2 fills the numerical gradient of b2.
func (p *numericalPass) b2() {
	n, c := p.x.Rows(), p.net.W2.Dim(1)
	var buf [maxClasses]float64
	scores := buf[:c]
	for k := range c {
		diff := 0.0
		for s := range n {
			diff += p.scoreLoss(scores, s, k, network.H) - p.scoreLoss(scores, s, k, -network.H)
		}
		p.grad.B2.Data()[k] = diff / float64(n) / (2 * network.H)
	}
}

// scoreLoss is ℓ_s when the score a2[s][k] moves by d, using scores as
// scratch space.
func (p *numericalPass) scoreLoss(scores []float64, s, k int, d float64) float64 {
	c := len(scores)
	copy(scores, p.act.a2.Data()[s*c:(s+1)*c])
	scores[k] += d
	return sampleLoss(scores, p.t[s])
}

// sampleLoss is one sample's cross-entropy −log(softmax(a)[label] + δ),
// computed as softmaxRow and batchLoss compute it. The
// scores a are scratch: it overwrites them with their exponentials.
func sampleLoss(a []float64, label int) float64 {
	s := expsAndSum(a, a)
	return -kernel.Log(a[label]/s + network.CrossEntropyDelta)
}
