package train

import (
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"time"

	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
)

// Options are the settings of the program's training command beyond the
// hyperparameters.
type Options struct {
	Config
	DataDir string // IDX files to train on; empty for the embedded MNIST
	OutDir  string // where the figures and params.npz go
	Load    string // evaluate this .npz instead of training
	Live    bool   // draw the live progress line (stdout is a terminal)
}

// LoadData returns the embedded MNIST, or the IDX files of dir.
func LoadData(dir string) (*mnist.Dataset, error) {
	if dir == "" {
		return mnist.Load()
	}
	return mnist.LoadDir(dir)
}

// Train is `go run .`: it trains as o says, printing a line per epoch and a
// final line, then writes the figures and params.npz to o.OutDir. Messages
// that are not results (warnings, the files written) go to stderr.
func Train(o Options, stdout, stderr io.Writer) error {
	data, err := LoadData(o.DataDir)
	if err != nil {
		return err
	}
	if err := o.Validate(data.Train.Len()); err != nil {
		return fmt.Errorf("-%w", err) // the same form as the flag errors main reports
	}
	if o.Numerical {
		per := numericalUpdateTime(o.Config, data)
		fmt.Fprintf(stderr, "warning: the numerical gradient takes about %s per update, %s for %d updates\n",
			per.Round(time.Millisecond), (time.Duration(o.Iters) * per).Round(time.Second), o.Iters)
	}
	rep := NewReporter(stdout, o.Live, o.Iters)
	res := Run(o.Config, data, rep.Hooks())
	rep.Final(res.Final)

	paths, err := Figures(o.OutDir, res, o.ItersPerEpoch(data.Train.Len()))
	if err != nil {
		return err
	}
	model := filepath.Join(o.OutDir, "params.npz")
	if err := SaveModel(model, res.Net); err != nil {
		return err
	}
	for _, p := range append(paths, model) {
		fmt.Fprintln(stderr, "wrote", p)
	}
	return nil
}

// Evaluate is `go run . -load FILE`: the accuracy of saved parameters.
func Evaluate(o Options, stdout io.Writer) error {
	net, err := LoadModel(o.Load)
	if err != nil {
		return err
	}
	data, err := LoadData(o.DataDir)
	if err != nil {
		return err
	}
	ev := NewEvaluator(net)
	fmt.Fprintf(stdout, "%s: train acc %.4f  test acc %.4f\n", o.Load, ev.Accuracy(data.Train), ev.Accuracy(data.Test))
	return nil
}

// numericalUpdateTime estimates one numerical-gradient update by timing
// a few on the first batch.
func numericalUpdateTime(cfg Config, data *mnist.Dataset) time.Duration {
	net := network.NewTwoLayerNet(mnist.Pixels, cfg.Hidden, mnist.Classes, cfg.WeightStd, rand.New(rand.NewPCG(cfg.Seed, 0)))
	tr := network.NewTrainer(net)
	x := tensor.NewSparse(mnist.Pixels)
	labels := make([]int, min(cfg.Batch, data.Train.Len()))
	data.Train.ChunkSparse(x, labels, 0)
	const probes = 3
	start := time.Now()
	for range probes {
		tr.NumericalGradient(x, labels)
	}
	return time.Since(start) / probes
}
