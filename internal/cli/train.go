package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"dlfs/internal/report"
	"dlfs/train"
)

// trainCommand is `go run . [flags]`: §4.5's training, or with -load the
// evaluation of saved parameters. Every flag is checked before anything
// is written.
func trainCommand(args []string, stdout, stderr io.Writer, live bool) error {
	cfg := train.DefaultConfig // the book's settings (§4.5.2), each batch's images distinct
	fs := newFlags("dlfs", stderr, func(fs *flag.FlagSet) { usage(stderr, fs) })
	fs.IntVar(&cfg.Iters, "iters", cfg.Iters, "number of parameter updates (iters_num)")
	fs.IntVar(&cfg.Batch, "batch", cfg.Batch, "images per mini-batch (batch_size)")
	fs.Float64Var(&cfg.LR, "lr", cfg.LR, "learning rate (learning_rate)")
	fs.IntVar(&cfg.Hidden, "hidden", cfg.Hidden, "hidden units (hidden_size)")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "seed of the random source for weights and batches")
	fs.BoolVar(&cfg.Replace, "replace", cfg.Replace, "draw each batch with replacement, as the book's np.random.choice")
	grad := fs.String("grad", "backprop", "gradient method: backprop or numerical (§4.5's numerical gradient, slow)")
	dataDir := fs.String("data", "", "`DIR` of IDX files (MNIST layout) instead of the embedded MNIST")
	out := fs.String("out", "out", "`DIR` for the figures and params.npz")
	load := fs.String("load", "", "evaluate the parameters in `FILE` (a params.npz) instead of training;\nwith -out, draw what they have learned there too")
	resume := fs.String("resume", "", "continue the run saved in `DIR` (its checkpoint.npz), with its settings, writing to DIR")
	book := fs.Bool("book", false, "run ch04/train_neuralnet.py as the book does: numpy's random stream, float32 pixels,\nbatches with replacement, TwoLayerNet on dense tensors (takes -seed -iters -replace -out -data)")
	if err := fs.parse(args, false); err != nil {
		return err
	}
	switch *grad {
	case "backprop":
	case "numerical":
		cfg.Numerical = true
	default:
		return fs.bad("-grad %q: want backprop or numerical", *grad)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	// others lists the flags set beyond those allowed.
	others := func(allowed ...string) string {
		var extra []string
		fs.VisitAll(func(f *flag.Flag) {
			if set[f.Name] && !slices.Contains(allowed, f.Name) {
				extra = append(extra, "-"+f.Name)
			}
		})
		return strings.Join(extra, " ")
	}
	limit := memoryLimit()
	var ck *train.Checkpoint
	switch {
	case *load != "":
		if extra := others("load", "data", "out"); extra != "" {
			return fs.bad("-load evaluates saved parameters: %s would be ignored", extra)
		}
	case *resume != "":
		var err error
		if ck, err = train.ReadCheckpoint(filepath.Join(*resume, "checkpoint.npz"), limit); err != nil {
			return err
		}
		saved := savedFlags(ck, *resume)
		var contradict []string
		fs.Visit(func(f *flag.Flag) {
			want, ok := saved[f.Name]
			got := f.Value.String()
			switch f.Name {
			case "out":
				got, want = filepath.Clean(got), filepath.Clean(want)
			case "data":
				return // the data is known by its contents, below: a folder may move
			}
			if ok && got != want {
				if want == "" {
					want = "the embedded MNIST"
				}
				contradict = append(contradict, fmt.Sprintf("-%s %s (the run has %s)", f.Name, f.Value, want))
			}
		})
		if len(contradict) > 0 {
			return fs.bad("-resume continues the run with its settings: %s", strings.Join(contradict, ", "))
		}
		cfg, *out = ck.Config, *resume
		if !set["data"] {
			*dataDir = ck.Data.Dir
		}
	case *book:
		if extra := others("book", "seed", "iters", "replace", "out", "data"); extra != "" {
			return fs.bad("-book runs the book's script with its settings: %s cannot be changed", extra)
		}
		bookCfg := train.BookConfig // the book's settings, as they stand but for these flags
		bookCfg.Seed, bookCfg.Iters = cfg.Seed, cfg.Iters
		if set["replace"] {
			bookCfg.Replace = cfg.Replace
		}
		cfg = bookCfg
	}
	if *load == "" {
		if err := cfg.Validate(); err != nil {
			return fs.bad("-%v", err)
		}
	}

	data, err := loadData(*dataDir)
	if err != nil {
		if ck != nil && !set["data"] {
			return fmt.Errorf("%w\n-resume %s: the run trained on %s; if that folder has moved, name its new place with -data", err, *resume, ck.Data.Name())
		}
		return err
	}
	if *load != "" {
		loadOut := ""
		if set["out"] {
			loadOut = *out
			// The evaluation's files would replace a training run's and
			// remove the rest: its checkpoint, its curves.
			if _, err := os.Stat(filepath.Join(loadOut, "checkpoint.npz")); err == nil {
				return fs.bad("-out %s holds a training run (its checkpoint.npz), whose files the evaluation would replace: choose another -out", loadOut)
			}
			if err := report.CheckOwned(loadOut); err != nil {
				return fs.bad("-out: %v", err)
			}
			if err := report.PrepareOutput(loadOut); err != nil {
				return fs.bad("-out: %v", err)
			}
			lock, err := report.LockFolder(loadOut)
			if err != nil {
				return fmt.Errorf("-out: %w", err)
			}
			defer lock.Unlock()
		}
		return evaluateModel(*load, limit, data, loadOut, stdout, stderr)
	}
	if ck != nil {
		if err := ck.Matches(data); err != nil {
			return fmt.Errorf("-resume %s: %w", *resume, err)
		}
	}
	if err := cfg.FitsData(data.Train.Len()); err != nil {
		return fs.bad("-%v", err)
	}
	if err := cfg.FitsMemory(limit, data.Train.Len(), data.Test.Len()); err != nil {
		return fs.bad("-%v", err)
	}
	outFlag := "-out" // the flag that named the folder
	if *resume != "" {
		outFlag = "-resume"
	}
	if err := report.CheckOwned(*out); err != nil {
		return fs.bad("%s: %v", outFlag, err)
	}
	if err := report.PrepareOutput(*out); err != nil {
		return fs.bad("%s: %v", outFlag, err)
	}
	lock, err := report.LockFolder(*out)
	if err != nil {
		return fmt.Errorf("%s: %w", outFlag, err)
	}
	defer lock.Unlock()
	t := &training{cfg: cfg, ck: ck, data: data, dataDir: absolute(*dataDir), out: *out, live: live}
	return t.do(stdout, stderr)
}

// savedFlags returns the flags that would make the run ck saved, as their
// values print: a flag given with -resume must agree with them.
func savedFlags(ck *train.Checkpoint, dir string) map[string]string {
	c := ck.Config
	grad := "backprop"
	if c.Numerical {
		grad = "numerical"
	}
	return map[string]string{
		"iters": strconv.Itoa(c.Iters), "batch": strconv.Itoa(c.Batch), "lr": strconv.FormatFloat(c.LR, 'g', -1, 64),
		"hidden": strconv.Itoa(c.Hidden), "seed": strconv.FormatUint(c.Seed, 10), "replace": strconv.FormatBool(c.Replace),
		"grad": grad, "book": strconv.FormatBool(c.Book), "out": dir, "data": ck.Data.Dir,
	}
}
