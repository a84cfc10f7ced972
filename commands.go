package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"

	"dlfs/train"
)

// usage prints how to call the program: the chapter's examples in the
// book's order and, given their flag set, the training's flags.
func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: go run . [flags]           train the two-layer network on MNIST (§4.5)\n")
	fmt.Fprintf(w, "       go run . COMMAND [flags]   run one of the chapter's examples\n\ncommands, in the chapter's order:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %-7s %s\n", c.name, c.section, c.summary)
	}
	fmt.Fprintf(w, "and beyond the book:\n")
	fmt.Fprintf(w, "  %-10s %-7s %s\n", "serve", "", "the learning lab: train and watch it learn, draw digits, the chapter by hand")
	fmt.Fprintf(w, "  %-10s %-7s %s\n", "predict", "", "read handwritten digits from PNG, JPEG or GIF files (with out/params.npz)")
	if fs == nil {
		fmt.Fprintf(w, "\n(go run . -h lists the training's flags)\n")
		return
	}
	fmt.Fprintf(w, "\nflags of the training:\n")
	fs.PrintDefaults()
}

// commandMain is `go run . NAME [flags]`: one of the chapter's examples,
// with only the flags it uses.
func commandMain(name string, args []string, stdout, stderr io.Writer) error {
	c, ok := findCommand(name)
	if !ok {
		fmt.Fprintf(stderr, "dlfs: unknown command %q\n", name)
		usage(stderr, nil)
		return errUsage
	}
	r := &commandRun{stdout: stdout, stderr: stderr}
	fs := flag.NewFlagSet("dlfs "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	if c.figure {
		fs.StringVar(&r.out, "out", "out", "`DIR` for the figure")
	}
	var seed uint64
	if c.random {
		fs.Uint64Var(&seed, "seed", 0, "np.random.seed(`N`), from 0 to 2^32 − 1")
	}
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: go run . %s [flags]   %s %s\n", name, c.section, c.summary)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	bad := func(format string, a ...any) error {
		fmt.Fprintf(stderr, "dlfs %s: "+format+"\n", append([]any{name}, a...)...)
		fs.Usage()
		return errUsage
	}
	if fs.NArg() > 0 {
		return bad("unexpected argument %q", fs.Arg(0))
	}
	if seed > math.MaxUint32 {
		return bad("-seed %d: np.random.seed takes at most 2^32 − 1", seed)
	}
	r.seed = uint32(seed)
	if c.figure {
		if err := train.PrepareOutput(r.out); err != nil {
			return bad("-out: %v", err)
		}
	}
	return c.run(r)
}
