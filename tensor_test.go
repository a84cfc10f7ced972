// The end-to-end checks and the headline benchmarks: `go test -bench .` in
// this folder prints the numbers that matter, at the book's shapes.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"dlfs/internal/engine"
	"dlfs/internal/platformtest"
	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
)

// TestTrainEndToEnd trains on the real embedded MNIST for 600 updates, as a
// user running `go run . -iters 600` would, then evaluates the saved model.
func TestTrainEndToEnd(t *testing.T) {
	skipUnderRace(t)
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-iters", "600", "-seed", "1", "-out", dir}, &stdout, &stderr, false); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	line := regexp.MustCompile(`^(final )?iter (\d+)  loss [0-9.]+  train acc ([0-9.]+)  test acc ([0-9.]+)  elapsed [0-9.]+s$`)
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 2 || !line.MatchString(lines[0]) || !line.MatchString(lines[1]) {
		t.Fatalf("want 2 evaluation lines (iter 0, final iter 600), got:\n%s", stdout.String())
	}
	first, final := line.FindStringSubmatch(lines[0]), line.FindStringSubmatch(lines[1])
	if first[2] != "0" || final[1] != "final " || final[2] != "600" {
		t.Errorf("lines are for updates %s and %s%s", first[2], final[1], final[2])
	}
	if acc, _ := strconv.ParseFloat(final[4], 64); acc <= 0.75 {
		t.Errorf("test accuracy %v after 600 updates, want > 0.75", acc)
	}
	for _, f := range []string{"loss.svg", "loss_first1000.svg", "accuracy.svg", "params.npz", "loss.csv", "accuracy.csv",
		"hidden_units.svg", "confusion.svg", "confusion.csv", "mistakes.svg", "report.html", "checkpoint.npz"} {
		if info, err := os.Stat(filepath.Join(dir, f)); err != nil || info.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	// -load reproduces the final accuracies, and with -out draws the model.
	stdout.Reset()
	model := filepath.Join(dir, "params.npz")
	loaded := t.TempDir()
	if code := run([]string{"-load", model, "-out", loaded}, &stdout, &stderr, false); code != 0 {
		t.Fatalf("-load: exit %d: %s", code, stderr.String())
	}
	if want := "train acc " + final[3] + "  test acc " + final[4]; !strings.Contains(stdout.String(), want) {
		t.Errorf("-load printed %q, want %q", stdout.String(), want)
	}
	for _, f := range []string{"hidden_units.svg", "confusion.svg", "confusion.csv", "mistakes.svg", "report.html"} {
		if info, err := os.Stat(filepath.Join(loaded, f)); err != nil || info.Size() == 0 {
			t.Errorf("-load -out: %s: %v", f, err)
		}
	}
}

func TestCommandLineErrors(t *testing.T) {
	skipUnderRace(t)
	tmp := t.TempDir()
	file := filepath.Join(tmp, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	fifo := filepath.Join(tmp, "fifo")
	hasFIFO := platformtest.FIFO(t, fifo)
	nodir := filepath.Join(tmp, "nodir", "train-images-idx3-ubyte.gz")
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
		{[]string{"diff", "-out", filepath.Join(file, "sub")}, 2, "dlfs diff: -out: output folder"},
		{[]string{"-load", filepath.Join(file, "none.npz")}, 1, "dlfs: open " + filepath.Join(file, "none.npz")},
		{[]string{"-load", file}, 1, "npz: not a zip archive"},
		{[]string{"-load", "train/testdata/nan.npz"}, 1, "dlfs: train/testdata/nan.npz: W2 has 4 of its 30 values NaN or infinite"},
		{[]string{"-load", "train/testdata/wrongshape.npz"}, 1, "dlfs: train/testdata/wrongshape.npz: W2 has shape [10 3], want [3 10]"},
		{[]string{"-resume", tmp}, 1, "dlfs: " + filepath.Join(tmp, "checkpoint.npz") + ": open "},
		{[]string{"-resume", tmp, "-load", file}, 2, "dlfs: -load evaluates saved parameters: -resume would be ignored"},
		{[]string{"-data", filepath.Join(tmp, "nodir"), "-iters", "1", "-out", tmp}, 1, nodir + ": " + platformtest.NotFound(t, nodir)},
		{[]string{"-hidden", "100000000", "-out", filepath.Join(tmp, "x")}, 2, "dlfs: -hidden 100000000: the run would need about "},
		{[]string{"-hidden", "9223372036854775807", "-out", filepath.Join(tmp, "x")}, 2, "dlfs: -hidden 9223372036854775807: the run would need about "},
		{[]string{"-batch", "9223372036854775807", "-replace", "-out", filepath.Join(tmp, "x")}, 2, "dlfs: -batch 9223372036854775807: the run would need about "},
		{[]string{"-iters", "9223372036854775807", "-out", filepath.Join(tmp, "x")}, 2, "dlfs: -iters 9223372036854775807: the run would need about "},
		{[]string{"-book", "-iters", "9223372036854775807", "-out", filepath.Join(tmp, "x")}, 2, "dlfs: -iters 9223372036854775807: the run would need about "},
		{[]string{"-data", noTrain, "-replace", "-out", filepath.Join(tmp, "x")}, 1, "dlfs: mnist: " + filepath.Join(noTrain, "train-images-idx3-ubyte") + ": no images"},
		{[]string{"-data", noTrain, "-book", "-out", filepath.Join(tmp, "x")}, 1, "dlfs: mnist: " + filepath.Join(noTrain, "train-images-idx3-ubyte") + ": no images"},
		{[]string{"-data", noTest, "-load", "train/testdata/float32.npz"}, 1, "dlfs: mnist: " + filepath.Join(noTest, "t10k-images-idx3-ubyte") + ": no images"},
		{[]string{"-data", fifo, "-out", filepath.Join(tmp, "x")}, 1, "dlfs: mnist: open " + filepath.Join(fifo, "train-images-idx3-ubyte")},
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

// TestCommands runs each of the chapter's examples and looks for the
// numbers the book prints (or the ones its code gives where it prints
// none), and for the figure each reports on stderr.
func TestCommands(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args   []string
		stdout []string
		figure string
	}{
		{[]string{"loss"}, []string{"0.09750000000000003", "0.5975", "0.510825457099338", "2.302584092994546",
			"x_train [60000 784], t_train [60000 10]", "x_batch [10 784], t_batch [10 10]",
			"np.random.seed(0); batch_mask = np.random.choice(60000, 10) = [2732 43567 42613 52416 45891 21243 30403 32103 41993 57043]",
			"one-hot t [2 10]  1.406704775046942", "labels t  [2]     1.406704775046942"}, ""},
		{[]string{"diff", "-out", dir}, []string{"0.1999999999990898", "0.2999999999986347", "float32(1e-50)           = 0"}, "function1.svg"},
		{[]string{"gradient", "-out", dir}, []string{"[6.00000000000378 7.999999999999119]", "[0 4.000000000004]", "[6.000000000012662 0]"}, "gradient_field.svg"},
		{[]string{"descent", "-out", dir}, []string{"[-6.111107928998789e-10 8.148143905314271e-10]", "[-2.58983747e+13 -1.29524862e+12]", "[-2.99999994  3.99999992]"}, "descent.svg"},
		{[]string{"simplenet"}, []string{"loss = 0.9280682857864075", "np.argmax(p) = 2", "[1.05414809 0.63071653 1.1328074 ]",
			"The book prints loss = 0.92806853663411326", "[[ 0.21924763  0.14356247 -0.36281009]\n [ 0.32887144  0.2153437  -0.54421514]]"}, ""},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		if code := run(tt.args, &stdout, &stderr, false); code != 0 {
			t.Fatalf("%v: exit %d: %s", tt.args, code, stderr.String())
		}
		for _, s := range tt.stdout {
			if !strings.Contains(stdout.String(), s) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, s, stdout.String())
			}
		}
		wantErr := ""
		if tt.figure != "" {
			wantErr = "wrote " + filepath.Join(dir, tt.figure) + "\n"
			if _, err := os.Stat(filepath.Join(dir, tt.figure)); err != nil {
				t.Error(err)
			}
		}
		if stderr.String() != wantErr {
			t.Errorf("%v: stderr %q, want %q", tt.args, stderr.String(), wantErr)
		}
	}
}

