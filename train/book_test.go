package train

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"

	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
	"dlfs/tensor/nprand"
)

// TestBookAgainstNumpy: `go run . -book` against the book's own code run
// by numpy (docs/numpy/book_run.py, whose header gives the commands that
// wrote the testdata): the accuracies of the lines the book prints, at the
// same updates and to the last bit (Python prints the digits that read
// back to the float64; internal/report prints them back the same way), and
// every update's loss within 1e-12 relatively (numpy's last bits move with
// its BLAS). On the first 1050 training images,
// iter_per_epoch is 10.5, and the book evaluates at updates 0, 21 and 42.
func TestBookAgainstNumpy(t *testing.T) {
	full, err := mnist.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		file               string
		seed               uint64
		iters, train, test int
	}{
		{"numpy_uneven.txt", 0, 45, 1050, 500},
		{"numpy_seed1.txt", 1, 1200, 60000, 10000},
	} {
		if testing.Short() && c.iters > 100 {
			continue
		}
		b, err := os.ReadFile(filepath.Join("testdata", c.file))
		if err != nil {
			t.Fatal(err)
		}
		var printed [][2]float64 // the accuracies of each line the book prints
		var losses []float64
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if v, ok := strings.CutPrefix(line, "loss "); ok {
				f, err := strconv.ParseFloat(v, 64)
				if err != nil {
					t.Fatalf("%s: %v", c.file, err)
				}
				losses = append(losses, f)
				continue
			}
			var acc [2]float64
			if _, err := fmt.Sscanf(line, "train acc, test acc | %g, %g", &acc[0], &acc[1]); err != nil {
				t.Fatalf("%s: %q: %v", c.file, line, err)
			}
			printed = append(printed, acc)
		}
		cfg := BookConfig
		cfg.Iters, cfg.Seed = c.iters, c.seed
		data := &mnist.Dataset{Train: full.Train.Head(c.train), Test: full.Test.Head(c.test)}
		res := runBook(cfg, data, Hooks{})
		var evals [][2]float64
		for _, e := range res.Evals {
			evals = append(evals, [2]float64{e.TrainAcc, e.TestAcc})
		}
		if !slices.Equal(evals, printed) {
			t.Errorf("%s: -book evaluates to %v, the book's script prints %v", c.file, evals, printed)
		}
		if len(res.Losses) != len(losses) {
			t.Fatalf("%s: %d losses, numpy %d", c.file, len(res.Losses), len(losses))
		}
		worst := 0.0
		for i, want := range losses {
			rel := math.Abs(res.Losses[i]-want) / want
			worst = max(worst, rel)
			if !(rel <= 1e-12) {
				t.Errorf("%s: update %d: loss %v, numpy %v", c.file, i, res.Losses[i], want)
			}
		}
		t.Logf("%s: %d losses, largest relative difference from numpy %.3g", c.file, len(losses), worst)
	}
}

// TestBookBatches: Book draws its batches as np.random.choice does. On 30
// training images in batches of 30, each update's batch without
// replacement is all of them, a permutation, so the loss after the update
// is the book layer's loss on the whole training set (within rounding, the
// order of the sum aside); with replacement, a batch of 30 from 30 repeats
// an image but once in 10¹² times, and the losses differ.
func TestBookBatches(t *testing.T) {
	d := smallData(t)
	x, tt := d.Train.Tensors(mnist.Options{Normalize: true, Flatten: true, OneHot: true, Float32: true})
	for _, replace := range []bool{false, true} {
		cfg := BookConfig
		cfg.Iters, cfg.Batch, cfg.Hidden, cfg.LR, cfg.Replace = 5, d.Train.Len(), 10, 0.5, replace
		var whole []float64
		hooks := Hooks{Checkpoint: func(ck *Checkpoint) error {
			whole = append(whole, ck.Net.Loss(x, tt)) // every update ends an epoch of 30 images
			return nil
		}}
		res := runBook(cfg, d, hooks)
		same := 0
		for i, l := range res.Losses {
			if math.Abs(l-whole[i]) <= 1e-12*whole[i] {
				same++
			}
		}
		if !replace && same != cfg.Iters {
			t.Errorf("without replacement: losses %v, on the whole set %v", res.Losses, whole)
		}
		if replace && same == cfg.Iters {
			t.Errorf("with replacement: every batch was the whole set: %v", res.Losses)
		}
	}
}

