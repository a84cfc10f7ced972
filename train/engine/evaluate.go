package engine

import (
	"sync"
	"sync/atomic"

	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor/parallel"
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
// are shared.
type Evaluator struct {
	net  *network.TwoLayerNet
	mu   sync.Mutex
	free []*chunkBuffers
	pass evalPass
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
	e.pass = evalPass{e: e, set: set}
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
		correct += b.tr.Correct(b.x, b.t[:n])
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
