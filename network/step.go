package network

import (
	"fmt"

	"dlfs/tensor"
)

// A Trainer runs §4.5.2's training step on a TwoLayerNet, tuned for speed:
// the same arithmetic as Gradient, Loss and the update θ ← θ − lr·∂L/∂θ,
// with these differences, each measured by the benchmarks:
//
//   - The batch is a tensor.Sparse. MNIST pixels are 81% zero, and x·W1 and
//     xᵀ·δ1, nine tenths of a step's arithmetic, skip those terms: they add
//     exactly 0, so the sums are bit-identical to the dense ones.
//   - Work is done row by row where rows are independent (x·W1 + b1, the
//     sigmoid, ·W2 + b2, the softmax; the backward error of each image), in
//     one pass split across the cores, instead of one pass per operation;
//     the cores get equal numbers of non-zero pixels, not of rows.
//   - Each row of ∂L/∂W1 is followed at once by the step on the same row
//     of W1, while both are in cache.
//   - exp is this package's, ≈ 2× math.Exp's speed, within one ulp of it.
//   - All buffers are kept, so a step allocates nothing.
//
// The results agree with the tutorial's Gradient and Loss to about 1e-15
// relatively (only exp's last bits differ) and do not depend on the number
// of cores.
type Trainer struct {
	Net  *TwoLayerNet
	Grad Params // the gradient of the last Step or Gradient

	rows            int
	a1, z1, a2, y   *tensor.Tensor // (rows, H), (rows, H), (rows, C), (rows, C)
	dy, dz1         *tensor.Tensor // (rows, C), (rows, H)
	x               *tensor.Sparse // the batch being worked on
	labels          []int
	forwardRowsFn   func(lo, hi int)
	backwardRowsFn  func(lo, hi int)
	w1RowsFn        func(lo, hi int)
	numHiddenFn     func(lo, hi int)
	rowCostFn       func(i int) int // the work of rows [0, i), for the split
	colCostFn       func(p int) int // the work of W1 rows [0, p)
	lr              float64         // within Step: the learning rate, for w1Rows
	hidden, classes int
	scoresOnly      bool // forward stops at a2: Correct needs no softmax
}

// NewTrainer returns a Trainer for net, the tuned form of §4.5.2's loop body.
func NewTrainer(net *TwoLayerNet) *Trainer {
	tr := &Trainer{Net: net, hidden: net.W1.Dim(1), classes: net.W2.Dim(1)}
	tr.Grad = Params{
		W1: tensor.Zeros(net.W1.Shape()...), B1: tensor.Zeros(net.B1.Shape()...),
		W2: tensor.Zeros(net.W2.Shape()...), B2: tensor.Zeros(net.B2.Shape()...),
	}
	tr.forwardRowsFn = tr.forwardRows
	tr.backwardRowsFn = tr.backwardRows
	tr.w1RowsFn = tr.w1Rows
	tr.numHiddenFn = tr.numHidden
	tr.rowCostFn = func(i int) int { return tr.x.NNZBefore(i)*tr.hidden + i*tr.hidden*(tr.classes+30) }
	tr.colCostFn = func(p int) int { return tr.x.NNZBeforeCol(p)*tr.hidden + p*tr.hidden }
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
}

// forward computes a1, z1, a2 and, with softmax, y for every row of x.
func (tr *Trainer) forward(x *tensor.Sparse) {
	if x.Cols() != tr.Net.W1.Dim(0) {
		panic(fmt.Sprintf("network: Trainer: batch of %d columns for W1 of shape %v", x.Cols(), tr.Net.W1.Shape()))
	}
	tr.resize(x.Rows())
	tr.x = x
	// Per row: ≈ 150 non-zero pixels × 50 hidden units, then 50 × 10 and
	// 50 exponentials, the cost of ≈ 30 multiply-adds each.
	work := x.NNZ()*tr.hidden + x.Rows()*tr.hidden*(tr.classes+30)
	tensor.ParallelForBalanced(x.Rows(), work, tr.rowCostFn, tr.forwardRowsFn)
}

