package train

import (
	"math"
	"math/rand/v2"
	"testing"

	"dlfs/internal/engine"
	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
	"dlfs/tensor/nprand"
)

// TestEngineAgreesWithTheBook: the engine's step and the book's (Gradient,
// params -= lr·grad, Loss on dense tensors), fed the same batches from the
// same start, give the same loss after every update within 1e-12
// relatively, for 300 updates.
func TestEngineAgreesWithTheBook(t *testing.T) {
	if testing.Short() {
		t.Skip("300 updates of the book's dense code")
	}
	data, err := mnist.Load()
	if err != nil {
		t.Fatal(err)
	}
	xTrain, tTrain := data.Train.Tensors(mnist.Options{Normalize: true, Flatten: true, OneHot: true, Float32: true})
	rng := nprand.New(0)
	book := network.NewTwoLayerNet(mnist.Pixels, 50, mnist.Classes, 0.01, rng)
	tuned := &network.TwoLayerNet{Params: book.Clone()}
	tr := engine.NewTrainer(tuned)
	worst := 0.0
	for i := range 300 {
		batchMask := rng.Choice(xTrain.Dim(0), 100, true)
		xBatch, tBatch := tensor.Rows(xTrain, batchMask), tensor.Rows(tTrain, batchMask)
		grad := book.Gradient(xBatch, tBatch)
		for _, p := range [][2]*tensor.Tensor{{book.W1, grad.W1}, {book.B1, grad.B1}, {book.W2, grad.W2}, {book.B2, grad.B2}} {
			tensor.SubTo(p[0], p[0], tensor.MulScalar(p[1], 0.1))
		}
		want := book.Loss(xBatch, tBatch)
		xs, labels := engine.SparseOf(xBatch), tensor.Argmax(tBatch, 1)
		tr.Backward(xs, labels)
		tr.Update(0.1)
		got := tr.UpdatedLoss()
		rel := math.Abs(got-want) / want
		worst = max(worst, rel)
		if !(rel <= 1e-12) {
			t.Fatalf("update %d: engine loss %v, book %v: %.3g apart", i, got, want, rel)
		}
	}
	t.Logf("300 updates, largest relative difference %.3g", worst)
}

// TestAccuracies: the engine's accuracies of a net on the training and
// the test images are TwoLayerNet.Accuracy's on each, in that order.
func TestAccuracies(t *testing.T) {
	d := smallData(t)
	net := network.NewTwoLayerNet(mnist.Pixels, 8, 10, 0.5, rand.New(rand.NewPCG(3, 3)))
	trainAcc, testAcc := Accuracies(net, d)
	for _, c := range []struct {
		set  *mnist.Set
		got  float64
		name string
	}{{d.Train, trainAcc, "train"}, {d.Test, testAcc, "test"}} {
		x, labels := c.set.Tensors(mnist.Options{Normalize: true, Flatten: true, OneHot: true})
		if want := net.Accuracy(x, labels); c.got != want {
			t.Errorf("%s accuracy %v, TwoLayerNet.Accuracy %v", c.name, c.got, want)
		}
	}
	if trainAcc == testAcc {
		t.Errorf("both accuracies %v: the test cannot tell them apart", trainAcc)
	}
}
