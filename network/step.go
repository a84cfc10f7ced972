package network

import (
	"fmt"
	"sort"

	"dlfs/tensor"
)

// A Trainer runs §4.5.2's training step on a TwoLayerNet, tuned for speed:
// the same arithmetic as Gradient, Loss and the update θ ← θ − lr·∂L/∂θ,
// with these differences, each measured by the benchmarks:
//
//   - The batch is a tensor.Sparse. MNIST pixels are 81% zero, and x·W1 and
//     xᵀ·δ1, nine tenths of a step's arithmetic, skip those terms: they add
//     exactly 0, so the sums are bit-identical to the dense ones.
//   - Work is done image by image where images are independent (a1 + b1,
//     the sigmoid, ·W2 + b2, the softmax, and the backward error of each
//     image), in one pass split across the cores, instead of one pass per
//     operation.
//   - In Step the products x·W1 and xᵀ·δ1 are split between the cores by
//     pixels instead, each core owning half of W1's rows (see gradient for
//     why), and each row of ∂L/∂W1 is followed at once by the step on the
//     same row of W1, while both are in cache. (Loss and Correct, which
//     write no weights, split x·W1 by images, with equal numbers of
//     non-zero pixels for the cores.)
//   - exp is this package's, ≈ 2× math.Exp's speed, within one ulp of it;
//     built with GOEXPERIMENT=simd, the hidden layer's sigmoids run eight
//     at a time in vector registers, to the same bits (vector.go).
//   - All buffers are kept, so a step allocates nothing.
//
// The results agree with the tutorial's Gradient and Loss to about 1e-15
// relatively (exp's last bits differ, and a1 is summed in two parts) and
// do not depend on the number of cores.
type Trainer struct {
	Net  *TwoLayerNet
	Grad Params // the gradient of the last Step or Gradient

	rows            int
	a1, z1, a2, y   *tensor.Tensor // (rows, H), (rows, H), (rows, C), (rows, C)
	dy, dz1         *tensor.Tensor // (rows, C), (rows, H)
	part            *tensor.Tensor // (rows, H): x·W1's part from the pixels of half 1
	x               *tensor.Sparse // the batch being worked on
	labels          []int
	split           int  // the first pixel of half 1
	halves          bool // a1 holds half 0's part of x·W1, part half 1's
	forwardRowsFn   func(lo, hi int)
	halfFn          func(lo, hi int)
	numHiddenFn     func(lo, hi int)
	rowCostFn       func(i int) int // the work of rows [0, i), for the split
	lr              float64         // the learning rate, within Step
	stepping        bool            // within Step: update the parameters
	hidden, classes int
	mode            mode // how far forward goes
	phase           phase
}

// A mode is how far the forward pass of a row goes.
type mode int

const (
	scores   mode = iota // a2: all Correct needs (softmax keeps the order)
	outputs              // y = softmax(a2): the loss
	backward             // and the row's error signals δ and δ1: the gradient
)

// A phase is what the two halves of the pixels do in a pass of halfFn.
type phase int

const (
	products phase = iota // their parts of x·W1, and their columns of x transposed
	gradient              // their rows of ∂L/∂W1 and share of the rest, the step, the new parts of x·W1
)

// NewTrainer returns a Trainer for net, the tuned form of §4.5.2's loop body.
func NewTrainer(net *TwoLayerNet) *Trainer {
	tr := &Trainer{Net: net, hidden: net.W1.Dim(1), classes: net.W2.Dim(1)}
	tr.Grad = Params{
		W1: tensor.Zeros(net.W1.Shape()...), B1: tensor.Zeros(net.B1.Shape()...),
		W2: tensor.Zeros(net.W2.Shape()...), B2: tensor.Zeros(net.B2.Shape()...),
	}
	tr.forwardRowsFn = tr.forwardRows
	tr.halfFn = tr.half
	tr.numHiddenFn = tr.numHidden
	tr.rowCostFn = func(i int) int { return tr.x.NNZBefore(i)*tr.hidden + i*tr.hidden*(tr.classes+30) }
	return tr
}

// resize sets the buffers for a batch of n rows, reallocating only when n
// changes.
func (tr *Trainer) resize(n int) {
	if n == tr.rows && tr.a1 != nil {
		return
	}
	tr.rows = n
	tr.a1, tr.z1, tr.dz1 = tensor.Zeros(n, tr.hidden), tensor.Zeros(n, tr.hidden), tensor.Zeros(n, tr.hidden)
	tr.a2, tr.y, tr.dy = tensor.Zeros(n, tr.classes), tensor.Zeros(n, tr.classes), tensor.Zeros(n, tr.classes)
	tr.part = tensor.Zeros(n, tr.hidden)
}