// forwardRows is the forward pass of rows [lo, hi) (§4.5.1's predict):
//
//	a1 = x·W1 + b1,  z1 = σ(a1),  a2 = z1·W2 + b2,  y = softmax(a2)
func (tr *Trainer) forwardRows(lo, hi int) {
	h, c := tr.hidden, tr.classes
	b1, w2, b2 := tr.Net.B1.Data(), tr.Net.W2.Data(), tr.Net.B2.Data()
	for i := lo; i < hi; i++ {
		a1 := tr.a1.Data()[i*h : (i+1)*h]
		z1 := tr.z1.Data()[i*h : (i+1)*h]
		a2 := tr.a2.Data()[i*c : (i+1)*c]
		tr.x.MulRowTo(a1, i, tr.Net.W1)
		for j := range a1 {
			a1[j] += b1[j]
			z1[j] = sigmoidFast(a1[j])
		}
		// z1·W2 summed over j in order, as the naive product does.
		clear(a2)
		for j, z := range z1 {
			for k, w := range w2[j*c : (j+1)*c] {
				a2[k] += z * w
			}
		}
		for k := range a2 {
			a2[k] += b2[k]
		}
		if !tr.scoresOnly {
			softmaxRow(tr.y.Data()[i*c:(i+1)*c], a2)
		}
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
	tr.forward(x)
	return CrossEntropyLabels(tr.y, labels)
}

// Gradient computes the backpropagation gradient ∂L/∂θ of the loss on the
// batch (x, labels) into tr.Grad and returns it, with the formulas of
// TwoLayerNet.Gradient (§4.5.1, derived in Chapter 5).
func (tr *Trainer) Gradient(x *tensor.Sparse, labels []int) *Params {
	if len(labels) != x.Rows() {
		panic(fmt.Sprintf("network: Trainer: %d labels for a batch of %d", len(labels), x.Rows()))
	}
	tr.forward(x)
	tr.labels = labels
	n := x.Rows()
	tensor.ParallelFor(n, 1, n*tr.hidden*tr.classes*2, tr.backwardRowsFn)
	g := &tr.Grad
	tensor.MatMulTransATo(g.W2, tr.z1, tr.dy) // z1ᵀ·δ
	tensor.SumTo(g.B2, tr.dy, 0)
	tensor.SumTo(g.B1, tr.dz1, 0)
	// xᵀ·δ1, the rows of ∂L/∂W1, and in Step each row's update right after.
	x.PrepareTMul()
	tensor.ParallelForBalanced(x.Cols(), x.NNZ()*tr.hidden, tr.colCostFn, tr.w1RowsFn)
	return g
}

// w1Rows computes rows [lo, hi) of ∂L/∂W1 = xᵀ·δ1 and, within Step, takes
// the gradient-descent step on the same rows of W1 while they are in cache.
func (tr *Trainer) w1Rows(lo, hi int) {
	tr.x.TMulRowsTo(tr.Grad.W1, tr.dz1, lo, hi)
	if tr.lr != 0 {
		h := tr.hidden
		sgd(tr.Net.W1.Data()[lo*h:hi*h], tr.Grad.W1.Data()[lo*h:hi*h], tr.lr)
	}
}

// backwardRows computes the error signals of rows [lo, hi):
//
//	δ = (y − t)/N,   δ1 = (δ·W2ᵀ) ⊙ σ'(a1),   σ'(a1) = (1 − z1) ⊙ z1
func (tr *Trainer) backwardRows(lo, hi int) {
	h, c := tr.hidden, tr.classes
	n := float64(tr.rows)
	w2 := tr.Net.W2.Data()
	for i := lo; i < hi; i++ {
		y, dy := tr.y.Data()[i*c:(i+1)*c], tr.dy.Data()[i*c:(i+1)*c]
		for k, v := range y {
			t := 0.0
			if k == tr.labels[i] {
				t = 1
			}
			dy[k] = (v - t) / n
		}
		z1, dz1 := tr.z1.Data()[i*h:(i+1)*h], tr.dz1.Data()[i*h:(i+1)*h]
		for j, z := range z1 {
			s := 0.0
			for k, w := range w2[j*c : (j+1)*c] {
				s += dy[k] * w
			}
			dz1[j] = (1 - z) * z * s
		}
	}
}

// Step is one update of §4.5.2: the gradient on the batch, the step
// θ ← θ − lr·∂L/∂θ for every parameter, then the loss on the same batch
// with the new parameters, which it returns.
func (tr *Trainer) Step(x *tensor.Sparse, labels []int, lr float64) float64 {
	tr.lr = lr // W1 is updated inside Gradient, row by row
	tr.Gradient(x, labels)
	tr.lr = 0
	sgd(tr.Net.B1.Data(), tr.Grad.B1.Data(), lr)
	sgd(tr.Net.W2.Data(), tr.Grad.W2.Data(), lr)
	sgd(tr.Net.B2.Data(), tr.Grad.B2.Data(), lr)
	return tr.Loss(x, labels)
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
	tr.scoresOnly = true
	tr.forward(x)
	tr.scoresOnly = false
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
