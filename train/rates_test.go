package train

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
	"dlfs/tensor/nprand"
)

// switchRate is an LR hook: 0.5 before update 8, 2 up to update 14, then
// 0.25.
func switchRate(i int) float64 {
	switch {
	case i < 8:
		return 0.5
	case i < 15:
		return 2
	}
	return 0.25
}

// TestLRHookAsTheBookWouldStep: the book's loop with an LR hook takes,
// at every update, the step of a plain loop written here from the book's
// lines (np.random.choice, gradient, params -= lr·grad, loss) with that
// update's rate: the same losses bit for bit, and the changes recorded.
func TestLRHookAsTheBookWouldStep(t *testing.T) {
	d := smallData(t)
	cfg := Config{Iters: 20, Batch: 7, LR: 0.5, Hidden: 6, WeightStd: 0.1, Seed: 9, Replace: true, Book: true}
	res := Run(cfg, d, Hooks{LR: switchRate})
	if want := []Rate{{0, 0.5}, {8, 2}, {15, 0.25}}; !slices.Equal(res.Rates, want) {
		t.Errorf("rates %v, want %v", res.Rates, want)
	}
	opt := mnist.Options{Normalize: true, Flatten: true, OneHot: true, Float32: true}
	xTrain, tTrain := d.Train.Tensors(opt)
	rng := nprand.New(9)
	net := network.NewTwoLayerNet(mnist.Pixels, 6, mnist.Classes, 0.1, rng)
	for i := range cfg.Iters {
		mask := rng.Choice(d.Train.Len(), cfg.Batch, true)
		x, tb := tensor.Rows(xTrain, mask), tensor.Rows(tTrain, mask)
		grad := net.Gradient(x, tb)
		for _, key := range network.ParamNames() {
			p := net.Param(key)
			tensor.SubTo(p, p, tensor.MulScalar(grad.Param(key), switchRate(i)))
		}
		if want := net.Loss(x, tb); res.Losses[i] != want {
			t.Fatalf("update %d (lr %v): loss %v, the plain loop's %v", i, switchRate(i), res.Losses[i], want)
		}
	}
}

// TestLRHookOnTheEngine: the engine's run with an LR hook matches the run
// without one up to the first change and differs after it; stopped after
// the second change and resumed without the hook, it ends as the run
// never stopped, its rates and loss.csv's lr column included.
func TestLRHookOnTheEngine(t *testing.T) {
	d := smallData(t)
	cfg := Config{Iters: 23, Batch: 7, LR: 0.5, Hidden: 6, WeightStd: 0.1, Seed: 9}
	plain := Run(cfg, d, Hooks{})
	want := Run(cfg, d, Hooks{LR: switchRate})
	if !slices.Equal(want.Losses[:8], plain.Losses[:8]) || want.Losses[8] == plain.Losses[8] {
		t.Fatalf("losses with the hook %v, without %v: want the first 8 equal, the 9th not", want.Losses[:9], plain.Losses[:9])
	}
	constant := Run(cfg, d, Hooks{LR: func(int) float64 { return 0.5 }})
	if !slices.Equal(constant.Losses, plain.Losses) || len(constant.Rates) != 1 {
		t.Errorf("a hook that keeps the rate: rates %v, losses equal %v", constant.Rates, slices.Equal(constant.Losses, plain.Losses))
	}
	path := filepath.Join(t.TempDir(), "checkpoint.npz")
	updates := 0
	stopped := Run(cfg, d, Hooks{
		LR:         switchRate,
		Step:       func(int, float64) { updates++ },
		Stop:       func() bool { return updates == 17 },
		Checkpoint: func(ck *Checkpoint) error { return WriteCheckpoint(path, ck) },
	})
	if !stopped.Interrupted {
		t.Fatal("the run was not stopped")
	}
	ck, err := ReadCheckpoint(path, math.MaxInt64)
	if err != nil {
		t.Fatal(err)
	}
	got := Resume(ck, d, Hooks{})
	if !slices.Equal(got.Losses, want.Losses) || !slices.Equal(got.Rates, want.Rates) {
		t.Fatalf("resumed: rates %v, losses equal %v; want rates %v", got.Rates, slices.Equal(got.Losses, want.Losses), want.Rates)
	}
}

