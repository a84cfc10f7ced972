// The headline benchmarks and one run end to end: `go test -bench .` in
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

	"dlfs/internal/cli"
	"dlfs/internal/engine"
	"dlfs/internal/platformtest"
	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
)

// TestTrainEndToEnd trains on the real embedded MNIST for 600 updates, as a
// user running `go run . -iters 600` would, then evaluates the saved model.
func TestTrainEndToEnd(t *testing.T) {
	if platformtest.Race {
		t.Skip("ten times slower under the race detector; run in the plain builds")
	}
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := cli.Main([]string{"-iters", "600", "-seed", "1", "-out", dir}, &stdout, &stderr); code != 0 {
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
	if code := cli.Main([]string{"-load", model, "-out", loaded}, &stdout, &stderr); code != 0 {
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
		tr.Backward(x, labels)
		tr.Update(0.1)
		tr.UpdatedLoss()
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