// benchProduct times f on operands of the given shapes and reports GFLOP/s,
// counting a multiply and an add for each of the m·k·n terms.
func benchProduct(b *testing.B, m, k, n int, f func(x, w *tensor.Tensor)) {
	rng := rand.New(rand.NewPCG(1, 2))
	x, w := tensor.RandN(rng, m, k), tensor.RandN(rng, k, n)
	b.ReportAllocs()
	for b.Loop() {
		f(x, w)
	}
	b.ReportMetric(2*float64(m*k*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkBookShapes times the products of a training step and of an
// evaluation pass: x·W1 for a batch of 100, xᵀ·da1 of the backward pass,
// z1·W2, and x·W1 for the 10000 test images.
func BenchmarkBookShapes(b *testing.B) {
	b.Run("x·W1/100x784x50", func(b *testing.B) {
		benchProduct(b, 100, 784, 50, func(x, w *tensor.Tensor) { tensor.MatMul(x, w) })
	})
	b.Run("xT·da1/784x100x50", func(b *testing.B) {
		benchProduct(b, 784, 100, 50, func(x, w *tensor.Tensor) { tensor.MatMul(x, w) })
	})
	b.Run("z1·W2/100x50x10", func(b *testing.B) {
		benchProduct(b, 100, 50, 10, func(x, w *tensor.Tensor) { tensor.MatMul(x, w) })
	})
	b.Run("test·W1/10000x784x50", func(b *testing.B) {
		benchProduct(b, 10000, 784, 50, func(x, w *tensor.Tensor) { tensor.MatMul(x, w) })
	})
	b.Run("naive/100x784x50", func(b *testing.B) {
		benchProduct(b, 100, 784, 50, func(x, w *tensor.Tensor) { tensor.MatMulNaive(x, w) })
	})
	// The book's products on the book's inputs: a batch of 100 MNIST
	// images (four fifths zeros, float32 pixels widened), the book's W1,
	// W2 and z1, a da1 of its scale, and all 60000 training and 10000 test
	// images (an evaluation); in GFLOP/s of the dense product.
	tr, x, _, data := trainingBatch(b)
	opt := mnist.Options{Normalize: true, Flatten: true, OneHot: true, Float32: true}
	xTrain, _ := data.Train.Tensors(opt)
	xBatch := tensor.Rows(xTrain, rand.New(rand.NewPCG(1, 1)).Perm(data.Train.Len())[:100])
	xTest, _ := data.Test.Tensors(opt)
	z1 := network.Sigmoid(tensor.Add(tensor.MatMul(xBatch, tr.Net.W1), tr.Net.B1))
	da1 := tensor.MulScalar(tensor.RandN(rand.New(rand.NewPCG(5, 6)), 100, 50), 1e-3)
	for _, c := range []struct {
		name    string
		flops   float64
		product func()
	}{
		{"book/x·W1/100x784x50", 2 * 100 * 784 * 50, func() { tensor.MatMul(xBatch, tr.Net.W1) }},
		{"book/xT·da1/784x100x50", 2 * 784 * 100 * 50, func() { tensor.MatMul(tensor.Transpose(xBatch), da1) }},
		{"book/z1·W2/100x50x10", 2 * 100 * 50 * 10, func() { tensor.MatMul(z1, tr.Net.W2) }},
		{"book/train·W1/60000x784x50", 2 * 60000 * 784 * 50, func() { tensor.MatMul(xTrain, tr.Net.W1) }},
		{"book/test·W1/10000x784x50", 2 * 10000 * 784 * 50, func() { tensor.MatMul(xTest, tr.Net.W1) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.product()
			}
			b.ReportMetric(c.flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
	// The engine's sparse kernels on the same batch, in GFLOP/s of the
	// dense product they replace.
	d := tensor.RandN(rand.New(rand.NewPCG(3, 4)), 100, 50)
	dst, dstT := tensor.Zeros(100, 50), tensor.Zeros(784, 50)
	dense := func(b *testing.B) {
		b.ReportMetric(2*100*784*50*float64(b.N)/b.Elapsed().Seconds()/1e9, "dense-GFLOP/s")
	}
	b.Run("sparse/x·W1/100x784x50", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			engine.SparseMulTo(dst, x, tr.Net.W1)
		}
		dense(b)
	})
	b.Run("sparse/xT·da1/784x100x50", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			engine.SparseTMulTo(dstT, x, d)
		}
		dense(b)
	})
}

// trainingBatch returns the book's network, the engine's Trainer for it
// and a mini-batch of 100 real training images.
func trainingBatch(b *testing.B) (*engine.Trainer, *engine.Sparse, []int, *mnist.Dataset) {
	data, err := mnist.Load()
	if err != nil {
		b.Fatal(err)
	}
	net := network.NewTwoLayerNet(mnist.Pixels, 50, mnist.Classes, 0.01, rand.New(rand.NewPCG(0, 0)))
	idx := rand.New(rand.NewPCG(1, 1)).Perm(data.Train.Len())[:100]
	x := engine.NewSparse(mnist.Pixels)
	labels := make([]int, 100)
	engine.Gather(x, labels, data.Train, idx)
	return engine.NewTrainer(net), x, labels, data
}

// BenchmarkTrainingStep is one update of §4.5.2 on a batch of 100 MNIST
// images: gradient, parameter update, loss after the update.
func BenchmarkTrainingStep(b *testing.B) {
	tr, x, labels, _ := trainingBatch(b)
	b.ReportAllocs()
	for b.Loop() {
		tr.Step(x, labels, 0.1)
	}
}

// BenchmarkEvaluation is one evaluation of the run: the accuracy on all
// 60000 training and 10000 test images.
func BenchmarkEvaluation(b *testing.B) {
	tr, _, _, data := trainingBatch(b)
	ev := engine.NewEvaluator(tr.Net)
	ev.Accuracy(data.Test) // the first builds the buffers and the non-zero lists
	ev.Recomputed.Store(0)
	b.ReportAllocs()
	for b.Loop() {
		ev.Accuracy(data.Train)
		ev.Accuracy(data.Test)
	}
	// Images whose class the vector build's float32 first layer left
	// uncertain, predicted again exactly (internal/engine/approx.go).
	b.ReportMetric(float64(ev.Recomputed.Load())/float64(b.N), "recomputed/op")
}

// BenchmarkNumericalGradient is one numerical-gradient update of the book's
// network on a batch of 100 real images (§4.5's gradient = 'numerical'):
// the plain method, two full forward passes per parameter, against
// engine.Trainer.NumericalGradient. Every parameter costs the plain method the
// same, so it is timed on W2 and b2 (560 parameters) and scaled to all
// 39760; s/update is the time of one whole update either way.
func BenchmarkNumericalGradient(b *testing.B) {
	tr, xs, labels, _ := trainingBatch(b)
	net := tr.Net
	b.Run("plain", func(b *testing.B) {
		x, t := xs.Dense(), tensor.OneHot(labels, mnist.Classes)
		loss := func(*tensor.Tensor) float64 { return net.Loss(x, t) }
		for b.Loop() {
			network.NumericalGradient(loss, net.W2)
			network.NumericalGradient(loss, net.B2)
		}
		b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*39760/560, "s/update")
	})
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tr.NumericalGradient(xs, labels)
		}
		b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/update")
	})
}

