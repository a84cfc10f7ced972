package engine

import (
	"math"
	"math/rand/v2"
	"testing"

	"dlfs/internal/mnisttest"
	"dlfs/internal/tensortest"
	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
)

// deltaGap bounds how far backprop's gradient of W2 and b2 may be from the
// numerical one: the loss has δ = 1e-7 inside its log and backprop's
// (y − t)/N leaves it out, a difference of at most mean_n δ/y_{n,c} (see
// TestGradientCheck).
func deltaGap(net *network.TwoLayerNet, x *tensor.Tensor, labels []int) float64 {
	y := net.Predict(x)
	gap := 0.0
	for n, c := range labels {
		gap += network.CrossEntropyDelta / y.At(n, c) / float64(len(labels))
	}
	return gap
}

// checkNumerical compares the fast numerical gradient with the plain one
// (within 1e-10) and with backprop (within 1e-7, plus the δ gap: in full
// for the output layer's parameters, and for W1 and b1 as it flows back
// through W2 and σ' ≤ 1/4 with inputs ≤ 1).
func checkNumerical(t *testing.T, net *network.TwoLayerNet, x *tensor.Tensor, labels []int, plain *network.Params) {
	t.Helper()
	onehot := tensor.OneHot(labels, net.W2.Dim(1))
	fast := NewTrainer(net).NumericalGradient(SparseOf(x), labels)
	bp := net.Gradient(x, onehot)
	gap := deltaGap(net, x, labels)
	w2Row := 0.0 // max_j Σ_k |W2[j][k]|
	for j := range net.W2.Dim(0) {
		s := 0.0
		for k := range net.W2.Dim(1) {
			s += math.Abs(net.W2.At(j, k))
		}
		w2Row = max(w2Row, s)
	}
	for i, name := range network.ParamNames() {
		if plain != nil {
			if d := tensor.MaxAbsDiff(list(fast)[i], list(plain)[i]); !(d <= 1e-10) {
				t.Errorf("%s: max |fast − plain numerical| = %v", name, d)
			}
		}
		tol := 1e-7 + float64(gap*w2Row/4)
		if name == "W2" || name == "b2" {
			tol = 1e-7 + gap
		}
		if d := tensor.MaxAbsDiff(list(fast)[i], list(bp)[i]); !(d <= tol) {
			t.Errorf("%s: max |fast numerical − backprop| = %v, want ≤ %v", name, d, tol)
		}
	}
}

func TestFastNumericalGradientSmallNets(t *testing.T) {
	for _, c := range []struct {
		in, hidden, out, batch int
		zeros                  float64 // fraction of zero inputs
		seed                   uint64
	}{
		{4, 5, 3, 2, 0, 1},
		{20, 10, 3, 7, 0.5, 2},
		{30, 8, 10, 12, 0.81, 3},
		{6, 3, maxClasses, 5, 0.5, 5}, // the most classes the fast gradient takes
	} {
		rng := rand.New(rand.NewPCG(c.seed, 4))
		net := network.NewTwoLayerNet(c.in, c.hidden, c.out, 0.5, rng)
		net.B1 = tensor.RandN(rng, c.hidden)
		net.B2 = tensor.RandN(rng, c.out)
		x := tensor.Zeros(c.batch, c.in)
		for i := range x.Data() {
			if rng.Float64() >= c.zeros {
				x.Data()[i] = rng.Float64()
			}
		}
		for n := range c.batch { // input 0 is zero in every sample
			x.Set(0, n, 0)
		}
		labels := make([]int, c.batch)
		for i := range labels {
			labels[i] = rng.IntN(c.out)
		}
		plain := net.NumericalGradient(x, tensor.OneHot(labels, c.out))
		checkNumerical(t, net, x, labels, plain)
		fast := NewTrainer(net).NumericalGradient(SparseOf(x), labels)
		for j := range c.hidden {
			if fast.W1.At(0, j) != 0 || plain.W1.At(0, j) != 0 {
				t.Errorf("%v: gradient of a weight whose input is always 0: fast %v, plain %v", c, fast.W1.At(0, j), plain.W1.At(0, j))
			}
		}
	}
}

// TestNumericalGradientRefusesClasses: past maxClasses outputs the fast
// numerical gradient refuses the net, naming both numbers.
func TestNumericalGradientRefusesClasses(t *testing.T) {
	net := network.NewTwoLayerNet(4, 2, maxClasses+1, 0.5, rand.New(rand.NewPCG(1, 1)))
	tensortest.WantPanic(t, "engine: NumericalGradient: 65 classes, at most 64", func() {
		NewTrainer(net).NumericalGradient(SparseOf(tensor.Zeros(1, 4)), []int{0})
	})
}

func mnistBatch(t *testing.T, n int) (*tensor.Tensor, []int) {
	d, err := mnist.Load()
	if err != nil {
		t.Fatal(err)
	}
	return mnisttest.Rows(d.Train, rand.New(rand.NewPCG(5, 5)).Perm(d.Train.Len())[:n])
}

// TestGradientCheck is the book's gradient check on a real-size net and
// real images, with the plain numerical gradient (79520 forward passes)
// computed once and compared with both backprop and the fast numerical
// gradient.
func TestGradientCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("79520 forward passes")
	}
	x, labels := mnistBatch(t, 3)
	net := network.NewTwoLayerNet(784, 50, 10, 0.01, rand.New(rand.NewPCG(0, 0)))
	plain := net.NumericalGradient(x, tensor.OneHot(labels, 10))
	checkNumerical(t, net, x, labels, plain)
}

// TestFastNumericalGradientMNIST100: the book's batch of 100 real images;
// the plain version would take minutes, backprop is the reference.
func TestFastNumericalGradientMNIST100(t *testing.T) {
	x, labels := mnistBatch(t, 100)
	net := network.NewTwoLayerNet(784, 50, 10, 0.01, rand.New(rand.NewPCG(1, 0)))
	checkNumerical(t, net, x, labels, nil)
}

// TestStepNumerical: one numerical step (NumericalGradient, Apply, as
// train's loop takes it) lands where the backprop step does, to within the
// learning rate times the gradients' difference.
func TestStepNumerical(t *testing.T) {
	netA, _, xs, labels := stepFixture(4)
	netB := clone(netA)
	la := step(NewTrainer(netA), xs, labels, 0.5)
	trB := NewTrainer(netB)
	trB.NumericalGradient(xs, labels)
	trB.Apply(0.5)
	lb := trB.Loss(xs, labels)
	for i, name := range network.ParamNames() {
		if d := tensor.MaxAbsDiff(list(&netA.Params)[i], list(&netB.Params)[i]); d > 0.5*1e-6 {
			t.Errorf("%s: backprop and numerical steps differ by %v", name, d)
		}
	}
	if !(math.Abs(la-lb) <= 1e-6) {
		t.Errorf("losses after the step: backprop %v, numerical %v", la, lb)
	}
}