// TestLRHookDiverged: a run that diverges after a change of rate made
// since its last evaluation is replayed with the rates it took, not the
// checkpoint's last.
func TestLRHookDiverged(t *testing.T) {
	d := smallData(t)
	cfg := Config{Iters: 30, Batch: 7, LR: 0.5, Hidden: 6, WeightStd: 0.1, Seed: 9}
	rate := func(i int) float64 { // an epoch is 4 updates: evaluations at 0, 4, 8, 12
		if i >= 9 {
			return 3
		}
		return 0.5
	}
	var net *network.TwoLayerNet
	res := Run(cfg, d, Hooks{
		LR:         rate,
		Checkpoint: func(ck *Checkpoint) error { net = ck.Net; return nil },
		Step: func(i int, _ float64) {
			if i == 10 {
				net.W2.Data()[0] = math.Inf(1)
			}
		},
	})
	short := cfg
	short.Iters = 11
	want := Run(short, d, Hooks{LR: rate})
	if !res.Diverged || !slices.Equal(res.Losses, want.Losses) || !slices.Equal(res.Rates, want.Rates) {
		t.Errorf("diverged %v: rates %v, losses equal %v; want the 11 updates' %v", res.Diverged, res.Rates, slices.Equal(res.Losses, want.Losses), want.Rates)
	}
}

// TestLRHookRefused: a rate that is not a positive number is a
// programmer's error, a panic naming the update.
func TestLRHookRefused(t *testing.T) {
	d := smallData(t)
	for _, lr := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		func() {
			defer func() {
				msg := fmt.Sprint(recover())
				if !strings.Contains(msg, "for update 0 is not a positive number") {
					t.Errorf("lr %v: panic %q", lr, msg)
				}
			}()
			Run(Config{Iters: 2, Batch: 7, LR: 0.5, Hidden: 6, WeightStd: 0.1}, d, Hooks{LR: func(int) float64 { return lr }})
		}()
	}
}

// TestCheckRates: the learning rates a checkpoint may hold, both sides of
// each bound.
func TestCheckRates(t *testing.T) {
	cfg := Config{LR: 0.1}
	for _, c := range []struct {
		rates []Rate
		done  int
		ok    bool
	}{
		{[]Rate{{0, 0.1}}, 0, true},
		{[]Rate{{0, 0.1}, {4, 0.5}}, 5, true},
		{[]Rate{{0, 0.1}, {5, 0.5}}, 5, false}, // from an update not done
		{nil, 5, false},
		{[]Rate{{0, 0.2}}, 5, false},           // not the settings' rate
		{[]Rate{{1, 0.1}}, 5, false},           // not from update 0
		{[]Rate{{0, 0.1}, {0, 0.5}}, 5, false}, // not after the one before
		{[]Rate{{0, 0.1}, {3, 0.5}, {2, 0.7}}, 5, false},
		{[]Rate{{0, 0.1}, {3, 0.1}}, 5, false}, // no change
		{[]Rate{{0, 0.1}, {3, 0}}, 5, false},
		{[]Rate{{0, 0.1}, {3, math.Inf(1)}}, 5, false},
		{[]Rate{{0, 0.1}, {3, math.NaN()}}, 5, false},
	} {
		if err := checkRates(c.rates, cfg, c.done); (err == nil) != c.ok {
			t.Errorf("%v after %d updates: error %v, want ok %v", c.rates, c.done, err, c.ok)
		}
	}
	// The error names the rate by run.json's field and index.
	for _, c := range []struct {
		rates []Rate
		want  string
	}{
		{[]Rate{{0, 0.1}, {3, 0.5}, {3, 0.7}}, "learning_rates[2], from update 3: must be after update 3 and before the 5 done"},
		{[]Rate{{0, 0.1}, {3, 0.5}, {4, 0.5}}, "learning_rates[2], 0.5: must be a positive number other than the one before"},
	} {
		if err := checkRates(c.rates, cfg, 5); err == nil || err.Error() != c.want {
			t.Errorf("%v: %v, want %q", c.rates, err, c.want)
		}
	}
	rates := []Rate{{0, 0.1}, {3, 0.5}}
	if before, at := rateAt(rates, 2), rateAt(rates, 3); before != 0.1 || at != 0.5 {
		t.Errorf("rateAt %v before and at the change: %v, %v", rates, before, at)
	}
}

// TestPauseNotCounted: the time the Stop hook waits is left out of the
// run's elapsed time.
func TestPauseNotCounted(t *testing.T) {
	d := smallData(t)
	cfg := Config{Iters: 4, Batch: 7, LR: 0.5, Hidden: 6, WeightStd: 0.1, Seed: 9}
	const pause = 300 * time.Millisecond
	start := time.Now()
	res := Run(cfg, d, Hooks{Stop: func() bool { time.Sleep(pause); return false }})
	wall := time.Since(start)
	if paused := 3 * pause; wall < paused || res.Final.Elapsed > wall-paused {
		t.Errorf("three pauses of %v in %v: elapsed %v, want at most %v", pause, wall, res.Final.Elapsed, wall-paused)
	}
}
