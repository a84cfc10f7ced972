package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dlfs/internal/platformtest"
)

// testdata holds the model files of every kind -load must read or refuse.
const testdata = "../../train/testdata/"

// TestCommandLineErrors: each bad flag, argument or input file gets its
// exit status and a first line on stderr that names it.
func TestCommandLineErrors(t *testing.T) {
	skipUnderRace(t)
	tmp := t.TempDir()
	file := filepath.Join(tmp, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	fifo := filepath.Join(tmp, "fifo")
	hasFIFO := platformtest.FIFO(t, fifo)
	nodir := filepath.Join(tmp, "nodir")
	noTrain, noTest := smallDataDir(t, 0, 10), smallDataDir(t, 10, 0)
	tests := []struct {
		args []string
		code int
		want string // the first line of stderr
	}{
		{[]string{"-lr", "fast"}, 2, `invalid value "fast" for flag -lr`},
		{[]string{"-batch", "0"}, 2, "dlfs: -batch 0: must be at least 1"},
		{[]string{"-iters", "-5"}, 2, "dlfs: -iters -5: must be at least 1"},
		{[]string{"-grad", "magic"}, 2, `dlfs: -grad "magic": want backprop or numerical`},
		{[]string{"-nosuch"}, 2, "flag provided but not defined: -nosuch"},
		{[]string{"-iters", "5", "extra"}, 2, `dlfs: unexpected argument "extra"`},
		{[]string{"-out", filepath.Join(file, "sub")}, 2, "dlfs: -out: output folder " + filepath.Join(file, "sub")},
		{[]string{"-batch", "60001", "-iters", "1", "-out", filepath.Join(tmp, "x")}, 2, "dlfs: -batch 60001: larger than the 60000 training images"},
		{[]string{"-load", file, "-iters", "5", "-seed", "2"}, 2, "dlfs: -load evaluates saved parameters: -iters -seed would be ignored"},
		{[]string{"-book", "-lr", "0.5", "-batch", "10"}, 2, "dlfs: -book runs the book's script with its settings: -batch -lr cannot be changed"},
		{[]string{"-book", "-grad", "numerical"}, 2, "dlfs: -book runs the book's script with its settings: -grad cannot be changed"},
		{[]string{"-book", "-hidden", "100", "-load", file}, 2, "dlfs: -load evaluates saved parameters: -book -hidden would be ignored"},
		{[]string{"-lr", "NaN"}, 2, "dlfs: -lr NaN: must be a positive number"},
		{[]string{"-lr", "-Inf"}, 2, "dlfs: -lr -Inf: must be a positive number"},
		{[]string{"-lr", "0"}, 2, "dlfs: -lr 0: must be a positive number"},
		{[]string{"-hidden", "0"}, 2, "dlfs: -hidden 0: must be at least 1"},
		{[]string{"-seed", "-1"}, 2, `invalid value "-1" for flag -seed`},
		{[]string{"-book", "-seed", "4294967296"}, 2, "dlfs: -seed 4294967296: np.random.seed takes at most 2^32 − 1"},
		{[]string{"simplenet", "-seed", "4294967296"}, 2, "dlfs simplenet: -seed 4294967296: np.random.seed takes at most 2^32 − 1"},
		{[]string{"bogus"}, 2, `dlfs: unknown command "bogus"`},
		{[]string{"diff", "-seed", "1"}, 2, "flag provided but not defined: -seed"},
		{[]string{"loss", "-out", tmp}, 2, "flag provided but not defined: -out"},
		{[]string{"simplenet", "extra"}, 2, `dlfs simplenet: unexpected argument "extra"`},
		{[]string{"serve", "extra"}, 2, `dlfs serve: unexpected argument "extra"`},
		{[]string{"serve", "-addr"}, 2, "flag needs an argument: -addr"},
		{[]string{"serve", "-addr", "nonsense"}, 1, "dlfs serve: listen tcp: address nonsense: missing port in address"},
		{[]string{"serve", "-addr", "127.0.0.1:0", "-out", filepath.Join(file, "sub")}, 2, "dlfs serve: -out: output folder " + filepath.Join(file, "sub")},
		{[]string{"serve", "-load", filepath.Join(tmp, "none.npz")}, 1, "dlfs serve: " + filepath.Join(tmp, "none.npz") + " does not exist: run `go run .` first"},
		{[]string{"serve", "-data", nodir}, 1, "dlfs serve: mnist: stat " + nodir},
		{[]string{"digit", "-index", "-1", filepath.Join(tmp, "d.png")}, 2, "dlfs digit: -index -1: the test set's images are 0 to 9999"},
		{[]string{"digit", "-index", "10000", filepath.Join(tmp, "d.png")}, 2, "dlfs digit: -index 10000: the test set's images are 0 to 9999"},
		{[]string{"predict", "-load", filepath.Join(tmp, "none.npz"), file}, 1, "dlfs predict: " + filepath.Join(tmp, "none.npz") + " does not exist"},
		{[]string{"digit"}, 2, "dlfs digit: give one FILE to write, as in: go run . digit seven.png"},
		{[]string{"digit", filepath.Join(tmp, "a.png"), filepath.Join(tmp, "b.png")}, 2, "dlfs digit: give one FILE to write"},
		{[]string{"predict", "-load", file}, 2, "dlfs predict: no image given"},
		{[]string{"diff", "-out", filepath.Join(file, "sub")}, 2, "dlfs diff: -out: output folder"},
		{[]string{"-load", filepath.Join(file, "none.npz")}, 1, "dlfs: open " + filepath.Join(file, "none.npz")},
		{[]string{"-load", file}, 1, "npz: not a zip archive"},
		{[]string{"-load", testdata + "nan.npz"}, 1, "dlfs: " + testdata + "nan.npz: W2 has 4 of its 30 values NaN or infinite"},
		{[]string{"-load", testdata + "wrongshape.npz"}, 1, "dlfs: " + testdata + "wrongshape.npz: W2 has shape [10 3], want [3 10]"},
		{[]string{"-resume", tmp}, 1, "dlfs: " + filepath.Join(tmp, "checkpoint.npz") + ": open "},
		{[]string{"-resume", tmp, "-load", file}, 2, "dlfs: -load evaluates saved parameters: -resume would be ignored"},
		{[]string{"-data", nodir, "-iters", "1", "-out", tmp}, 1, "dlfs: mnist: stat " + nodir + ": " + platformtest.NotFound(t, nodir)},
		{[]string{"-hidden", "100000000", "-out", filepath.Join(tmp, "x")}, 2, "dlfs: -hidden 100000000: the run would need about "},
		{[]string{"-hidden", "9223372036854775807", "-out", filepath.Join(tmp, "x")}, 2, "dlfs: -hidden 9223372036854775807: the run would need about "},
		{[]string{"-batch", "9223372036854775807", "-replace", "-out", filepath.Join(tmp, "x")}, 2, "dlfs: -batch 9223372036854775807: the run would need about "},
		{[]string{"-iters", "9223372036854775807", "-out", filepath.Join(tmp, "x")}, 2, "dlfs: -iters 9223372036854775807: the run would need about "},
		{[]string{"-book", "-iters", "9223372036854775807", "-out", filepath.Join(tmp, "x")}, 2, "dlfs: -iters 9223372036854775807: the run would need about "},
		{[]string{"-data", noTrain, "-replace", "-out", filepath.Join(tmp, "x")}, 1, "dlfs: mnist: " + filepath.Join(noTrain, "train-images-idx3-ubyte") + ": no images"},
		{[]string{"-data", noTrain, "-book", "-out", filepath.Join(tmp, "x")}, 1, "dlfs: mnist: " + filepath.Join(noTrain, "train-images-idx3-ubyte") + ": no images"},
		{[]string{"-data", noTest, "-load", testdata + "float32.npz"}, 1, "dlfs: mnist: " + filepath.Join(noTest, "t10k-images-idx3-ubyte") + ": no images"},
		{[]string{"-data", fifo, "-out", filepath.Join(tmp, "x")}, 1, "dlfs: mnist: " + fifo + " is not a folder of IDX files"},
		{[]string{"-load", fifo}, 1, "dlfs: " + fifo + ": not a regular file but a named pipe"},
		{[]string{"-resume", fifo}, 1, "dlfs: " + filepath.Join(fifo, "checkpoint.npz") + ": open "},
		{[]string{"-h"}, 0, "usage: go run . [flags]"},
		{[]string{"descent", "-h"}, 0, "usage: go run . descent [flags]"},
	}
	for _, tt := range tests {
		if slices.Contains(tt.args, fifo) && !hasFIFO {
			continue // no named pipes on this system
		}
		var stdout, stderr bytes.Buffer
		code := run(tt.args, &stdout, &stderr, false)
		firstLine, _, _ := strings.Cut(stderr.String(), "\n")
		if code != tt.code || !strings.Contains(firstLine, tt.want) {
			t.Errorf("%v: exit %d, first line %q; want exit %d and %q", tt.args, code, firstLine, tt.code, tt.want)
		}
		if stdout.Len() > 0 {
			t.Errorf("%v: printed %q on stdout", tt.args, stdout.String())
		}
		if code == 2 && !strings.Contains(stderr.String(), "usage: go run .") {
			t.Errorf("%v: exit 2 without the usage:\n%s", tt.args, stderr.String())
		}
	}
	// Nothing is created for a bad flag: the folder -out names stays absent.
	if _, err := os.Stat(filepath.Join(tmp, "x")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a rejected -batch created its -out folder: %v", err)
	}
}

// TestFlagsEachModeTakes: -book takes -seed -iters -replace -out -data,
// as its usage says, and refuses each other training flag by name; -load
// takes -data and -out and refuses every other; -seed takes the ends of
// its range (2^64 − 1, and numpy's 2^32 − 1 with -book); -load without
// -out writes nothing; -resume takes its own folder as -out written with
// a trailing slash.
func TestFlagsEachModeTakes(t *testing.T) {
	skipUnderRace(t)
	tmp := t.TempDir()
	t.Chdir(tmp) // a flag wrongly taken trains into ./out: here
	values := map[string]string{"iters": "3", "batch": "10", "lr": "0.5", "hidden": "10", "seed": "2", "replace": "true",
		"grad": "numerical", "data": "d", "out": "o"}
	for flag, value := range values {
		for _, mode := range []struct {
			args    []string
			allowed []string
			want    string
		}{
			{[]string{"-book"}, []string{"seed", "iters", "replace", "out", "data"}, "dlfs: -book runs the book's script with its settings: -%s cannot be changed"},
			{[]string{"-load", "params.npz"}, []string{"data", "out"}, "dlfs: -load evaluates saved parameters: -%s would be ignored"},
		} {
			if slices.Contains(mode.allowed, flag) {
				continue
			}
			args := append(slices.Clone(mode.args), "-"+flag+"="+value)
			code, _, stderr := runCommand(args...)
			firstLine, _, _ := strings.Cut(stderr, "\n")
			if want := fmt.Sprintf(mode.want, flag); code != 2 || firstLine != want {
				t.Errorf("%v: exit %d, %q; want exit 2 and %q", args, code, firstLine, want)
			}
		}
	}
	data := smallDataDir(t, 200, 100)
	for _, args := range [][]string{
		{"-book", "-seed", "4294967295", "-iters", "2", "-replace=false", "-out", "book", "-data", data},
		{"-seed", "18446744073709551615", "-iters", "2", "-batch", "10", "-lr", "0.25", "-out", "engine", "-data", data},
		{"simplenet", "-seed", "4294967295"},
	} {
		if code, _, stderr := runCommand(args...); code != 0 {
			t.Errorf("%v: exit %d, %s", args, code, stderr)
		}
	}
	if code, stdout, stderr := runCommand("-resume", "engine", "-out", "engine/", "-lr", "0.25"); code != 0 || !strings.Contains(stdout, "test acc") {
		t.Errorf("-resume engine -out engine/ -lr 0.25: exit %d, %s%s", code, stdout, stderr)
	}
	before := folder(t, tmp)
	if code, stdout, stderr := runCommand("-load", filepath.Join("engine", "params.npz"), "-data", data); code != 0 || !strings.Contains(stdout, "test acc") {
		t.Errorf("-load without -out: exit %d, %s%s", code, stdout, stderr)
	}
	if after := folder(t, tmp); !slices.Equal(after, before) {
		t.Errorf("-load without -out changed the folder it ran in: %v, then %v", before, after)
	}
}

// TestUsageListsTheChapter: -h lists the commands in the book's order.
func TestUsageListsTheChapter(t *testing.T) {
	var stdout, stderr bytes.Buffer
	run([]string{"-h"}, &stdout, &stderr, false)
	last := -1
	for _, name := range []string{"loss", "diff", "gradient", "descent", "simplenet", "gradcheck"} {
		at := strings.Index(stderr.String(), "\n  "+name+" ")
		if at <= last {
			t.Errorf("-h lists %s at %d, after the command before it at %d:\n%s", name, at, last, stderr.String())
		}
		last = at
	}
}

// skipUnderRace skips an end-to-end test of training runs under the race
// detector (see platformtest.Race).
func skipUnderRace(t *testing.T) {
	if platformtest.Race {
		t.Skip("training runs end to end: in the builds without -race")
	}
}

// runCommand runs the program in-process and returns its exit status,
// stdout and stderr.
func runCommand(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr, false)
	return code, stdout.String(), stderr.String()
}

// folder lists the names in dir, sorted, the temporary files included.
func folder(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// contents reads every file in dir.
func contents(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	for _, name := range folder(t, dir) {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
			m[name] = b
		}
	}
	return m
}
