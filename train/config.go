// Package train is §4.5 of "Deep Learning from Scratch": mini-batch
// stochastic gradient descent of a TwoLayerNet on MNIST, with the training
// and test accuracy evaluated every epoch, and the trained parameters
// saved as numpy's .npz. What a run writes and prints beyond that (the
// figures of §4.5.3, report.html, the CSVs, the progress line) is
// dlfs/internal/report's.
//
//	config.go           the settings: go run .'s (DefaultConfig) and the book's (BookConfig)
//	book.go             the one training loop, ch04/train_neuralnet.py line for line
//	learner.go          what the loop trains: the book's TwoLayerNet on its inputs
//	tuned.go            the engine's network on the same loop: `go run .`
//	train.go            Run and Resume, their hooks and results
//	progress.go         what the loop does beyond the book: hooks, checkpoints, stop
//	sampler.go          Run's batches, drawn with or without replacement
//	rates.go            the learning rates a run took, and their check
//	checkpoint.go       checkpoint.npz, from which Resume continues a run
//	checkpoint_read.go  a checkpoint read back, every field checked
//	model.go            params.npz, and models numpy wrote, read as far as the network
//	memory.go           what a run needs of the machine's memory
//
// Run's step, gradient and evaluation are the book's formulas as the tuned
// engine computes them (dlfs/internal/engine, held by its tests to
// network.TwoLayerNet's numbers); with Config.Book it runs
// network.TwoLayerNet itself.
package train

import (
	"errors"
	"fmt"
	"math"
)

// Config is a training run's settings.
type Config struct {
	Iters     int     // parameter updates (the book's iters_num)
	Batch     int     // images per mini-batch (batch_size)
	LR        float64 // learning rate η of θ ← θ − η·∂L/∂θ (learning_rate)
	Hidden    int     // hidden units (hidden_size)
	WeightStd float64 // initial weights are WeightStd·N(0, 1) (weight_init_std)
	Seed      uint64  // seeds the one random source: weights, then batches
	// Replace draws each batch with replacement, as the book's
	// np.random.choice(train_size, batch_size) does; by default the images
	// of one batch are distinct.
	Replace bool
	// Numerical trains with the numerical gradient of §4.5 instead of
	// backpropagation: central differences of the batch loss for every
	// parameter (TwoLayerNet.NumericalGradient with Book; otherwise the engine's,
	// which recomputes only what each perturbation changes), the same
	// updates to within rounding, and far slower.
	Numerical bool
	// Book trains the book's own code, `go run . -book`: the same loop on
	// network.TwoLayerNet with dense tensors, load_mnist's float32 pixels
	// and numpy's random stream seeded with np.random.seed(Seed), so that
	// its losses and accuracies are numpy's. Otherwise the tuned engine
	// trains (dlfs/internal/engine), held by its tests to the same
	// numbers. run.json keeps it beside the settings.
	Book bool `json:"-"`
}

// DefaultConfig is `go run .`'s run: the settings of §4.5.2, with the
// images of each batch distinct (the learner's memo's replace=False; the
// book draws with replacement, BookConfig).
var DefaultConfig = Config{
	Iters:     10000, // iters_num = 10000
	Batch:     100,   // batch_size = 100
	LR:        0.1,   // learning_rate = 0.1
	Hidden:    50,    // TwoLayerNet(input_size=784, hidden_size=50, output_size=10)
	WeightStd: 0.01,  // weight_init_std=0.01, the constructor's default
	Seed:      0,
}

// BookConfig is ch04/train_neuralnet.py's run, `go run . -book`: the
// settings of §4.5.2 on the book's code, with each batch drawn with
// replacement, as the book's np.random.choice(train_size, batch_size)
// does.
var BookConfig = Config{
	Iters:     10000,
	Batch:     100,
	LR:        0.1,
	Hidden:    50,
	WeightStd: 0.01,
	Seed:      0,
	Replace:   true,
	Book:      true,
}

// Validate reports the first setting that cannot make a run on any data;
// FitsData checks the settings against the data.
func (c Config) Validate() error {
	switch {
	case c.Iters < 1:
		return fmt.Errorf("iters %d: must be at least 1", c.Iters)
	case c.Batch < 1:
		return fmt.Errorf("batch %d: must be at least 1", c.Batch)
	case !validRate(c.LR):
		return fmt.Errorf("lr %v: must be a positive number", c.LR)
	case c.Hidden < 1:
		return fmt.Errorf("hidden %d: must be at least 1", c.Hidden)
	case !(c.WeightStd >= 0) || math.IsInf(c.WeightStd, 0):
		return errors.New("weight std must be a non-negative number")
	case c.Book && c.Seed > math.MaxUint32:
		return fmt.Errorf("seed %d: np.random.seed takes at most 2^32 − 1", c.Seed)
	}
	return nil
}

// FitsData reports whether a batch can be drawn from trainSize images:
// without replacement, it must not be larger.
func (c Config) FitsData(trainSize int) error {
	if !c.Replace && c.Batch > trainSize {
		return fmt.Errorf("batch %d: larger than the %d training images (drawing without replacement)", c.Batch, trainSize)
	}
	return nil
}

// ItersPerEpoch is how many updates make one pass over trainSize images,
// the book's iter_per_epoch = max(train_size / batch_size, 1): 600 for the
// defaults. Python 3 divides to a float, and so does ItersPerEpoch: 50050
// images in batches of 100 make 500.5 updates an epoch, and accuracy,
// evaluated where i % iter_per_epoch == 0, comes at updates 0, 1001,
// 2002, …
func (c Config) ItersPerEpoch(trainSize int) float64 {
	return max(float64(trainSize)/float64(c.Batch), 1)
}