// forward computes a1, z1, a2 and, as far as m says, y, δ and δ1 for every
// row of x.
func (tr *Trainer) forward(x *tensor.Sparse, m mode) {
	if x.Cols() != tr.Net.W1.Dim(0) {
		panic(fmt.Sprintf("network: Trainer: batch of %d columns for W1 of shape %v", x.Cols(), tr.Net.W1.Shape()))
	}
	tr.resize(x.Rows())
	tr.x, tr.mode, tr.halves = x, m, false
	// Per row: ≈ 150 non-zero pixels × 50 hidden units, then 50 × 10 and
	// 50 exponentials, the cost of ≈ 30 multiply-adds each.
	work := x.NNZ()*tr.hidden + x.Rows()*tr.hidden*(tr.classes+30)
	tensor.ParallelForBalanced(x.Rows(), work, tr.rowCostFn, tr.forwardRowsFn)
}

// finish completes the forward pass, as far as m says, from the two
// halves' parts of x·W1 in a1 and part.
func (tr *Trainer) finish(m mode) {
	tr.mode, tr.halves = m, true
	n := tr.rows
	tensor.ParallelFor(n, 1, n*tr.hidden*(2*tr.classes+30), tr.forwardRowsFn)
	tr.halves = false
}

// forwardRows is the forward pass of rows [lo, hi) (§4.5.1's predict):
//
//	a1 = x·W1 + b1,  z1 = σ(a1),  a2 = z1·W2 + b2,  y = softmax(a2)
//
// and, for the gradient, each row's part of the backward pass (δ and δ1
// depend on the row alone), while its values are in cache.
func (tr *Trainer) forwardRows(lo, hi int) {
	h, c := tr.hidden, tr.classes
	b1, b2 := tr.Net.B1.Data(), tr.Net.B2.Data()
	for i := lo; i < hi; i++ {
		a1 := tr.a1.Data()[i*h : (i+1)*h]
		z1 := tr.z1.Data()[i*h : (i+1)*h]
		a2 := tr.a2.Data()[i*c : (i+1)*c]
		if tr.halves {
			part := tr.part.Data()[i*h : (i+1)*h][:len(a1)]
			for j := range a1 {
				a1[j] += part[j]
			}
		} else {
			tr.x.MulRowTo(a1, i, tr.Net.W1)
		}
		for j := range a1 {
			a1[j] += b1[j]
		}
		sigmoidRow(z1, a1)
		tensor.VecMatTo(a2, z1, tr.Net.W2)
		for k := range a2 {
			a2[k] += b2[k]
		}
		if tr.mode == scores {
			continue
		}
		softmaxRow(tr.y.Data()[i*c:(i+1)*c], a2)
		if tr.mode == backward {
			tr.backwardRow(i)
		}
	}
}

// sigmoidRow sets z[j] = sigmoidFast(a[j]) for every j: with
// GOEXPERIMENT=simd eight at a time, to the same bits (vector.go).
func sigmoidRow(z, a []float64) {
	for j := sigmoidVector(z, a); j < len(a); j++ {
		z[j] = sigmoidFast(a[j])
	}
}

// sigmoidFast is Sigmoid's element function with this package's exp.
func sigmoidFast(x float64) float64 {
	x = max(-SigmoidClip, min(SigmoidClip, x))
	return 1 / (1 + exp(-x))
}

// softmaxRow writes softmax(a) into y, as Softmax does for one row.
func softmaxRow(y, a []float64) {
	m := a[0]
	for _, v := range a[1:] {
		m = max(m, v)
	}
	s := 0.0
	for k, v := range a {
		y[k] = exp(v - m)
		s += y[k]
	}
	for k := range y {
		y[k] /= s
	}
}

// Loss returns the mini-batch cross-entropy loss E = −(1/N) Σ_n
// log(y_n,label_n + δ) of the net on (x, labels) (§4.2.4), as
// TwoLayerNet.Loss with label targets.
func (tr *Trainer) Loss(x *tensor.Sparse, labels []int) float64 {
	tr.forward(x, outputs)
	return CrossEntropyLabels(tr.y, labels)
}

