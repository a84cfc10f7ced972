// Package cli is the program's command line: `go run .` trains (§4.5),
// `go run . NAME` runs one of the chapter's examples, `predict` reads
// digits from images, `serve` starts the learning lab. main.go hands it
// the arguments; every flag is checked before anything is written.
//
// Files:
//
//	cli.go       Main, the exit statuses, the flag handling every command shares
//	train.go     `go run . [flags]`: the training's flags, -resume, -book, -load
//	training.go  a training run with its progress, files and signals; -load's evaluation
//	signals.go   Ctrl-C: stop after the update in progress, save, exit 130
//	examples.go  the chapter's examples: their list, usage and flags
//	chapter.go   the examples themselves, §4.2 to §4.5
//	predict.go   `predict`: the three likeliest digits of each image
//	serve.go     `serve`: the learning lab on a local address
//	digit.go     `digit`: a test image as a PNG, to try predict on
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"dlfs/internal/sysmem"
)

// Main runs the program with its arguments (without the program's name)
// and streams, and returns the exit status: 0, 1 for a failure, 2 for bad
// flags or arguments, 130 for a run interrupted by Ctrl-C and saved.
func Main(args []string, stdout, stderr io.Writer) int {
	// Go's scheduler keeps idle processors polling; more of them than
	// cores push the training's threads off their cores (see
	// docs/performance.md).
	if runtime.GOMAXPROCS(0) > runtime.NumCPU() {
		runtime.GOMAXPROCS(runtime.NumCPU())
	}
	f, ok := stdout.(*os.File)
	return run(args, stdout, stderr, ok && isTerminal(f))
}

// errUsage marks an error already reported with the usage text.
var errUsage = errors.New("usage")

// errReported marks a failure already reported, line by line.
var errReported = errors.New("reported")

// run is Main with live saying whether stdout is a terminal, on which a
// progress line is redrawn.
func run(args []string, stdout, stderr io.Writer, live bool) int {
	var err error
	name := "dlfs" // as the error is said: by the command the user typed
	switch {
	case len(args) == 0 || strings.HasPrefix(args[0], "-"):
		err = trainCommand(args, stdout, stderr, live)
	case args[0] == "predict":
		err = predictCommand(args[1:], stdout, stderr)
	case args[0] == "serve":
		err = serveCommand(args[1:], stderr)
	case args[0] == "digit":
		err = digitCommand(args[1:], stdout, stderr)
	default:
		err = exampleCommand(args[0], args[1:], stdout, stderr)
	}
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, errInterrupted):
		return 130
	case errors.Is(err, errReported):
		return 1
	}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name += " " + args[0]
	}
	fmt.Fprintf(stderr, "%s: %v\n", name, err)
	return 1
}

// A flags is one command's flag set, named as the user types the command
// ("dlfs", "dlfs predict"), printing to stderr.
type flags struct {
	*flag.FlagSet
}

// newFlags returns the flags of the command name; usage prints its usage
// line and flags, for -h and after a mistake.
func newFlags(name string, stderr io.Writer, usage func(fs *flag.FlagSet)) flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { usage(fs) }
	return flags{fs}
}

// parse parses args and returns nil, flag.ErrHelp for -h, or errUsage for
// a malformed flag, or for an argument after the flags where the command
// takes none (operands false); the mistake is reported with the usage.
func (f flags) parse(args []string, operands bool) error {
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage // the flag package has printed the error and usage
	}
	if !operands && f.NArg() > 0 {
		return f.bad("unexpected argument %q", f.Arg(0))
	}
	return nil
}

// bad reports a flag or argument the command cannot take, as the flag
// package reports a malformed one: "dlfs predict: " and the message, then
// the usage. It returns errUsage.
func (f flags) bad(format string, a ...any) error {
	fmt.Fprintf(f.Output(), "%s: %s\n", f.Name(), fmt.Sprintf(format, a...))
	f.Usage()
	return errUsage
}

// isTerminal reports whether f is a terminal (a character device), where a
// live progress line can be redrawn; pipes and files get plain lines only.
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// memoryLimit is the memory the machine gives the program, or where that
// cannot be known what the program can address: a run is then refused
// only when its sizes overflow.
func memoryLimit() int64 { return sysmem.Limit() }

// absolute returns dir as an absolute path, so that a run resumed from
// another folder finds its data; "" (the embedded MNIST) stays "".
func absolute(dir string) string {
	if dir == "" {
		return ""
	}
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return filepath.Clean(dir)
}
