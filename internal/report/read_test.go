package report

import (
	"math"
	"math/rand/v2"
	"testing"

	"dlfs/internal/kernel"
	"dlfs/internal/mnisttest"
	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
)

// TestReadInput: a reading's layers against loops written here — a1 =
// x·W1 + b1 summed pixel by pixel, σ with math.Exp, a2 = z1·W2 + b2 —
// and its probabilities Predict's, bit for bit.
func TestReadInput(t *testing.T) {
	net := network.NewTwoLayerNet(mnist.Pixels, 7, mnist.Classes, 0.5, kernel.Normal{R: rand.New(rand.NewPCG(3, 0))})
	set := mnisttest.Small(t)
	x := make([]float64, mnist.Pixels)
	for p, v := range set.Test.Image(0) {
		x[p] = mnist.Normalized(v)
	}
	rd := ReadInput(net, x)
	w1, b1, w2, b2 := net.W1.Data(), net.B1.Data(), net.W2.Data(), net.B2.Data()
	for j := range 7 {
		a := b1[j]
		for p := range mnist.Pixels {
			a += float64(x[p] * w1[p*7+j])
		}
		if want := 1 / (1 + math.Exp(-a)); !(math.Abs(rd.Hidden[j]-want) <= 1e-14) {
			t.Errorf("hidden %d: %v, want %v", j, rd.Hidden[j], want)
		}
	}
	for k := range mnist.Classes {
		s := b2[k]
		for j := range 7 {
			s += float64(rd.Hidden[j] * w2[j*mnist.Classes+k])
		}
		if !(math.Abs(rd.Scores[k]-s) <= 1e-13) {
			t.Errorf("score %d: %v, want %v", k, rd.Scores[k], s)
		}
	}
	y := net.Predict(tensor.New(x, 1, mnist.Pixels)).Data()
	for k := range y {
		if rd.Probabilities[k] != y[k] {
			t.Errorf("probability %d: %v, Predict's %v", k, rd.Probabilities[k], y[k])
		}
	}
}