// Gradient computes the backpropagation gradient ∂L/∂θ of the loss on the
// batch (x, labels) into tr.Grad and returns it, with the formulas of
// TwoLayerNet.Gradient (§4.5.1, derived in Chapter 5).
func (tr *Trainer) Gradient(x *tensor.Sparse, labels []int) *Params {
	tr.gradient(x, labels, false, 0)
	return &tr.Grad
}

// gradient is Gradient and, if step, the update θ ← θ − lr·∂L/∂θ of every
// parameter and the first part of the forward pass at the new parameters.
//
// The pixels are split in two halves with as many non-zero entries each,
// and each core works on its half's rows of W1 only: their part of every
// image's x·W1, their rows of ∂L/∂W1 = xᵀ·δ1, their update. Split by images
// instead, as an evaluation is, each core would read all of W1 right after
// the other has rewritten half of it, and wait for those cache lines to
// cross between the cores (measured: the kernel's CPU time a step, 694 µs
// that way, 552 µs this way; a step, 507 → 484 µs). The price is that a1 is
// the sum of two parts, rounded once more than the one-pass sum: a
// difference in the last bit, the same on any number of cores, since the
// halves are fixed by the batch alone.
func (tr *Trainer) gradient(x *tensor.Sparse, labels []int, step bool, lr float64) {
	if x.Cols() != tr.Net.W1.Dim(0) {
		panic(fmt.Sprintf("network: Trainer: batch of %d columns for W1 of shape %v", x.Cols(), tr.Net.W1.Shape()))
	}
	if len(labels) != x.Rows() {
		panic(fmt.Sprintf("network: Trainer: %d labels for a batch of %d", len(labels), x.Rows()))
	}
	tr.resize(x.Rows())
	tr.x, tr.labels, tr.stepping, tr.lr = x, labels, step, lr
	x.PrepareTMul()
	half := x.NNZ() / 2
	tr.split = sort.Search(x.Cols(), func(p int) bool { return x.NNZBeforeCol(p) >= half })
	work := x.NNZ() * tr.hidden
	tr.phase = products
	tensor.ParallelFor(2, 1, work, tr.halfFn)
	tr.finish(backward)
	tr.phase = gradient
	tensor.ParallelFor(2, 1, 2*work, tr.halfFn)
}

// half does the current phase's work of the pixel halves [lo, hi), 0 or 1
// or both. With the rows of ∂L/∂W1 each half computes its share of the
// rest of the gradient,
//
//	∂L/∂b1 = Σ_n δ1[n],  ∂L/∂W2 = z1ᵀ·δ,  ∂L/∂b2 = Σ_n δ[n].
//
// Within Step each parameter row is updated right after its gradient, and a
// W1 row whose pixel is zero in the whole batch, whose gradient is zero, is
// left as it is (about a third of them in an MNIST batch).
func (tr *Trainer) half(lo, hi int) {
	for k := lo; k < hi; k++ {
		p0, p1, part := 0, tr.split, tr.a1
		if k == 1 {
			p0, p1, part = tr.split, tr.x.Cols(), tr.part
		}
		if tr.phase == gradient {
			tr.w1Rows(p0, p1)
			tr.rest(k)
			if !tr.stepping {
				continue
			}
		} else {
			tr.x.TransposeCols(p0, p1)
		}
		h := tr.hidden
		for i := range tr.rows {
			tr.x.MulRowPartTo(part.Data()[i*h:(i+1)*h], i, p0, p1, tr.Net.W1)
		}
	}
}

// w1Rows computes rows [p0, p1) of ∂L/∂W1 = xᵀ·δ1 and, within Step, updates
// them.
func (tr *Trainer) w1Rows(p0, p1 int) {
	x, h := tr.x, tr.hidden
	g, w1 := tr.Grad.W1.Data(), tr.Net.W1.Data()
	for p := p0; p < p1; p++ {
		x.TMulRowTo(g[p*h:(p+1)*h], p, tr.dz1)
		if tr.stepping && x.NNZBeforeCol(p+1) > x.NNZBeforeCol(p) {
			sgd(w1[p*h:(p+1)*h], g[p*h:(p+1)*h], tr.lr)
		}
	}
}

