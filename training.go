package main

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"time"

	"dlfs/mnist"
	"dlfs/network"
	"dlfs/train"
	"dlfs/train/engine"
)

// loadData returns the embedded MNIST, or the IDX files of dir.
func loadData(dir string) (*mnist.Dataset, error) {
	if dir == "" {
		return mnist.Load()
	}
	return mnist.LoadDir(dir)
}

// errInterrupted reports a run stopped by SIGINT or SIGTERM, its work
// saved: the program exits with status 130, as a shell reports Ctrl-C.
var errInterrupted = errors.New("interrupted")

// runTraining is `go run .` (run is train.Run), `go run . -book`
// (train.Book) or `go run . -resume DIR` (train.Resume of ck) once the
// flags are checked: it trains as cfg says, printing a line per epoch and
// a final line to stdout, saving a checkpoint at every evaluation, then
// writes params.npz, the figures and the numbers (loss.csv, accuracy.csv)
// to out. Messages that are not results (the numerical gradient's warning,
// the files written) go to stderr.
//
// SIGINT (Ctrl-C) or SIGTERM stops the run after the update in progress;
// it is evaluated once more and everything is written for the updates
// done, then the last line says where it stopped. A second signal ends the
// program at once; every file is written whole or not at all.
func runTraining(run func(train.Config, *mnist.Dataset, train.Hooks) *train.Result, cfg train.Config, ck *train.Checkpoint,
	data *mnist.Dataset, out string, live bool, stdout, stderr io.Writer) error {
	if cfg.Numerical {
		per := numericalUpdateTime(cfg, data)
		fmt.Fprintf(stderr, "warning: the numerical gradient takes about %s per update, %s for %d updates\n",
			per.Round(time.Millisecond), (time.Duration(cfg.Iters) * per).Round(time.Second), cfg.Iters)
	}
	rep := train.NewReporter(stdout, live, cfg.Iters)
	hooks := rep.Hooks()
	if ck != nil {
		rep.Resumed(ck.Evals)
	}
	checkpoint := filepath.Join(out, "checkpoint.npz")
	warned := false
	hooks.Checkpoint = func(ck *train.Checkpoint) {
		if err := train.WriteCheckpoint(checkpoint, ck); err != nil && !warned {
			fmt.Fprintf(stderr, "warning: no checkpoint: %v\n", err)
			warned = true
		}
	}
	stopping, release := onSignal(stderr)
	defer release()
	hooks.Stop = stopping.Load
	res := run(cfg, data, hooks)
	rep.Final(res.Final)

	// The parameters first: a figure that cannot be written must not cost
	// the trained network.
	model := filepath.Join(out, "params.npz")
	if err := train.SaveModel(model, res.Net); err != nil {
		return err
	}
	fmt.Fprintln(stderr, "wrote", model)
	paths, err := train.Figures(out, res, cfg.ItersPerEpoch(data.Train.Len()))
	if err == nil {
		var more []string
		more, err = train.Numbers(out, res)
		paths = append(paths, more...)
	}
	for _, p := range paths {
		fmt.Fprintln(stderr, "wrote", p)
	}
	if err != nil {
		return err
	}
	if res.Interrupted {
		fmt.Fprintf(stdout, "interrupted at update %d of %d: go run . -resume %s continues it\n", len(res.Losses), cfg.Iters, out)
		return errInterrupted
	}
	return nil
}

// onSignal watches for SIGINT and SIGTERM until release is called: the
// first sets stopping, the second exits with status 130.
func onSignal(stderr io.Writer) (stopping *atomic.Bool, release func()) {
	stopping = new(atomic.Bool)
	sig := make(chan os.Signal, 2)
	done := make(chan struct{})
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case <-sig:
		case <-done:
			return
		}
		stopping.Store(true)
		fmt.Fprintln(stderr, "stopping after the update in progress to save the run; interrupt again to quit at once")
		select {
		case <-sig:
			os.Exit(130)
		case <-done:
		}
	}()
	return stopping, func() {
		signal.Stop(sig)
		close(done)
	}
}

// evaluateModel is `go run . -load FILE`: the accuracies of saved
// parameters.
func evaluateModel(path string, data *mnist.Dataset, stdout io.Writer) error {
	net, err := train.LoadModel(path)
	if err != nil {
		return err
	}
	ev := engine.NewEvaluator(net)
	fmt.Fprintf(stdout, "%s: train acc %.4f  test acc %.4f\n", path, ev.Accuracy(data.Train), ev.Accuracy(data.Test))
	return nil
}

// numericalUpdateTime estimates one numerical-gradient update by timing
// a few on the first batch.
func numericalUpdateTime(cfg train.Config, data *mnist.Dataset) time.Duration {
	net := network.NewTwoLayerNet(mnist.Pixels, cfg.Hidden, mnist.Classes, cfg.WeightStd, rand.New(rand.NewPCG(cfg.Seed, 0)))
	tr := engine.NewTrainer(net)
	x := engine.NewSparse(mnist.Pixels)
	labels := make([]int, min(cfg.Batch, data.Train.Len()))
	engine.Chunk(x, labels, data.Train, 0)
	const probes = 3
	start := time.Now()
	for range probes {
		tr.NumericalGradient(x, labels)
	}
	return time.Since(start) / probes
}
