package train_test

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"dlfs/internal/platformtest"
	"dlfs/internal/report"
	"dlfs/mnist"
	"dlfs/train"
)

var (
	update    = flag.Bool("update", false, "TestGolden writes its golden files anew")
	goldProcs = flag.String("procs", "", "the GOMAXPROCS values TestGolden runs each golden run with (default 1,2,3,8; 3 with -short)")
)

// TestGolden runs `go run .`'s settings on the real MNIST and compares the
// lines the program prints (elapsed times stripped) and the bytes of
// params.npz and loss.csv with files written by an earlier version of the
// program, for `go run . -iters 1200` (testdata/iters1200.golden),
// `-book -iters 1200` (book1200.golden), `-grad numerical -iters 2`
// (numerical2.golden) and, unless -short, `go run .` (default.golden, the
// 18 lines of the README). Each run is made with GOMAXPROCS 1, 2, 3 and 8
// (-procs; with -short or the race detector 3 alone, more workers than
// cores): the numbers must not depend on how many cores share the work.
// `go run .`'s 10000 updates run the same code as its first 1200, so they
// are made with 3 alone unless -procs says otherwise.
// CI runs it in both builds, with GOAMD64=v3, and on arm64, 386 and wasm
// emulated (with -procs 2 there): the files must be the same on every
// platform.
//
// go test -run TestGolden -update ./train writes the files anew, from the
// first run of each, when a change moves the numbers for a reason.
func TestGolden(t *testing.T) {
	list := *goldProcs
	switch {
	case platformtest.Race || list == "" && testing.Short():
		list = "3"
	case list == "":
		list = "1,2,3,8"
	}
	var procs []int
	for _, p := range strings.Split(list, ",") {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			t.Fatalf("-procs %q: want numbers of at least 1, comma-separated", list)
		}
		procs = append(procs, n)
	}
	data, err := mnist.Load()
	if err != nil {
		t.Fatal(err)
	}
	book, numerical := train.BookConfig, train.DefaultConfig
	book.Iters = 1200
	numerical.Iters, numerical.Numerical = 2, true
	quick := train.DefaultConfig
	quick.Iters = 1200
	for _, c := range []struct {
		file string
		cfg  train.Config
	}{
		{"iters1200.golden", quick},
		{"book1200.golden", book},
		{"numerical2.golden", numerical},
		{"default.golden", train.DefaultConfig},
	} {
		if c.cfg.Iters > 1200 && testing.Short() || platformtest.Race && c.file != "iters1200.golden" {
			continue // under the race detector the engine's run alone: the others take minutes there
		}
		path := filepath.Join("testdata", c.file)
		want, err := os.ReadFile(path)
		if *update {
			want, err = []byte(goldenRun(t, data, c.cfg, 1)), nil
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		each := procs
		if c.cfg.Iters > 1200 && *goldProcs == "" {
			each = []int{3}
		}
		for _, p := range each {
			got := goldenRun(t, data, c.cfg, p)
			if got != string(want) {
				t.Errorf("%s with GOMAXPROCS=%d printed\n%s\nwant (testdata/%s)\n%s", c.file, p, got, c.file, want)
			}
		}
	}
}

// goldenRun is a run of cfg on procs Go processors: the lines it prints,
// elapsed times cut, and the SHA-256 of its params.npz and loss.csv.
func goldenRun(t *testing.T, data *mnist.Dataset, cfg train.Config, procs int) string {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	res := train.Run(cfg, data, train.Hooks{})
	var got strings.Builder
	for _, e := range res.Evals {
		got.WriteString(withoutElapsed(report.FormatEval(e)) + "\n")
	}
	got.WriteString("final " + withoutElapsed(report.FormatEval(res.Final)) + "\n")
	var params bytes.Buffer
	if err := train.WriteModel(&params, res.Net); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&got, "params.npz sha256 %x\n", sha256.Sum256(params.Bytes()))
	loss, _ := report.NumbersCSV(res)
	fmt.Fprintf(&got, "loss.csv sha256 %x\n", sha256.Sum256(loss))
	return got.String()
}

// withoutElapsed cuts the elapsed time off an evaluation line.
func withoutElapsed(line string) string {
	before, _, _ := strings.Cut(line, "  elapsed ")
	return before
}
