package network_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"dlfs/network"
	"dlfs/tensor"
)

func TestTwoLayerNetInit(t *testing.T) {
	net := network.NewTwoLayerNet(784, 50, 10, 0.01, rand.New(rand.NewPCG(0, 0)))
	want := map[string][]int{"W1": {784, 50}, "b1": {50}, "W2": {50, 10}, "b2": {10}}
	n := 0
	for name, p := range net.All() {
		n++
		if s := p.Shape(); !slices.Equal(s, want[name]) {
			t.Errorf("%s has shape %v, want %v", name, s, want[name])
		}
		if name[0] == 'b' && tensor.MaxAbsDiff(p, tensor.Zeros(p.Shape()...)) != 0 {
			t.Errorf("%s is not zero", name)
		}
	}
	if n != 4 {
		t.Errorf("All yields %d parameters", n)
	}
	// 0.01·N(0, 1): the sample standard deviation of W1's 39200 weights is
	// 0.01 within a few percent.
	m, sq := 0.0, 0.0
	for _, v := range net.W1.Data() {
		m += v
		sq += float64(v * v)
	}
	m /= 39200
	if std := math.Sqrt(sq/39200 - float64(m*m)); math.Abs(std-0.01) > 0.0003 || math.Abs(m) > 0.0002 {
		t.Errorf("W1 mean %v std %v, want ≈ 0 and 0.01", m, std)
	}
	same := network.NewTwoLayerNet(784, 50, 10, 0.01, rand.New(rand.NewPCG(0, 0)))
	if !tensor.AllClose(net.W2, same.W2, 0, 0) {
		t.Error("the same seed gave different weights")
	}
}

// handNet is a 2-2-2 net whose output is worked out by hand: hidden unit i
// is σ(10·x_i), and the output favours class 0 when z1[0] > z1[1].
func handNet() *network.TwoLayerNet {
	return &network.TwoLayerNet{Params: network.Params{
		W1: tensor.New([]float64{10, 0, 0, 10}, 2, 2),
		B1: tensor.Zeros(2),
		W2: tensor.New([]float64{10, -10, -10, 10}, 2, 2),
		B2: tensor.Zeros(2),
	}}
}

func TestTwoLayerNetByHand(t *testing.T) {
	net := handNet()
	x := tensor.New([]float64{1, 0, 0, 1, 2, 0}, 3, 2)
	y := net.Predict(x)
	// x = (1, 0): z1 = (σ(10), 0.5), a2 = 10·(σ(10) − 0.5)·(1, −1),
	// y0 = σ(2·a2_0) = σ(20·(σ(10) − 0.5)).
	s10 := 1 / (1 + math.Exp(-10))
	y0 := 1 / (1 + math.Exp(-20*(s10-0.5)))
	if !near(y.At(0, 0), y0, 1e-15) || !near(y.At(1, 1), y0, 1e-15) || !near(y.At(0, 1), 1-y0, 1e-12) {
		t.Errorf("predict = %v, want y0 = %v", y, y0)
	}
	// Predictions are 0, 1, 0; targets 0, 0, 0 as labels and as one-hot.
	for name, tgt := range map[string]*tensor.Tensor{"labels": vec(0, 0, 0), "one-hot": tensor.OneHot([]int{0, 0, 0}, 2)} {
		if got := net.Accuracy(x, tgt); !near(got, 2.0/3, 1e-15) {
			t.Errorf("%s: accuracy %v, want 2/3", name, got)
		}
	}
	// Loss: −mean log(y_correct + δ), with y_correct = y0, 1 − y0, y(2, 0).
	want := -(math.Log(y0+1e-7) + math.Log(1-y0+1e-7) + math.Log(y.At(2, 0)+1e-7)) / 3
	if got := net.Loss(x, vec(0, 0, 0)); !near(got, want, 1e-12) {
		t.Errorf("loss = %v, want %v", got, want)
	}
}

// TestGradientSmallNet: on a seeded 4-5-3 net with weights large enough to
// make every gradient sizeable, backprop agrees with central differences.
func TestGradientSmallNet(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 5))
	net := network.NewTwoLayerNet(4, 5, 3, 1, rng)
	net.B1 = tensor.RandN(rng, 5)
	net.B2 = tensor.RandN(rng, 3)
	x := tensor.RandN(rng, 2, 4)
	for name, tgt := range map[string]*tensor.Tensor{"one-hot": tensor.OneHot([]int{1, 2}, 3), "labels": vec(1, 2)} {
		num, bp := net.NumericalGradient(x, tgt), net.Gradient(x, tgt)
		for name2, g := range num.All() {
			var b *tensor.Tensor
			for n, p := range bp.All() {
				if n == name2 {
					b = p
				}
			}
			if d := tensor.MaxAbsDiff(g, b); d > 1e-7 || tensor.MaxAbsDiff(g, tensor.Zeros(g.Shape()...)) < 1e-3 {
				t.Errorf("%s, %s: max |numerical − backprop| = %v for gradients of size %v", name, name2, d, tensor.MaxAbsDiff(g, tensor.Zeros(g.Shape()...)))
			}
		}
	}
}

// TestGradientCheck: on a small net, §5.7.3's check finds the numerical and
// backpropagation gradients of every parameter, named in the book's order,
// within the central difference's error: O(h²) plus the δ inside the
// loss's log, which backprop omits (below 1e-6 here), where the gradients
// themselves are of order 0.1.
func TestGradientCheck(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	net := network.NewTwoLayerNet(6, 5, 3, 1, rng)
	x := tensor.RandN(rng, 4, 6)
	labels := tensor.New([]float64{0, 2, 1, 2}, 4)
	diffs := net.GradientCheck(x, labels)
	if len(diffs) != 4 {
		t.Fatalf("%d parameters checked", len(diffs))
	}
	for i, d := range diffs {
		if d.Name != network.ParamNames()[i] || !(d.MaxAbsDiff < 1e-6) {
			t.Errorf("check %d: %s %v, want %s below 1e-6", i, d.Name, d.MaxAbsDiff, network.ParamNames()[i])
		}
	}
	if g := net.Gradient(x, labels); tensor.MaxAll(tensor.Map(g.W2, math.Abs)) < 0.01 {
		t.Errorf("the gradients are too small for the check to mean anything: %v", g.W2)
	}
}

// TestParamsClone: a clone holds the parameters' values, and a change to
// either leaves the other as it was.
func TestParamsClone(t *testing.T) {
	net := network.NewTwoLayerNet(4, 3, 2, 0.5, rand.New(rand.NewPCG(1, 2)))
	before := slices.Clone(net.W1.Data())
	c := net.Clone()
	net.W1.Data()[0], net.B2.Data()[1] = 7, 8
	if !slices.Equal(c.W1.Data(), before) || c.B2.Data()[1] == 8 {
		t.Errorf("the clone followed the original: W1 %v, b2 %v", c.W1.Data(), c.B2.Data())
	}
	c.B1.Data()[0] = 9
	if net.B1.Data()[0] == 9 {
		t.Error("the original followed the clone")
	}
}
