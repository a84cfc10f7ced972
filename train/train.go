package train

import (
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
)

// An Eval is the state of a run at one evaluation.
type Eval struct {
	Iter     int           // the update's index i, from 0 as in the book; for Final, the number of updates
	Loss     float64       // the loss of the update's batch, after the update
	TrainAcc float64       // accuracy on all training images
	TestAcc  float64       // accuracy on all test images
	Elapsed  time.Duration // since the run started
}

// Result is a finished run.
type Result struct {
	Net    *network.TwoLayerNet
	Losses []float64 // the batch loss after every update: Figure 4-11
	Evals  []Eval    // one per epoch: Figure 4-12
	Final  Eval      // after the last update
}

// Hooks let a caller watch a run. Either may be nil.
type Hooks struct {
	Eval func(Eval)                   // after each evaluation
	Step func(iter int, loss float64) // after each update
}

// Run trains a fresh TwoLayerNet on data as §4.5.2 does: for each of
// cfg.Iters updates, draw a mini-batch, compute the gradient, take a step
// θ ← θ − lr·∂L/∂θ, and record the batch's loss; every epoch, evaluate the
// accuracy on all training and test images. One random source, seeded with
// cfg.Seed, draws the initial weights and then every batch, so a seed
// always gives the same run.
func Run(cfg Config, data *mnist.Dataset, hooks Hooks) *Result {
	rng := rand.New(rand.NewPCG(cfg.Seed, 0))
	net := network.NewTwoLayerNet(mnist.Pixels, cfg.Hidden, mnist.Classes, cfg.WeightStd, rng)
	trainSize := data.Train.Len()
	perEpoch := cfg.ItersPerEpoch(trainSize)
	draw := newSampler(trainSize, cfg.Batch, cfg.Replace, rng)

	xs := tensor.NewSparse(mnist.Pixels)
	labels := make([]int, cfg.Batch)
	tr := network.NewTrainer(net)
	ev := NewEvaluator(net)
	res := &Result{Net: net, Losses: make([]float64, 0, cfg.Iters)}
	start := time.Now()
	evaluate := func(iter int, loss float64) Eval {
		return Eval{iter, loss, ev.Accuracy(data.Train), ev.Accuracy(data.Test), time.Since(start)}
	}
	var loss float64
	for i := range cfg.Iters {
		data.Train.GatherSparse(xs, labels, draw())
		if cfg.Numerical {
			loss = tr.StepNumerical(xs, labels, cfg.LR)
		} else {
			loss = tr.Step(xs, labels, cfg.LR)
		}
		res.Losses = append(res.Losses, loss)
		if hooks.Step != nil {
			hooks.Step(i, loss)
		}
		if i%perEpoch == 0 {
			e := evaluate(i, loss)
			res.Evals = append(res.Evals, e)
			if hooks.Eval != nil {
				hooks.Eval(e)
			}
		}
	}
	res.Final = evaluate(cfg.Iters, loss)
	return res
}

// newSampler returns a function drawing the indices of one mini-batch.
// Without replacement it runs a partial Fisher–Yates shuffle: the first
// batch entries of a permutation of 0..n−1 kept from draw to draw are
// swapped with uniformly chosen later ones, which makes them a uniform
// sample of distinct indices in O(batch), not O(n). With replacement, each
// index is drawn independently, as np.random.choice(n, batch) does.
func newSampler(n, batch int, replace bool, rng *rand.Rand) func() []int {
	idx := make([]int, batch)
	if replace {
		return func() []int {
			for i := range idx {
				idx[i] = rng.IntN(n)
			}
			return idx
		}
	}
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	return func() []int {
		for i := range batch {
			j := i + rng.IntN(n-i)
			perm[i], perm[j] = perm[j], perm[i]
		}
		return perm[:batch]
	}
}

// evalChunk is how many images an evaluation predicts at once: enough to
// split across cores, few enough that the buffers (≈ 1.5 MB) stay in cache.
const evalChunk = 500

// Accuracy returns the fraction of the set's images whose most probable
// class under net is the right one (TwoLayerNet.Accuracy), predicting them
// chunk by chunk straight from the raw bytes.
func Accuracy(net *network.TwoLayerNet, set *mnist.Set) float64 {
	return NewEvaluator(net).Accuracy(set)
}

// An Evaluator computes accuracies of one network, its chunks handed out to
// the cores as they ask for them: each core builds and predicts a chunk with
// buffers of its own, kept from one evaluation to the next, so an
// evaluation is one parallel pass. The count of correct answers is an
// integer sum, the same however the chunks are shared.
type Evaluator struct {
	net   *network.TwoLayerNet
	mu    sync.Mutex
	free  []*chunkBuffers
	set   *mnist.Set
	count atomic.Int64
	run   func(lo, hi int)
}

type chunkBuffers struct {
	tr     *network.Trainer
	x      *tensor.Sparse
	labels []int
}

// NewEvaluator returns an Evaluator for net.
func NewEvaluator(net *network.TwoLayerNet) *Evaluator {
	e := &Evaluator{net: net}
	e.run = e.chunks
	return e
}

// Accuracy is the package's Accuracy, with the Evaluator's buffers.
func (e *Evaluator) Accuracy(set *mnist.Set) float64 {
	e.set = set
	e.count.Store(0)
	chunks := (set.Len() + evalChunk - 1) / evalChunk
	// ≈ 150 non-zero pixels × 50 hidden units an image.
	tensor.ParallelForDynamic(chunks, 1, set.Len()*150*e.net.W1.Dim(1), e.run)
	return float64(e.count.Load()) / float64(set.Len())
}

// chunks predicts chunks [lo, hi) of the set.
func (e *Evaluator) chunks(lo, hi int) {
	b := e.buffers()
	correct := 0
	for c := lo; c < hi; c++ {
		n := e.set.ChunkSparse(b.x, b.labels, c*evalChunk)
		correct += b.tr.Correct(b.x, b.labels[:n])
	}
	e.count.Add(int64(correct))
	e.mu.Lock()
	e.free = append(e.free, b)
	e.mu.Unlock()
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
	return &chunkBuffers{network.NewTrainer(e.net), tensor.NewSparse(mnist.Pixels), make([]int, evalChunk)}
}
