// Command dlfs is Chapter 4 of "Deep Learning from Scratch" (Koki Saito,
// O'Reilly Japan) in Go: a two-layer network learning MNIST by mini-batch
// stochastic gradient descent, and the chapter's smaller demonstrations.
//
//	go run .                  train with the book's settings (§4.5)
//	go run . -h               every flag
//	go run . diff -out figs   a chapter command (diff, gradient, descent, simplenet, gradcheck)
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"dlfs/train"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, isTerminal(os.Stdout)))
}

// errUsage marks an error already reported with the usage text.
var errUsage = errors.New("usage")

// run is the program with its arguments and streams, returning the exit
// status: 0, 1 for a failure, 2 for bad flags or arguments.
func run(args []string, stdout, stderr io.Writer, live bool) int {
	var err error
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		err = chapterCommand(args[0], args[1:], stdout, stderr)
	} else {
		err = trainCommand(args, stdout, stderr, live)
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	fmt.Fprintln(stderr, "dlfs:", err)
	return 1
}

func trainCommand(args []string, stdout, stderr io.Writer, live bool) error {
	// The book's settings (§4.5.2) are the defaults: see train.BookConfig.
	o := train.Options{Config: train.BookConfig, OutDir: "out", Live: live}
	fs := flag.NewFlagSet("dlfs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.Iters, "iters", o.Iters, "number of parameter updates (iters_num)")
	fs.IntVar(&o.Batch, "batch", o.Batch, "images per mini-batch (batch_size)")
	fs.Float64Var(&o.LR, "lr", o.LR, "learning rate (learning_rate)")
	fs.IntVar(&o.Hidden, "hidden", o.Hidden, "hidden units (hidden_size)")
	fs.Uint64Var(&o.Seed, "seed", o.Seed, "seed of the random source for weights and batches")
	fs.BoolVar(&o.Replace, "replace", o.Replace, "draw each batch with replacement, as the book's np.random.choice")
	fs.StringVar(&o.DataDir, "data", "", "`DIR` of IDX files (MNIST layout) instead of the embedded MNIST")
	fs.StringVar(&o.OutDir, "out", o.OutDir, "`DIR` for the figures and params.npz")
	grad := fs.String("grad", "backprop", "gradient method: backprop or numerical (§4.5's numerical gradient, slow)")
	fs.StringVar(&o.Load, "load", "", "evaluate the parameters in `FILE` (a params.npz) instead of training")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: go run . [flags]          train the two-layer network on MNIST (§4.5)\n")
		fmt.Fprintf(stderr, "       go run . COMMAND [-out DIR] [-seed N]\n\ncommands:\n")
		for _, name := range train.ChapterNames() {
			c := train.Chapters[name]
			fmt.Fprintf(stderr, "  %-10s %-7s %s\n", name, c.Section, c.Summary)
		}
		fmt.Fprintf(stderr, "\nflags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage // the flag package has printed the error and usage
	}
	usage := func(format string, a ...any) error {
		fmt.Fprintf(stderr, "dlfs: "+format+"\n", a...)
		fs.Usage()
		return errUsage
	}
	if fs.NArg() > 0 {
		return usage("unexpected argument %q", fs.Arg(0))
	}
	switch *grad {
	case "backprop":
	case "numerical":
		o.Numerical = true
	default:
		return usage("-grad %q: want backprop or numerical", *grad)
	}
	if err := o.Validate(o.Batch); err != nil {
		return usage("-%v", err)
	}
	if o.Load != "" {
		return train.Evaluate(o, stdout)
	}
	if err := train.PrepareOutput(o.OutDir); err != nil {
		return usage("-out: %v", err)
	}
	return train.Train(o, stdout, stderr)
}

func chapterCommand(name string, args []string, stdout, stderr io.Writer) error {
	c, ok := train.Chapters[name]
	fs := flag.NewFlagSet("dlfs "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "out", "`DIR` for the figure")
	seed := fs.Uint64("seed", 0, "seed for the random weights")
	if !ok {
		fmt.Fprintf(stderr, "dlfs: unknown command %q; commands: %s\n", name, strings.Join(train.ChapterNames(), ", "))
		return errUsage
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dlfs %s: unexpected argument %q\n", name, fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	if err := train.PrepareOutput(*out); err != nil {
		fmt.Fprintf(stderr, "dlfs %s: -out: %v\n", name, err)
		return errUsage
	}
	return c.Run(stdout, *out, *seed)
}

// isTerminal reports whether f is a terminal (a character device), where a
// live progress line can be redrawn; pipes and files get plain lines only.
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
