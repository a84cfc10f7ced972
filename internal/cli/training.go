package cli

import (
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"dlfs/internal/report"
	"dlfs/mnist"
	"dlfs/train"
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
// `go run .` or `go run . -book` (train.Run), or `go run . -resume DIR`
// (train.Resume of ck).
type training struct {
	cfg     train.Config
	ck      *train.Checkpoint // the run to continue, or nil
	data    *mnist.Dataset
	dataDir string // the folder of -data, absolute; empty for the embedded MNIST
	out     string // the output folder
	live    bool   // stdout is a terminal: draw the progress line
}

// do trains, printing a line per epoch and a final line to stdout, saving
// a checkpoint at every evaluation, then writes params.npz, the figures,
// the numbers (loss.csv, accuracy.csv, confusion.csv) and report.html to
// the output folder, all together or, if one cannot be written, none.
// Messages that are not results (the numerical gradient's warning, the
// files written) go to stderr.
//
// The output folder holds one run: the new run's first checkpoint
// replaces the earlier run's, and the earlier run's other files are then
// removed, so that -resume continues the run whose files are there. A
// checkpoint that cannot be written stops the run with an error.
//
// SIGINT (Ctrl-C) or SIGTERM stops the run after the update in progress;
// it is evaluated once more and everything is written for the updates
// done, then the last line says where it stopped. A second signal ends the
// program at once; every file is written whole or not at all.
//
// A loss that is not a finite number (a learning rate too large) is
// reported on stderr at once and ends the run: its files are for the
// updates before, and the program exits with status 1.
func (t *training) do(stdout, stderr io.Writer) error {
	cfg, ck, data, out := t.cfg, t.ck, t.data, t.out
	left := cfg.Iters
	if ck != nil {
		left -= ck.Done
	}
	if ck != nil && left == 0 {
		fmt.Fprintf(stderr, "-resume %s: the run has done its %s; its evaluation and files are made again\n", out, report.Updates(cfg.Iters))
	}
	if cfg.Numerical && left > 0 {
		per := train.NumericalUpdateTime(cfg, data)
		total, unit := time.Duration(left)*per, time.Second
		if total < 10*time.Second {
			unit = 10 * time.Millisecond
		}
		fmt.Fprintf(stderr, "warning: the numerical gradient takes about %s per update, %s for the %s to do\n",
			per.Round(time.Millisecond), total.Round(unit), report.Updates(left))
	}
	rep := report.NewReporter(stdout, t.live, cfg)
	hooks := rep.Hooks()
	if ck != nil {
		rep.Resumed(ck.Evals)
	}
	step := hooks.Step
	hooks.Step = func(i int, loss float64) {
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			fmt.Fprintf(stderr, "dlfs: the loss of update %d is %v: the training has diverged (is -lr %v too large?); "+
				"stopping, with the files of the %s before it\n", i, loss, cfg.LR, report.Updates(i))
		}
		step(i, loss)
	}
	folder := report.NewFolder(out, t.dataDir, ck)
	sig := onSignal(stderr)
	defer sig.release()
	hooks.Stop = sig.stopping.Load
	res := folder.Run(cfg, data, hooks)
	sig.finished()
	if res.Err != nil {
		where := out + " still holds the earlier run's files"
		if saved := folder.Saved(); saved >= 0 {
			where = fmt.Sprintf("go run . -resume %s continues from its checkpoint after %s", out, report.Updates(saved))
		}
		return fmt.Errorf("%w\nthe run stopped after %s, nothing more written: %s", res.Err, report.Updates(len(res.Losses)), where)
	}
	rep.Final(res.Final)

	paths, err := folder.Write(res, cfg, data)
	if err != nil && paths == nil {
		return fmt.Errorf("%w\nnone of the run's files written: go run . -resume %s writes them from its checkpoint", err, out)
	}
	for _, p := range paths {
		fmt.Fprintln(stderr, "wrote", p)
	}
	if err != nil {
		return err
	}
	switch {
	case res.Diverged:
		fmt.Fprintf(stdout, "diverged at update %d of %d: its loss is %v; the files are for the %s before it\n",
			len(res.Losses), cfg.Iters, res.DivergedLoss, report.Updates(len(res.Losses)))
		return errReported
	case res.Interrupted:
		fmt.Fprintf(stdout, "interrupted at update %d of %d: go run . -resume %s continues it\n", len(res.Losses), cfg.Iters, out)
		return errInterrupted
	}
	return nil
}

// longEvaluation is the hidden units past which -load says, before it
// starts, that the evaluation will take a while (seconds, up to a minute
// at train.MaxModelHidden).
const longEvaluation = 1000

// evaluateModel is `go run . -load FILE`: the accuracies of saved
// parameters and, with out, the parameters, the figures of what they have
// learned and their page, written together in place of an earlier run's
// files.
func evaluateModel(path string, limit int64, data *mnist.Dataset, out string, stdout, stderr io.Writer) error {
	net, err := train.LoadModel(path, limit)
	if err != nil {
		return err
	}
	if h := net.W1.Dim(1); h > longEvaluation {
		fmt.Fprintf(stderr, "evaluating %d hidden units on %d images: %d times the work of the book's 50, a while\n",
			h, data.Train.Len()+data.Test.Len(), h/50)
	}
	trainAcc, testAcc := train.Accuracies(net, data)
	line := fmt.Sprintf("%s: train acc %.4f  test acc %.4f", path, trainAcc, testAcc)
	fmt.Fprintln(stdout, line)
	if out == "" {
		return nil
	}
	paths, err := report.WriteEvaluation(out, path, net, data.Test, line, trainAcc, testAcc)
	for _, p := range paths {
		fmt.Fprintln(stderr, "wrote", p)
	}
	return err
}
