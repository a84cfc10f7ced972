// The end-to-end checks and the headline benchmarks: `go test -bench .` in
// this folder prints the numbers that matter, at the book's shapes.
package main

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
	"dlfs/train"
)

// TestTrainEndToEnd trains on the real embedded MNIST for 600 updates, as a
// user running `go run . -iters 600` would, then evaluates the saved model.
func TestTrainEndToEnd(t *testing.T) {
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
	for _, f := range []string{"loss.svg", "loss_first1000.svg", "accuracy.svg", "params.npz"} {
		if info, err := os.Stat(filepath.Join(dir, f)); err != nil || info.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	// -load reproduces the final accuracies.
	stdout.Reset()
	model := filepath.Join(dir, "params.npz")
	if code := run([]string{"-load", model}, &stdout, &stderr, false); code != 0 {
		t.Fatalf("-load: exit %d: %s", code, stderr.String())
	}
	if want := "train acc " + final[3] + "  test acc " + final[4]; !strings.Contains(stdout.String(), want) {
		t.Errorf("-load printed %q, want %q", stdout.String(), want)
	}
}

func TestCommandLineErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o644)
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
		{[]string{"bogus"}, 2, `dlfs: unknown command "bogus"`},
		{[]string{"diff", "-out", filepath.Join(file, "sub")}, 2, "dlfs diff: -out: output folder"},
		{[]string{"-load", filepath.Join(file, "none.npz")}, 1, "dlfs: open " + filepath.Join(file, "none.npz")},
		{[]string{"-load", file}, 1, "npz: not a zip archive"},
		{[]string{"-data", filepath.Join(t.TempDir(), "nodir"), "-iters", "1", "-out", t.TempDir()}, 1, "nodir/train-images-idx3-ubyte.gz: no such file or directory"},
		{[]string{"-batch", "60001", "-iters", "1", "-out", t.TempDir()}, 1, "dlfs: -batch 60001: larger than the 60000 training images"},
		{[]string{"-h"}, 0, "usage: go run . [flags]"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := run(tt.args, &stdout, &stderr, false)
		firstLine, _, _ := strings.Cut(stderr.String(), "\n")
		if code != tt.code || !strings.Contains(firstLine, tt.want) {
			t.Errorf("%v: exit %d, first line %q; want exit %d and %q", tt.args, code, firstLine, tt.code, tt.want)
		}
		if stdout.Len() > 0 {
			t.Errorf("%v: printed %q on stdout", tt.args, stdout.String())
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
// evaluation pass: x·W1 for a batch of 100, xᵀ·δ of the backward pass,
// z1·W2, and x·W1 for the 10000 test images.
func BenchmarkBookShapes(b *testing.B) {
	dst := tensor.Zeros(100, 50)
	b.Run("x·W1/100x784x50", func(b *testing.B) {
		benchProduct(b, 100, 784, 50, func(x, w *tensor.Tensor) { tensor.MatMulTo(dst, x, w) })
	})
	b.Run("xT·δ/784x100x50", func(b *testing.B) {
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
	// The sparse kernels on 100 real MNIST images, in GFLOP/s of the dense
	// product they replace.
	tr, x, _, _ := trainingBatch(b)
	d := tensor.RandN(rand.New(rand.NewPCG(3, 4)), 100, 50)
	dstT := tensor.Zeros(784, 50)
	dense := func(b *testing.B) {
		b.ReportMetric(2*100*784*50*float64(b.N)/b.Elapsed().Seconds()/1e9, "dense-GFLOP/s")
	}
	b.Run("sparse/x·W1/100x784x50", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tensor.SparseMulTo(dst, x, tr.Net.W1)
		}
		dense(b)
	})
	b.Run("sparse/xT·δ/784x100x50", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tensor.SparseTMulTo(dstT, x, d)
		}
		dense(b)
	})
}

// trainingBatch returns the book's network, a Trainer for it and the first
// mini-batch of 100 real training images, as the run draws them.
func trainingBatch(b *testing.B) (*network.Trainer, *tensor.Sparse, []int, *mnist.Dataset) {
	data, err := mnist.Load()
	if err != nil {
		b.Fatal(err)
	}
	net := network.NewTwoLayerNet(mnist.Pixels, 50, mnist.Classes, 0.01, rand.New(rand.NewPCG(0, 0)))
	idx := rand.New(rand.NewPCG(1, 1)).Perm(data.Train.Len())[:100]
	x := tensor.NewSparse(mnist.Pixels)
	labels := make([]int, 100)
	data.Train.GatherSparse(x, labels, idx)
	return network.NewTrainer(net), x, labels, data
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
	ev := train.NewEvaluator(tr.Net)
	ev.Accuracy(data.Test) // the first builds the buffers and the non-zero lists
	b.ReportAllocs()
	for b.Loop() {
		ev.Accuracy(data.Train)
		ev.Accuracy(data.Test)
	}
}

// BenchmarkNumericalGradient is one numerical-gradient update of the book's
// network on a batch of 100 real images (§4.5's gradient = 'numerical'):
// the plain method, two full forward passes per parameter, against
// Trainer.NumericalGradient. Every parameter costs the plain method the
// same, so it is timed on W2 and b2 (560 parameters) and scaled to all
// 39760; s/update is the time of one whole update either way.
func BenchmarkNumericalGradient(b *testing.B) {
	tr, xs, labels, _ := trainingBatch(b)
	net := tr.Net
	b.Run("plain", func(b *testing.B) {
		x, t := xs.Dense(), tensor.OneHot(labels, mnist.Classes)
		loss := func() float64 { return net.Loss(x, t) }
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
