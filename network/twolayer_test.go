package network_test

import (
	"fmt"
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
	if std := math.Sqrt(sq/39200 - float64(m*m)); !(math.Abs(std-0.01) <= 0.0003) || !(math.Abs(m) <= 0.0002) {
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
	num, bp := net.NumericalGradient(x, labels), net.Gradient(x, labels)
	for i, d := range diffs {
		name := network.ParamNames()[i]
		if d.Name != name || !(d.MaxAbsDiff < 1e-6) {
			t.Errorf("check %d: %s %v, want %s below 1e-6", i, d.Name, d.MaxAbsDiff, name)
		}
		// The difference is the two gradients', element by element: not
		// zero (backprop leaves out the δ inside the loss's log), and the
		// largest one.
		largest := 0.0
		for j, v := range num.Param(name).Data() {
			largest = max(largest, math.Abs(v-bp.Param(name).Data()[j]))
		}
		if d.MaxAbsDiff != largest || largest == 0 {
			t.Errorf("%s: the check reports %v, the gradients differ by at most %v", name, d.MaxAbsDiff, largest)
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

// TestTargetsRefused: targets that fit neither form, one-hot rows for each
// image or one label each, and labels outside the classes are programmer
// errors: Accuracy, Gradient and the cross entropy panic naming what is
// wrong instead of reading another image's scores.
func TestTargetsRefused(t *testing.T) {
	net := network.NewTwoLayerNet(4, 3, 3, 0.5, rand.New(rand.NewPCG(2, 3)))
	x := tensor.RandN(rand.New(rand.NewPCG(4, 5)), 2, 4)
	y := net.Predict(x)
	tests := []struct {
		name string
		call func()
		want string
	}{
		{"Accuracy one-hot rows for 3 images", func() { net.Accuracy(x, tensor.OneHot([]int{0, 1, 2}, 3)) }, "network: targets of shape [3 3] for a batch of 2"},
		{"Accuracy 3 labels", func() { net.Accuracy(x, tensor.New([]float64{0, 1, 2}, 3)) }, "network: targets of shape [3] for a batch of 2"},
		{"Accuracy a matrix of labels", func() { net.Accuracy(x, tensor.Zeros(1, 2)) }, "network: targets of shape [1 2] for a batch of 2"},
		{"Gradient 1 label", func() { net.Gradient(x, tensor.New([]float64{0}, 1)) }, "network: targets of shape [1] for a batch of 2"},
		{"label = classes", func() { network.CrossEntropyLabels(y, []int{0, 3}) }, "network: CrossEntropyLabels: label 3 outside [0, 3)"},
		{"label -1", func() { network.CrossEntropyLabels(y, []int{-1, 0}) }, "network: CrossEntropyLabels: label -1 outside [0, 3)"},
		{"3 labels", func() { network.CrossEntropyLabels(y, []int{0, 1, 2}) }, "network: CrossEntropyLabels: 3 labels for output shape [2 3]"},
		{"3 targets", func() { network.CrossEntropyError(y, tensor.Zeros(3)) }, "network: CrossEntropyError: shapes [2 3] and [3]: targets are neither one-hot nor labels"},
		{"output of rank 3", func() { network.CrossEntropyError(tensor.Zeros(1, 2, 3), tensor.Zeros(1)) }, "network: CrossEntropyError: output shape [1 2 3], want (K) or (N, K)"},
		{"parameter w1", func() { net.Param("w1") }, `network: Param: no parameter "w1" (want W1, b1, W2 or b2)`},
	}
	for _, tt := range tests {
		func() {
			defer func() {
				if r := fmt.Sprint(recover()); r != tt.want {
					t.Errorf("%s: panic %q, want %q", tt.name, r, tt.want)
				}
			}()
			tt.call()
		}()
	}
	// Either form of the same targets gives the same answers.
	labels := tensor.New([]float64{2, 0}, 2)
	oneHot := tensor.OneHot([]int{2, 0}, 3)
	if a, b := net.Accuracy(x, labels), net.Accuracy(x, oneHot); a != b {
		t.Errorf("accuracy %v with labels, %v one-hot", a, b)
	}
	if g, h := net.Gradient(x, labels), net.Gradient(x, oneHot); !tensor.AllClose(g.W1, h.W1, 0, 0) || !tensor.AllClose(g.B2, h.B2, 0, 0) {
		t.Errorf("the gradient differs with labels and one-hot targets")
	}
}

// TestGradientTakesTargetsAsGiven: two_layer_net.py's gradient uses t as
// it comes, dy = (y − t)/N, so targets that are not one-hot (a smoothed
// label, say) enter as they are: ∂L/∂b2 = Σ_n (y_n − t_n)/N, against a
// plain loop over Predict's output.
func TestGradientTakesTargetsAsGiven(t *testing.T) {
	net := network.NewTwoLayerNet(4, 3, 3, 0.5, rand.New(rand.NewPCG(6, 7)))
	x := tensor.RandN(rand.New(rand.NewPCG(8, 9)), 2, 4)
	soft := tensor.New([]float64{0.1, 0.8, 0.1, 0.5, 0.25, 0.25}, 2, 3)
	y := net.Predict(x)
	g := net.Gradient(x, soft)
	for j := range 3 {
		want := 0.0
		for n := range 2 {
			want += float64((y.At(n, j) - soft.At(n, j)) / 2)
		}
		if got := g.B2.At(j); !(math.Abs(got-want) <= 1e-15) {
			t.Errorf("∂L/∂b2[%d] = %v, want Σ (y − t)/N = %v", j, got, want)
		}
	}
}