// rest computes half k's share of the gradient of W2, b1 and b2 (half 0
// the first half of W2's rows, half 1 the others, b1 and b2) and, within
// Step, updates them.
func (tr *Trainer) rest(k int) {
	g, net := &tr.Grad, tr.Net
	h, c := tr.hidden, tr.classes
	j0, j1 := 0, h/2
	if k == 1 {
		j0, j1 = h/2, h
	}
	tensor.MatMulTransARowsTo(g.W2, tr.z1, tr.dy, j0, j1)
	if tr.stepping {
		sgd(net.W2.Data()[j0*c:j1*c], g.W2.Data()[j0*c:j1*c], tr.lr)
	}
	if k == 0 {
		return
	}
	tensor.SumTo(g.B1, tr.dz1, 0)
	tensor.SumTo(g.B2, tr.dy, 0)
	if tr.stepping {
		sgd(net.B1.Data(), g.B1.Data(), tr.lr)
		sgd(net.B2.Data(), g.B2.Data(), tr.lr)
	}
}

// backwardRow computes the error signals of row i:
//
//	δ = (y − t)/N,   δ1 = (δ·W2ᵀ) ⊙ σ'(a1),   σ'(a1) = (1 − z1) ⊙ z1
func (tr *Trainer) backwardRow(i int) {
	h, c := tr.hidden, tr.classes
	n := float64(tr.rows)
	y, dy := tr.y.Data()[i*c:(i+1)*c], tr.dy.Data()[i*c:(i+1)*c]
	for k, v := range y {
		t := 0.0
		if k == tr.labels[i] {
			t = 1
		}
		dy[k] = (v - t) / n
	}
	z1, dz1 := tr.z1.Data()[i*h:(i+1)*h], tr.dz1.Data()[i*h:(i+1)*h]
	// (δ·W2ᵀ)[j] = Σ_k δ[k]·W2[j][k], summed over k in order, five j at a
	// time so that five sums advance together instead of one waiting on
	// the addition before it (a step's profile: 50 → 14 µs of CPU a batch).
	w2 := tr.Net.W2.Data()
	j := 0
	for ; j+5 <= h; j += 5 {
		r0, r1, r2 := w2[j*c:(j+1)*c], w2[(j+1)*c:(j+2)*c], w2[(j+2)*c:(j+3)*c]
		r3, r4 := w2[(j+3)*c:(j+4)*c], w2[(j+4)*c:(j+5)*c]
		var s0, s1, s2, s3, s4 float64
		for k, d := range dy[:len(r0)] {
			s0 += d * r0[k]
			s1 += d * r1[k]
			s2 += d * r2[k]
			s3 += d * r3[k]
			s4 += d * r4[k]
		}
		zs := z1[j : j+5 : j+5]
		o := dz1[j : j+5 : j+5]
		o[0] = (1 - zs[0]) * zs[0] * s0
		o[1] = (1 - zs[1]) * zs[1] * s1
		o[2] = (1 - zs[2]) * zs[2] * s2
		o[3] = (1 - zs[3]) * zs[3] * s3
		o[4] = (1 - zs[4]) * zs[4] * s4
	}
	for ; j < h; j++ {
		s := 0.0
		for k, w := range w2[j*c : (j+1)*c] {
			s += dy[k] * w
		}
		dz1[j] = (1 - z1[j]) * z1[j] * s
	}
}

// Step is one update of §4.5.2: the gradient on the batch, the step
// θ ← θ − lr·∂L/∂θ for every parameter, then the loss on the same batch
// with the new parameters, which it returns.
func (tr *Trainer) Step(x *tensor.Sparse, labels []int, lr float64) float64 {
	tr.gradient(x, labels, true, lr)
	tr.finish(outputs)
	return CrossEntropyLabels(tr.y, labels)
}

// sgd is θ ← θ − lr·g, element by element (the book's
// params[key] -= learning_rate * grad[key]).
func sgd(theta, g []float64, lr float64) {
	g = g[:len(theta)]
	for i := range theta {
		theta[i] -= lr * g[i]
	}
}

// Correct returns how many rows of x the net classifies as labels say: the
// numerator of TwoLayerNet.Accuracy. The predicted class is the argmax of
// a2 rather than of softmax(a2): softmax keeps the order of the scores, so
// skipping it changes nothing but the time.
func (tr *Trainer) Correct(x *tensor.Sparse, labels []int) int {
	tr.forward(x, scores)
	c := tr.classes
	correct := 0
	for i, l := range labels[:x.Rows()] {
		a2 := tr.a2.Data()[i*c : (i+1)*c]
		best := 0
		for k, v := range a2 {
			if v > a2[best] {
				best = k
			}
		}
		if best == l {
			correct++
		}
	}
	return correct
}
