package report

import (
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"

	"dlfs/mnist"
	"dlfs/network"
	"dlfs/train"
)

// A Folder is a run's output folder as `go run .` keeps it: a checkpoint
// at every evaluation, the first replacing an earlier run's (whose other
// files it then removes, so that the folder holds one run), and at the
// end the run's files, written together or not at all.
type Folder struct {
	Dir     string
	DataDir string            // -data's folder, absolute, kept in the checkpoint; empty for the embedded MNIST
	ck      *train.Checkpoint // the run continued, or nil
	saved   int               // the updates of the last checkpoint written, or -1
}

// NewFolder returns the Folder dir for a new run, or with ck for the run
// ck continues.
func NewFolder(dir, dataDir string, ck *train.Checkpoint) *Folder {
	f := &Folder{Dir: dir, DataDir: dataDir, ck: ck, saved: -1}
	if ck != nil {
		f.saved = ck.Done
	}
	return f
}

// Run trains cfg on data with hooks (train.Run), or continues the run the
// folder was made for (train.Resume), taking a checkpoint into the folder
// at every evaluation; Write then writes the run's files beside it. It is
// how the command and the lab both train.
func (f *Folder) Run(cfg train.Config, data *mnist.Dataset, hooks train.Hooks) *train.Result {
	hooks.Checkpoint = f.Checkpoint
	if f.ck != nil {
		return train.Resume(f.ck, data, hooks)
	}
	return train.Run(cfg, data, hooks)
}

// Saved is the updates of the last checkpoint written, or -1 for none.
func (f *Folder) Saved() int { return f.saved }

// Checkpoint writes c as the folder's checkpoint.npz: the Checkpoint
// hook.
func (f *Folder) Checkpoint(c *train.Checkpoint) error {
	c.Data.Dir = f.DataDir
	if err := train.WriteCheckpoint(filepath.Join(f.Dir, "checkpoint.npz"), c); err != nil {
		return err
	}
	if f.saved < 0 {
		if err := RemoveRunFiles(f.Dir, "checkpoint.npz"); err != nil {
			return err
		}
	}
	f.saved = c.Done
	// The run allocates nothing else between its evaluations, so a
	// checkpoint's buffers (about 1 MB) would pile up until the heap
	// doubled; collecting them now keeps the peak memory near what it was
	// without checkpoints.
	runtime.GC()
	return nil
}

// Write writes the files of res, a run of cfg on data, beside its
// checkpoint: params.npz, the figures, loss.csv, accuracy.csv,
// confusion.csv and report.html, all or, if one cannot be written, none.
// It returns the paths written.
func (f *Folder) Write(res *train.Result, cfg train.Config, data *mnist.Dataset) ([]string, error) {
	in := Inspect(res.Net, data.Test)
	figs := append(RunFigures(res, cfg.ItersPerEpoch(data.Train.Len())), ModelFigures(res.Initial, res.Net, in, data.Test)...)
	var lines []string
	for _, e := range res.Evals {
		lines = append(lines, EvalLine(cfg, e))
	}
	lines = append(lines, "final "+FormatEval(res.Final))
	page := &Page{
		Title:    "Chapter 4: a two-layer network learns MNIST",
		Settings: settings(cfg, res.Rates, f.DataDir, f.Dir),
		Lines:    lines,
		Final:    fmt.Sprintf("After %d updates: train accuracy %.4f, test accuracy %.4f.", res.Final.Iter, res.Final.TrainAcc, res.Final.TestAcc),
		Figures:  figs,
	}
	o := NewOutput(f.Dir)
	err := o.AddFunc("params.npz", func(w io.Writer) error { return train.WriteModel(w, res.Net) })
	if err == nil {
		err = addModelFiles(o, figs, in, page)
	}
	if err == nil {
		loss, acc := NumbersCSV(res)
		if err = o.Add("loss.csv", loss); err == nil {
			err = o.Add("accuracy.csv", acc)
		}
	}
	if err != nil {
		o.Abort()
		return nil, err
	}
	return o.Commit("checkpoint.npz")
}

// WriteEvaluation writes into dir the files of saved parameters evaluated
// (go run . -load FILE -out DIR): params.npz, the figures of what they
// have learned, confusion.csv and their page, all together or, if one
// cannot be written, none, in place of an earlier run's files. path names
// the parameters' file, line is what the evaluation printed. It returns
// the paths written.
func WriteEvaluation(dir, path string, net *network.TwoLayerNet, test *mnist.Set, line string, trainAcc, testAcc float64) ([]string, error) {
	in := Inspect(net, test)
	figs := ModelFigures(nil, net, in, test)
	page := &Page{
		Title:    "Chapter 4: a two-layer network's parameters, evaluated",
		Settings: [][2]string{{"parameters", path}, {"hidden units", fmt.Sprint(net.W1.Dim(1))}},
		Lines:    []string{line},
		Final:    fmt.Sprintf("Train accuracy %.4f, test accuracy %.4f.", trainAcc, testAcc),
		Figures:  figs,
	}
	o := NewOutput(dir)
	err := o.AddFunc("params.npz", func(w io.Writer) error { return train.WriteModel(w, net) })
	if err == nil {
		err = addModelFiles(o, figs, in, page)
	}
	if err != nil {
		o.Abort()
		return nil, err
	}
	return o.Commit()
}

// addModelFiles adds the figures, confusion.csv and report.html to o.
func addModelFiles(o *Output, figs []Figure, in *Inspection, page *Page) error {
	for _, f := range figs {
		if err := o.Add(f.Name, f.SVG); err != nil {
			return err
		}
	}
	if err := o.Add("confusion.csv", ConfusionCSV(in)); err != nil {
		return err
	}
	return o.Add("report.html", page.HTML())
}

// settings lists a run's settings for its page.
func settings(cfg train.Config, rates []train.Rate, dataDir, out string) [][2]string {
	loop := "the tuned engine (go run .)"
	if cfg.Book {
		loop = "the book's train_neuralnet.py on numpy's random stream (go run . -book)"
	}
	grad := "backpropagation"
	if cfg.Numerical {
		grad = "numerical (central differences)"
	}
	lr := fmt.Sprint(cfg.LR)
	if len(rates) > 1 {
		var changes []string
		for _, r := range rates[1:] {
			changes = append(changes, fmt.Sprintf("%v from update %d", r.LR, r.From))
		}
		lr += ", then " + strings.Join(changes, ", ")
	}
	return [][2]string{
		{"updates (iters_num)", fmt.Sprint(cfg.Iters)}, {"batch size", fmt.Sprint(cfg.Batch)},
		{"learning rate", lr}, {"hidden units", fmt.Sprint(cfg.Hidden)},
		{"initial weights", fmt.Sprintf("%g·N(0, 1)", cfg.WeightStd)}, {"seed", fmt.Sprint(cfg.Seed)},
		{"batches drawn with replacement", fmt.Sprint(cfg.Replace)}, {"gradient", grad},
		{"loop", loop}, {"data", train.DataRecord{Dir: dataDir}.Name()}, {"output folder", out},
	}
}
