package main

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
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

// A training is the training command's work once its flags are checked:
// `go run .` (train.Run), `go run . -book` (train.Book) or
// `go run . -resume DIR` (train.Resume of ck).
type training struct {
	cfg  train.Config
	book bool
	ck   *train.Checkpoint // the run to continue, or nil
	data *mnist.Dataset
	out  string // the output folder
	live bool   // stdout is a terminal: draw the progress line
}

// run trains as t says with hooks.
func (t *training) run(hooks train.Hooks) *train.Result {
	switch {
	case t.ck != nil:
		return train.Resume(t.ck, t.data, hooks)
	case t.book:
		return train.Book(t.cfg, t.data, hooks)
	}
	return train.Run(t.cfg, t.data, hooks)
}

// do trains, printing a line per epoch and a final line to stdout, saving
// a checkpoint at every evaluation, then writes params.npz, the figures,
// the numbers (loss.csv, accuracy.csv, confusion.csv) and report.html to
// the output folder. Messages that are not results (the numerical
// gradient's warning, the files written) go to stderr.
//
// SIGINT (Ctrl-C) or SIGTERM stops the run after the update in progress;
// it is evaluated once more and everything is written for the updates
// done, then the last line says where it stopped. A second signal ends the
// program at once; every file is written whole or not at all.
func (t *training) do(stdout, stderr io.Writer) error {
	cfg, ck, data, out := t.cfg, t.ck, t.data, t.out
	if cfg.Numerical {
		per := numericalUpdateTime(cfg, data)
		fmt.Fprintf(stderr, "warning: the numerical gradient takes about %s per update, %s for %d updates\n",
			per.Round(time.Millisecond), (time.Duration(cfg.Iters) * per).Round(time.Second), cfg.Iters)
	}
	rep := train.NewReporter(stdout, t.live, cfg.Iters)
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
		// The run allocates nothing else between its evaluations, so a
		// checkpoint's buffers (about 1 MB) would pile up until the heap
		// doubled; collecting them now keeps the peak memory near what it
		// was without checkpoints (peak RSS of the default run, measured: 141 MB
		// without this, 125 MB with it, 119 MB before checkpoints existed).
		runtime.GC()
	}
	stopping, release := onSignal(stderr)
	defer release()
	hooks.Stop = stopping.Load
	res := t.run(hooks)
	rep.Final(res.Final)

	// The parameters first: a figure that cannot be written must not cost
	// the trained network.
	model := filepath.Join(out, "params.npz")
	if err := train.SaveModel(model, res.Net); err != nil {
		return err
	}
	fmt.Fprintln(stderr, "wrote", model)
	in := train.Inspect(res.Net, data.Test)
	figs := append(train.RunFigures(res, cfg.ItersPerEpoch(data.Train.Len())), train.ModelFigures(res.Initial, res.Net, in, data.Test)...)
	var lines []string
	for _, e := range res.Evals {
		lines = append(lines, train.FormatEval(e))
	}
	lines = append(lines, "final "+train.FormatEval(res.Final))
	page := &train.Page{
		Title:    "Chapter 4: a two-layer network learns MNIST",
		Settings: settings(cfg, t.book, out),
		Lines:    lines,
		Final:    fmt.Sprintf("After %d updates: train accuracy %.4f, test accuracy %.4f.", res.Final.Iter, res.Final.TrainAcc, res.Final.TestAcc),
		Figures:  figs,
	}
	paths, err := writeOutputs(out, figs, in, page)
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
// parameters and, with out, the figures of what they have learned and
// their page.
func evaluateModel(path string, data *mnist.Dataset, out string, stdout, stderr io.Writer) error {
	net, err := train.LoadModel(path)
	if err != nil {
		return err
	}
	ev := engine.NewEvaluator(net)
	trainAcc, testAcc := ev.Accuracy(data.Train), ev.Accuracy(data.Test)
	line := fmt.Sprintf("%s: train acc %.4f  test acc %.4f", path, trainAcc, testAcc)
	fmt.Fprintln(stdout, line)
	if out == "" {
		return nil
	}
	in := train.Inspect(net, data.Test)
	figs := train.ModelFigures(nil, net, in, data.Test)
	page := &train.Page{
		Title:    "Chapter 4: a two-layer network's parameters, evaluated",
		Settings: [][2]string{{"parameters", path}, {"hidden units", fmt.Sprint(net.W1.Dim(1))}},
		Lines:    []string{line},
		Final:    fmt.Sprintf("Train accuracy %.4f, test accuracy %.4f.", trainAcc, testAcc),
		Figures:  figs,
	}
	paths, err := writeOutputs(out, figs, in, page)
	for _, p := range paths {
		fmt.Fprintln(stderr, "wrote", p)
	}
	return err
}

// writeOutputs writes the figures, confusion.csv and report.html to out,
// and returns the paths written, those before an error too.
func writeOutputs(out string, figs []train.Figure, in *train.Inspection, page *train.Page) ([]string, error) {
	paths, err := train.WriteFigures(out, figs)
	if err != nil {
		return paths, err
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{"confusion.csv", train.ConfusionCSV(in)}, {"report.html", page.HTML()}} {
		p := filepath.Join(out, f.name)
		if err := train.WriteFile(p, f.data); err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// settings lists a run's settings for its page.
func settings(cfg train.Config, book bool, out string) [][2]string {
	loop := "the tuned engine (go run .)"
	if book {
		loop = "the book's train_neuralnet.py on numpy's random stream (go run . -book)"
	}
	grad := "backpropagation"
	if cfg.Numerical {
		grad = "numerical (central differences)"
	}
	return [][2]string{
		{"updates (iters_num)", fmt.Sprint(cfg.Iters)}, {"batch size", fmt.Sprint(cfg.Batch)},
		{"learning rate", fmt.Sprint(cfg.LR)}, {"hidden units", fmt.Sprint(cfg.Hidden)},
		{"initial weights", fmt.Sprintf("%g·N(0, 1)", cfg.WeightStd)}, {"seed", fmt.Sprint(cfg.Seed)},
		{"batches drawn with replacement", fmt.Sprint(cfg.Replace)}, {"gradient", grad},
		{"loop", loop}, {"output folder", out},
	}
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
