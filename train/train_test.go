package train

import (
	"math"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"dlfs/mnist"
	"dlfs/tensor"
)

func TestRunLearnsAndRepeats(t *testing.T) {
	d := smallData(t)
	cfg := Config{Iters: 120, Batch: 10, LR: 0.5, Hidden: 20, WeightStd: 0.1, Seed: 5}
	var evals []Eval
	a := Run(cfg, d, Hooks{Eval: func(e Eval) { evals = append(evals, e) }})
	// 30 images in batches of 10: an epoch is 3 updates, evaluated at
	// 0, 3, ..., 117: 40 evaluations.
	if len(a.Evals) != 40 || len(evals) != 40 || a.Evals[1].Iter != 3 || len(a.Losses) != 120 || a.Final.Iter != 120 {
		t.Fatalf("%d evaluations (hook %d), second at %d, %d losses, final at %d", len(a.Evals), len(evals), a.Evals[1].Iter, len(a.Losses), a.Final.Iter)
	}
	if a.Final.TestAcc < 0.9 || a.Losses[119] > a.Losses[0]/2 {
		t.Errorf("did not learn the bars: test acc %v, loss %v → %v", a.Final.TestAcc, a.Losses[0], a.Losses[119])
	}
	prev := runtime.GOMAXPROCS(1)
	b := Run(cfg, d, Hooks{})
	runtime.GOMAXPROCS(prev)
	if !slices.Equal(a.Losses, b.Losses) || !tensor.AllClose(a.Net.W1, b.Net.W1, 0, 0) {
		t.Error("the same seed on 1 core gave a different run")
	}
	cfg.Seed = 6
	if c := Run(cfg, d, Hooks{}); slices.Equal(a.Losses, c.Losses) {
		t.Error("a different seed gave the same run")
	}
}

// TestRunNumerical: training with the numerical gradient follows the
// backprop run, loss for loss. The two gradients differ by ~1e-7 an update
// (the δ inside the loss's log, which backprop omits, and the central
// difference's h² error), and the runs drift apart by about that much a step.
func TestRunNumerical(t *testing.T) {
	d := smallData(t)
	cfg := Config{Iters: 30, Batch: 10, LR: 0.5, Hidden: 20, WeightStd: 0.1, Seed: 5}
	bp := Run(cfg, d, Hooks{})
	cfg.Numerical = true
	num := Run(cfg, d, Hooks{})
	for i := range bp.Losses {
		if !(math.Abs(bp.Losses[i]-num.Losses[i]) <= 1e-5) {
			t.Fatalf("update %d: loss %v with backprop, %v numerical", i, bp.Losses[i], num.Losses[i])
		}
	}
	if bp.Final.TestAcc != num.Final.TestAcc {
		t.Errorf("test accuracy %v with backprop, %v numerical", bp.Final.TestAcc, num.Final.TestAcc)
	}
}

// TestStopAfterTheLastUpdate: a stop asked for when the last update is
// done changes nothing: the run ends as it would have, not interrupted.
func TestStopAfterTheLastUpdate(t *testing.T) {
	d := smallData(t)
	cfg := Config{Iters: 4, Batch: 7, LR: 0.5, Hidden: 6, WeightStd: 0.1, Seed: 9}
	for name, run := range map[string]func(Config, *mnist.Dataset, Hooks) *Result{"engine": Run, "book": runBook} {
		updates := 0
		res := run(cfg, d, Hooks{Step: func(int, float64) { updates++ }, Stop: func() bool { return updates == cfg.Iters }})
		if res.Interrupted || len(res.Losses) != cfg.Iters || res.Final.Iter != cfg.Iters {
			t.Errorf("%s: interrupted %v after %d updates, final at %d", name, res.Interrupted, len(res.Losses), res.Final.Iter)
		}
	}
}

// TestResumeEndsAsUninterrupted: a run stopped part way, its last
// checkpoint written to a file, read back and resumed, ends with the same
// parameters, losses and evaluations (times aside) as the run never
// stopped: for the engine with and without replacement, the numerical
// gradient, and the book's loop.
func TestResumeEndsAsUninterrupted(t *testing.T) {
	d := smallData(t)
	base := Config{Iters: 23, Batch: 7, LR: 0.5, Hidden: 6, WeightStd: 0.1, Seed: 9}
	for _, c := range []struct {
		name   string
		change func(*Config)
		run    func(Config, *mnist.Dataset, Hooks) *Result
	}{
		{"engine", func(*Config) {}, Run},
		{"engine, replacement", func(c *Config) { c.Replace = true }, Run},
		{"numerical", func(c *Config) { c.Numerical, c.Iters = true, 9 }, Run},
		{"book", func(c *Config) { c.Replace = true }, runBook},
		{"book, no replacement", func(*Config) {}, runBook},
	} {
		cfg := base
		c.change(&cfg)
		want := c.run(cfg, d, Hooks{})
		for _, stopAt := range []int{1, 5, cfg.Iters - 2} {
			path := filepath.Join(t.TempDir(), "checkpoint.npz")
			updates := 0
			var saveErr error
			stopped := c.run(cfg, d, Hooks{
				Step:       func(int, float64) { updates++ },
				Stop:       func() bool { return updates == stopAt },
				Checkpoint: func(ck *Checkpoint) error { saveErr = WriteCheckpoint(path, ck); return saveErr },
			})
			if saveErr != nil || !stopped.Interrupted || len(stopped.Losses) != stopAt || stopped.Final.Iter != stopAt {
				t.Fatalf("%s, stopped after %d: error %v, interrupted %v, %d losses, final at %d", c.name, stopAt, saveErr, stopped.Interrupted, len(stopped.Losses), stopped.Final.Iter)
			}
			ck, err := ReadCheckpoint(path, math.MaxInt64)
			if err != nil {
				t.Fatal(err)
			}
			// The time goes on from the checkpoint's: say it had run an hour.
			ck.Elapsed += time.Hour
			got := Resume(ck, d, Hooks{})
			if e := got.Final.Elapsed; e < ck.Elapsed || e > ck.Elapsed+time.Minute {
				t.Errorf("%s, stopped after %d: the resumed run ends at %v, the checkpoint was at %v", c.name, stopAt, e, ck.Elapsed)
			}
			if got.Interrupted || !slices.Equal(got.Losses, want.Losses) || len(got.Evals) != len(want.Evals) {
				t.Fatalf("%s, stopped after %d: %d losses (same: %v), %d evaluations; want %d and %d", c.name, stopAt,
					len(got.Losses), slices.Equal(got.Losses, want.Losses), len(got.Evals), len(want.Losses), len(want.Evals))
			}
			for i := range want.Evals {
				if g, w := got.Evals[i], want.Evals[i]; g.Iter != w.Iter || g.Loss != w.Loss || g.TrainAcc != w.TrainAcc || g.TestAcc != w.TestAcc {
					t.Errorf("%s, stopped after %d: evaluation %d is %+v, want %+v", c.name, stopAt, i, g, w)
				}
			}
			for name, p := range got.Net.All() {
				for name2, q := range want.Net.All() {
					if name == name2 && !tensor.AllClose(p, q, 0, 0) {
						t.Errorf("%s, stopped after %d: %s differs from the run never stopped", c.name, stopAt, name)
					}
				}
			}
		}
	}
}
