package cli

import (
	"flag"
	"fmt"
	"io"
	"math"

	"dlfs/internal/report"
)

// usage prints how to call the program: the chapter's examples in the
// book's order and, given their flag set, the training's flags.
func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: go run . [flags]           train the two-layer network on MNIST (§4.5)\n")
	fmt.Fprintf(w, "       go run . COMMAND [flags]   run one of the chapter's examples\n\ncommands, in the chapter's order:\n")
	for _, c := range examples {
		fmt.Fprintf(w, "  %-10s %-7s %s\n", c.name, c.section, c.summary)
	}
	fmt.Fprintf(w, "and beyond the book:\n")
	fmt.Fprintf(w, "  %-10s %-7s %s\n", "serve", "", "the learning lab: train and watch it learn, draw digits, the chapter by hand")
	fmt.Fprintf(w, "  %-10s %-7s %s\n", "predict", "", "read handwritten digits from PNG, JPEG or GIF files (with out/params.npz)")
	fmt.Fprintf(w, "  %-10s %-7s %s\n", "digit", "", "write one of MNIST's test images as a PNG, to try predict on")
	if fs == nil {
		fmt.Fprintf(w, "\n(go run . -h lists the training's flags)\n")
		return
	}
	fmt.Fprintf(w, "\nflags of the training:\n")
	fs.PrintDefaults()
}

// exampleCommand is `go run . NAME [flags]`: one of the chapter's examples,
// with only the flags it uses.
func exampleCommand(name string, args []string, stdout, stderr io.Writer) error {
	c, ok := findExample(name)
	if !ok {
		fmt.Fprintf(stderr, "dlfs: unknown command %q\n", name)
		usage(stderr, nil)
		return errUsage
	}
	r := &exampleRun{stdout: stdout, stderr: stderr}
	fs := newFlags("dlfs "+name, stderr, func(fs *flag.FlagSet) {
		fmt.Fprintf(stderr, "usage: go run . %s [flags]   %s %s\n", name, c.section, c.summary)
		fs.PrintDefaults()
	})
	if c.figure {
		fs.StringVar(&r.out, "out", "out", "`DIR` for the figure")
	}
	var seed uint64
	if c.random {
		fs.Uint64Var(&seed, "seed", 0, "np.random.seed(`N`), from 0 to 2^32 − 1")
	}
	if err := fs.parse(args, false); err != nil {
		return err
	}
	if seed > math.MaxUint32 {
		return fs.bad("-seed %d: np.random.seed takes at most 2^32 − 1", seed)
	}
	r.seed = uint32(seed)
	if c.figure {
		if err := report.PrepareOutput(r.out); err != nil {
			return fs.bad("-out: %v", err)
		}
	}
	return c.run(r)
}
