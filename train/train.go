package train

import (
	"os"
	"runtime/debug"
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

// Result is a finished run, or one stopped part way.
type Result struct {
	Net         *network.TwoLayerNet
	Losses      []float64      // the batch loss after every update done: Figure 4-11
	Rates       []Rate         // the learning rates the updates took, from {0, Config.LR}
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
	// Stop is asked after each update but the last: true ends the run
	// there, with one more evaluation. It may wait (a pause): the time it
	// takes is not counted in the run's elapsed time.
	Stop func() bool
	// LR is asked before each update i: the learning rate from it on, a
	// positive number (a change is kept in Result.Rates and the
	// checkpoints). Without it, the rate is the settings' or, resumed, the
	// last the run took.
	LR func(i int) float64
	// Weights is called after each update with the network being trained,
	// which it may read during the call only.
	Weights func(*network.TwoLayerNet)
	// Checkpoint receives the run's state after each evaluation, which
	// Resume continues from; it must not keep the Checkpoint's slices.
	// An error stops the run at once, in Result.Err.
	Checkpoint func(*Checkpoint) error
}

// Run trains a fresh TwoLayerNet on data as §4.5.2's train_neuralnet.py
// does (loop, in book.go): for each of cfg.Iters updates, draw a
// mini-batch, compute the gradient, take the step θ ← θ − lr·∂L/∂θ, and
// record the batch's loss after it; every epoch, evaluate the accuracy on
// all training and test images. One random source, seeded with cfg.Seed,
// draws the initial weights and then every batch, so a seed always gives
// the same run. The network is the tuned engine's, or with cfg.Book the
// book's own code.
func Run(cfg Config, data *mnist.Dataset, hooks Hooks) *Result {
	defer collectSooner(cfg)()
	return loop(cfg, data, learnerFor(cfg), hooks, nil)
}

// Resume continues the run ck saved, with its settings, to the end. A run
// stopped and resumed ends exactly as the run that was never stopped, bit
// for bit.
func Resume(ck *Checkpoint, data *mnist.Dataset, hooks Hooks) *Result {
	defer collectSooner(ck.Config)()
	return loop(ck.Config, data, learnerFor(ck.Config), hooks, ck)
}

// bookGCPercent is the garbage collector's headroom while the book's code
// trains, 7% of the live heap instead of Go's whole one. The book's code
// allocates every product anew, 2.4 MB an update, and its live heap is
// mostly the float64 images, 440 MB of MNIST's: by default the heap would
// grow by as much again before each collection, where numpy frees each
// array as soon as it is dropped; and Go keeps a tenth more than the
// heap's goal from the operating system besides. With 7%, 33 MB, the
// collector runs every dozen updates, and costs little: float64 slices
// hold no pointers, so it never scans them. (The evaluations' arrays
// are collected before, in internal/kernel's Floats.)
const bookGCPercent = 7

// collectSooner sets the collector's headroom for a run of cfg, unless
// the GOGC variable sets it, and returns what sets it back.
func collectSooner(cfg Config) func() {
	if !cfg.Book || os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(bookGCPercent)
	return func() { debug.SetGCPercent(old) }
}

// learnerFor returns what makes cfg's learner: the book's TwoLayerNet or
// the engine's.
func learnerFor(cfg Config) newLearner {
	if cfg.Book {
		return newBookNet
	}
	return newTunedNet
}
