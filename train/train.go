package train

import (
	"math/rand/v2"
	"time"

	"dlfs/internal/engine"
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

// Result is a finished run, or one stopped part way.
type Result struct {
	Net         *network.TwoLayerNet
	Losses      []float64      // the batch loss after every update done: Figure 4-11
	Evals       []Eval         // one per epoch: Figure 4-12
	Final       Eval           // after the last update done
	Interrupted bool           // Hooks.Stop ended the run before cfg.Iters updates
	Initial     *tensor.Tensor // W1 before the first update, to show what training changed
	// Diverged says that the loss of update len(Losses) was DivergedLoss,
	// not a finite number: the run ended before it, and Net is the network
	// of the updates before.
	Diverged     bool
	DivergedLoss float64
	// Err is the Checkpoint hook's error that stopped the run, after
	// len(Losses) updates; Final is not evaluated then.
	Err error
}

// Hooks let a caller watch a run, stop it and save it. Any may be nil.
type Hooks struct {
	Eval func(Eval) // after each evaluation
	// Step is called after each update, with its loss; a loss that is not
	// finite ends the run (Result.Diverged).
	Step func(iter int, loss float64)
	// Stop is asked after each update: true ends the run there, with one
	// more evaluation.
	Stop func() bool
	// Checkpoint receives the run's state after each evaluation, which
	// Resume continues from; it must not keep the Checkpoint's slices.
	// An error stops the run at once, in Result.Err.
	Checkpoint func(*Checkpoint) error
}

// Run trains a fresh TwoLayerNet on data as §4.5.2's train_neuralnet.py
// does: for each of cfg.Iters updates, draw a mini-batch, compute the
// gradient, take the step θ ← θ − lr·∂L/∂θ, and record the batch's loss
// after it; every epoch, evaluate the accuracy on all training and test
// images. One random source, seeded with cfg.Seed, draws the initial
// weights and then every batch, so a seed always gives the same run.
//
// The gradient, the step and the loss are one engine.Trainer.Step: the
// book's formulas on a sparse batch (see package engine); the accuracies
// are TwoLayerNet.Accuracy's, computed by an engine.Evaluator.
func Run(cfg Config, data *mnist.Dataset, hooks Hooks) *Result {
	return runEngine(cfg, data, hooks, nil)
}

// Resume continues the run ck saved, with its settings, to the end: Run's
// or Book's, as ck says. A run stopped and resumed ends exactly as the run
// that was never stopped, bit for bit.
func Resume(ck *Checkpoint, data *mnist.Dataset, hooks Hooks) *Result {
	if ck.Book {
		return book(ck.Config, data, hooks, ck)
	}
	return runEngine(ck.Config, data, hooks, ck)
}

func runEngine(cfg Config, data *mnist.Dataset, hooks Hooks, ck *Checkpoint) *Result {
	src := rand.NewPCG(cfg.Seed, 0)
	rng := rand.New(src)
	net := network.NewTwoLayerNet(mnist.Pixels, cfg.Hidden, mnist.Classes, cfg.WeightStd, rng)
	trainSize := data.Train.Len()
	iterPerEpoch := cfg.ItersPerEpoch(trainSize)
	batchMask := newSampler(trainSize, cfg.Batch, cfg.Replace, rng)
	initial := net.W1.Clone()
	if ck != nil {
		net, initial = ck.Net, ck.Initial
		src.UnmarshalBinary(ck.Random) // checked by ReadCheckpoint
		batchMask.restore(ck.Sampler)
	}

	xBatch, tBatch := engine.NewSparse(mnist.Pixels), make([]int, cfg.Batch)
	tr := engine.NewTrainer(net)
	ev := engine.NewEvaluator(net)
	p, first := newProgress(cfg, false, recordOf(data), net, initial, hooks, ck)
	p.replay = func(cfg Config, from *Checkpoint) *Result { return runEngine(cfg, data, Hooks{}, from) }
	p.epoch = func(i int) bool { return i%iterPerEpoch == 0 }
	p.accuracy = func() (float64, float64) { return ev.Accuracy(data.Train), ev.Accuracy(data.Test) }
	p.state = func() ([]byte, []int) {
		random, _ := src.MarshalBinary()
		return random, batchMask.perm
	}
	for i := first; i < cfg.Iters; i++ {
		engine.Gather(xBatch, tBatch, data.Train, batchMask.draw()) // x_batch = x_train[batch_mask], t_batch likewise
		var loss float64
		if cfg.Numerical {
			loss = tr.StepNumerical(xBatch, tBatch, cfg.LR)
		} else {
			loss = tr.Step(xBatch, tBatch, cfg.LR) // grad, params -= learning_rate * grad, loss
		}
		if p.after(i, loss) {
			break
		}
	}
	return p.finish()
}

// A sampler draws the indices of one mini-batch at a time. Without
// replacement it runs a partial Fisher–Yates shuffle: the first batch
// entries of a permutation of 0..n−1 kept from draw to draw are swapped with
// uniformly chosen later ones, which makes them a uniform sample of
// distinct indices in O(batch), not O(n). With replacement, each index is
// drawn independently, as np.random.choice(n, batch) does.
type sampler struct {
	n   int
	rng *rand.Rand
	idx []int // the batch, with replacement
	// perm is the permutation kept from draw to draw, without replacement:
	// the sampler's state, which a checkpoint saves.
	perm []int
}

// newSampler returns a sampler of batches of batch indices from [0, n).
func newSampler(n, batch int, replace bool, rng *rand.Rand) *sampler {
	s := &sampler{n: n, rng: rng}
	if replace {
		s.idx = make([]int, batch)
		return s
	}
	s.perm = make([]int, n)
	for i := range s.perm {
		s.perm[i] = i
	}
	s.idx = s.perm[:batch]
	return s
}

// draw returns the next batch's indices, valid until the next draw.
func (s *sampler) draw() []int {
	if s.perm == nil {
		for i := range s.idx {
			s.idx[i] = s.rng.IntN(s.n)
		}
		return s.idx
	}
	for i := range s.idx {
		j := i + s.rng.IntN(s.n-i)
		s.perm[i], s.perm[j] = s.perm[j], s.perm[i]
	}
	return s.idx
}

// restore sets the permutation a checkpoint saved (nil with replacement).
func (s *sampler) restore(perm []int) {
	if s.perm != nil {
		copy(s.perm, perm)
	}
}
