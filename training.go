package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
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

// runTraining is `go run .` (run is train.Run) or `go run . -book`
// (train.Book) once the flags are checked: it trains as cfg says, printing
// a line per epoch and a final line to stdout, then writes params.npz, the
// figures and the numbers (loss.csv, accuracy.csv) to out. Messages that
// are not results (the numerical gradient's warning, the files written) go
// to stderr.
func runTraining(run func(train.Config, *mnist.Dataset, train.Hooks) *train.Result, cfg train.Config, data *mnist.Dataset, out string, live bool, stdout, stderr io.Writer) error {
	if cfg.Numerical {
		per := numericalUpdateTime(cfg, data)
		fmt.Fprintf(stderr, "warning: the numerical gradient takes about %s per update, %s for %d updates\n",
			per.Round(time.Millisecond), (time.Duration(cfg.Iters) * per).Round(time.Second), cfg.Iters)
	}
	rep := train.NewReporter(stdout, live, cfg.Iters)
	res := run(cfg, data, rep.Hooks())
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
	return err
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
