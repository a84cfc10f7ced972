package train

import (
	"math/rand/v2"
	"time"

	"dlfs/mnist"
	"dlfs/network"
	"dlfs/train/engine"
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
	rng := rand.New(rand.NewPCG(cfg.Seed, 0))
	net := network.NewTwoLayerNet(mnist.Pixels, cfg.Hidden, mnist.Classes, cfg.WeightStd, rng)
	trainSize := data.Train.Len()
	iterPerEpoch := cfg.ItersPerEpoch(trainSize)
	batchMask := newSampler(trainSize, cfg.Batch, cfg.Replace, rng)

	xBatch, tBatch := engine.NewSparse(mnist.Pixels), make([]int, cfg.Batch)
	tr := engine.NewTrainer(net)
	ev := engine.NewEvaluator(net)
	res := &Result{Net: net, Losses: make([]float64, 0, cfg.Iters)}
	start := time.Now()
	evaluate := func(iter int, loss float64) Eval {
		return Eval{iter, loss, ev.Accuracy(data.Train), ev.Accuracy(data.Test), time.Since(start)}
	}
	var loss float64
	for i := range cfg.Iters {
		engine.Gather(xBatch, tBatch, data.Train, batchMask()) // x_batch = x_train[batch_mask], t_batch likewise
		if cfg.Numerical {
			loss = tr.StepNumerical(xBatch, tBatch, cfg.LR)
		} else {
			loss = tr.Step(xBatch, tBatch, cfg.LR) // grad, params -= learning_rate * grad, loss
		}
		res.Losses = append(res.Losses, loss)
		if hooks.Step != nil {
			hooks.Step(i, loss)
		}
		if i%iterPerEpoch == 0 {
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