// buildProgram builds the program into a temporary folder and returns its
// path.
func buildProgram(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "dlfs")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestInterruptAndResume runs the built program as a user would: SIGINT
// part way through a run must exit with status 130 having written the
// parameters, figures, numbers and a checkpoint for the updates done;
// -resume must then end with the params.npz bytes and the lines of the run
// never interrupted. The same for SIGKILL (the last checkpoint survives)
// and for the numerical gradient.
func TestInterruptAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program and trains five times")
	}
	platformtest.SkipWithoutSignals(t)
	bin := buildProgram(t)
	// start runs the program until its stdout shows a line starting with
	// after, then sends sig; it returns the exit status and stdout.
	start := func(sig syscall.Signal, after string, args ...string) (int, string) {
		cmd := exec.Command(bin, args...)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		sc := bufio.NewScanner(stdout)
		sent := false
		for sc.Scan() {
			out.WriteString(sc.Text() + "\n")
			if !sent && strings.HasPrefix(sc.Text(), after) {
				cmd.Process.Signal(sig)
				sent = true
			}
		}
		cmd.Wait()
		return cmd.ProcessState.ExitCode(), out.String()
	}
	run := func(args ...string) string {
		out, err := exec.Command(bin, args...).Output()
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return string(out)
	}
	lines := func(s string) string { // without the times
		return regexp.MustCompile(`  elapsed [0-9.]+s`).ReplaceAllString(s, "")
	}
	for _, c := range []struct {
		name  string
		sig   syscall.Signal
		after string
		args  []string
	}{
		{"SIGINT", syscall.SIGINT, "iter 600 ", []string{"-iters", "3000"}},
		{"SIGKILL", syscall.SIGKILL, "iter 600 ", []string{"-iters", "3000"}},
		{"SIGINT, numerical gradient", syscall.SIGINT, "iter 0 ", []string{"-iters", "40", "-batch", "20", "-grad", "numerical"}},
	} {
		stopped, whole := t.TempDir(), t.TempDir()
		code, out := start(c.sig, c.after, append(c.args, "-out", stopped)...)
		if c.sig == syscall.SIGINT {
			last := regexp.MustCompile(`interrupted at update (\d+) of \d+: go run \. -resume .* continues it\n$`).FindStringSubmatch(out)
			if code != 130 || last == nil {
				t.Fatalf("%s: exit %d, output\n%s", c.name, code, out)
			}
			n, _ := strconv.Atoi(last[1])
			if b, err := os.ReadFile(filepath.Join(stopped, "loss.csv")); err != nil || strings.Count(string(b), "\n") != n+1 {
				t.Errorf("%s: loss.csv for %d updates: %v", c.name, n, err)
			}
			for _, f := range []string{"params.npz", "checkpoint.npz", "accuracy.csv", "loss.svg", "accuracy.svg"} {
				if _, err := os.Stat(filepath.Join(stopped, f)); err != nil {
					t.Errorf("%s: %v", c.name, err)
				}
			}
		} else if code != -1 {
			t.Fatalf("%s: exit %d", c.name, code)
		}
		resumed := run("-resume", stopped)
		never := run(append(c.args, "-out", whole)...)
		if lines(resumed) != lines(never) {
			t.Errorf("%s: resumed run printed\n%s\nthe run never stopped\n%s", c.name, resumed, never)
		}
		a, _ := os.ReadFile(filepath.Join(stopped, "params.npz"))
		b, _ := os.ReadFile(filepath.Join(whole, "params.npz"))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s: params.npz of the resumed run differs from the run never stopped", c.name)
		}
	}
}