// TestInitialWeights: a run's Result.Initial is W1 before any update,
// drawn again here from the run's source: for Run, a PCG seeded with
// (seed, 0); for Book, numpy's stream after np.random.seed(seed). The
// trained W1 has moved from it.
func TestInitialWeights(t *testing.T) {
	d := smallData(t)
	cfg := DefaultConfig
	cfg.Iters, cfg.Batch, cfg.Hidden, cfg.Seed = 3, 10, 8, 4
	for _, c := range []struct {
		name string
		run  func(Config, *mnist.Dataset, Hooks) *Result
		rng  tensor.NormalSource
	}{
		{"Run", Run, rand.New(rand.NewPCG(4, 0))},
		{"Book", runBook, nprand.New(4)},
	} {
		res := c.run(cfg, d, Hooks{})
		want := network.NewTwoLayerNet(mnist.Pixels, cfg.Hidden, mnist.Classes, cfg.WeightStd, c.rng).W1
		if !slices.Equal(res.Initial.Data(), want.Data()) {
			t.Errorf("%s: the initial W1 kept is not the one drawn from the seed", c.name)
		}
		if slices.Equal(res.Net.W1.Data(), want.Data()) {
			t.Errorf("%s: W1 did not move in %d updates", c.name, cfg.Iters)
		}
	}
}

// TestBookNumerical: Book with the numerical gradient (the book's
// commented-out network.numerical_gradient line) takes the updates of
// backpropagation, within the central differences' error, from the same
// numpy stream.
func TestBookNumerical(t *testing.T) {
	d := smallData(t)
	cfg := BookConfig
	cfg.Iters, cfg.Batch, cfg.Hidden, cfg.LR = 3, 5, 4, 0.5
	bp := runBook(cfg, d, Hooks{})
	cfg.Numerical = true
	num := runBook(cfg, d, Hooks{})
	for i, l := range num.Losses {
		if !(math.Abs(l-bp.Losses[i]) <= 1e-6) {
			t.Errorf("update %d: loss %v with the numerical gradient, %v with backprop", i, l, bp.Losses[i])
		}
	}
	if d := tensor.MaxAbsDiff(num.Net.W1, bp.Net.W1); !(d > 0 && d < 1e-6) {
		t.Errorf("W1 after %d updates: %v apart, want a little above 0", cfg.Iters, d)
	}
}

// runBook is Run with cfg.Book: the book's own code on the loop.
func runBook(cfg Config, data *mnist.Dataset, hooks Hooks) *Result {
	cfg.Book = true
	return Run(cfg, data, hooks)
}

// TestBookCollectsSooner: while the book's code trains, the collector's
// headroom is bookGCPercent, and the program's own afterwards; not for
// the engine, nor when GOGC is set.
func TestBookCollectsSooner(t *testing.T) {
	d := smallData(t)
	percent := func() int { p := debug.SetGCPercent(100); debug.SetGCPercent(p); return p }
	before := percent()
	cfg := Config{Iters: 2, Batch: 7, LR: 0.5, Hidden: 6, WeightStd: 0.1, Seed: 9, Replace: true}
	for _, c := range []struct {
		name string
		book bool
		env  string
		want int
	}{{"book", true, "", bookGCPercent}, {"engine", false, "", before}, {"book, GOGC set", true, "100", before}} {
		if c.env != "" {
			t.Setenv("GOGC", c.env)
		}
		cfg.Book = c.book
		during := 0
		Run(cfg, d, Hooks{Step: func(int, float64) { during = percent() }})
		if during != c.want || percent() != before {
			t.Errorf("%s: GC percent %d during the run (want %d), %d after (want %d)", c.name, during, c.want, percent(), before)
		}
	}
}

// BenchmarkBook times the book's own code (Config.Book) as the loop runs
// it, on the real MNIST data: an update (the batch drawn and gathered, the
// gradient, the step, the loss after it) and an evaluation (the accuracy
// on all 60000 training and 10000 test images). A -book run is about
// 10000 of the first and 17 of the second, with the collector's headroom
// the run gives it.
func BenchmarkBook(b *testing.B) {
	data, err := mnist.Load()
	if err != nil {
		b.Fatal(err)
	}
	cfg := BookConfig
	defer collectSooner(cfg)()
	l := newBookNet(cfg, data, nil)
	b.Run("update", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			l.gradient(l.choice(data.Train.Len(), cfg.Batch))
			l.update(cfg.LR)
			l.loss()
		}
	})
	b.Run("evaluation", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			l.accuracy()
		}
	})
}
