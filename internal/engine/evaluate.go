package engine

import (
	"sync"
	"sync/atomic"

	"dlfs/internal/kernel"
	"dlfs/internal/parallel"
	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
)

// evalChunk is how many images an evaluation predicts at once: enough to
// split across cores, few enough that the buffers (≈ 1.5 MB) stay in cache.
const evalChunk = 500

// An Evaluator computes accuracies of one network, TwoLayerNet.Accuracy on
// a whole set, chunk by chunk straight from the raw bytes. The chunks are
// handed out to the cores as they ask for them: each core builds and
// predicts a chunk with buffers of its own, kept from one evaluation to the
// next, so an evaluation is one parallel pass that allocates nothing. The
// count of correct answers is an integer sum, the same however the chunks
// are shared. A W1 with a weight that is not finite is evaluated on dense
// rows instead, as the book's product treats it (denseAccuracy).
type Evaluator struct {
	net    *network.TwoLayerNet
	mu     sync.Mutex
	free   []*chunkBuffers
	pass   evalPass
	approx approxLayer

	// Recomputed counts the images whose class the float32 product left
	// uncertain, predicted again exactly (approx.go), over every call.
	Recomputed atomic.Int64
}

// chunkBuffers are one core's buffers: a Trainer for its activations, and
// a chunk of images.
type chunkBuffers struct {
	tr *Trainer
	x  *Sparse
	t  []int
}

// NewEvaluator returns an Evaluator for net.
func NewEvaluator(net *network.TwoLayerNet) *Evaluator {
	return &Evaluator{net: net}
}

// Accuracy returns the fraction of the set's images whose most probable
// class under the net is the right one.
func (e *Evaluator) Accuracy(set *mnist.Set) float64 {
	if !kernel.Finite(e.net.W1.Data()) {
		return denseAccuracy(e.net, set)
	}
	e.pass = evalPass{e: e, set: set}
	e.approx.prepare(e.net)
	chunks := (set.Len() + evalChunk - 1) / evalChunk
	// ≈ 150 non-zero pixels × hidden units an image.
	parallel.For(chunks, 1, set.Len()*150*e.net.W1.Dim(1), &e.pass)
	return float64(e.pass.correct.Load()) / float64(set.Len())
}

// evalPass predicts the chunks [lo, hi) of a set and counts the right
// answers.
type evalPass struct {
	e       *Evaluator
	set     *mnist.Set
	correct atomic.Int64
}

func (p *evalPass) Run(lo, hi int) {
	b := p.e.buffers()
	correct := 0
	for c := lo; c < hi; c++ {
		n := Chunk(b.x, b.t, p.set, c*evalChunk)
		correct += b.tr.correctApprox(b.x, b.t[:n], &p.e.approx, &p.e.Recomputed)
	}
	p.correct.Add(int64(correct))
	p.e.mu.Lock()
	p.e.free = append(p.e.free, b)
	p.e.mu.Unlock()
}

// buffers takes a free set of buffers, or makes one.
func (e *Evaluator) buffers() *chunkBuffers {
	e.mu.Lock()
	defer e.mu.Unlock()
	if n := len(e.free); n > 0 {
		b := e.free[n-1]
		e.free = e.free[:n-1]
		return b
	}
	return &chunkBuffers{NewTrainer(e.net), NewSparse(mnist.Pixels), make([]int, evalChunk)}
}

// correctApprox is Correct, one image after the other, with each image's
// x·W1 in float32 when f is on: a class the bounds do not certify is
// recomputed exactly (counted in recomputed), so the count is Correct's.
func (tr *Trainer) correctApprox(x *Sparse, t []int, f *approxLayer, recomputed *atomic.Int64) int {
	if !f.on || x.level != &pixelLevels {
		return tr.Correct(x, t)
	}
	tr.approx = approxScoresPass{tr.layers(x)}
	tr.scoring = scoresPass{tr.approx.imageLayers}
	h, c := tr.hidden, tr.classes
	for i := range x.Rows() {
		approxRow(tr.act.a1.Data()[i*h:(i+1)*h], x, i, f)
	}
	tr.approx.Run(0, x.Rows())
	correct := 0
	for i, label := range t[:x.Rows()] {
		a2 := tr.act.a2.Data()[i*c : (i+1)*c]
		best := argmax(a2)
		if !f.certain(a2, best, x.nnzBefore(i+1)-x.nnzBefore(i)) {
			tr.scoring.Run(i, i+1)
			best = argmax(a2)
			recomputed.Add(1)
		}
		if best == label {
			correct++
		}
	}
	return correct
}

// denseAccuracy is TwoLayerNet.Accuracy on the set, chunk by chunk on
// dense rows: the evaluation of a W1 with an infinite or NaN weight. The
// sparse product skips a zero pixel's terms, which only holds where the
// weights are finite: the book's dense product makes 0·∞ a NaN, and a NaN
// spreads to every image.
func denseAccuracy(net *network.TwoLayerNet, set *mnist.Set) float64 {
	x, labels := tensor.Zeros(evalChunk, mnist.Pixels), make([]int, evalChunk)
	correct := 0
	for start := 0; start < set.Len(); start += evalChunk {
		n := set.Chunk(x, labels, start)
		rows := x
		if n < evalChunk {
			rows = tensor.New(x.Data()[:n*mnist.Pixels], n, mnist.Pixels)
		}
		for i, c := range tensor.Argmax(net.Predict(rows), 1) {
			if c == labels[i] {
				correct++
			}
		}
	}
	return float64(correct) / float64(set.Len())
}
