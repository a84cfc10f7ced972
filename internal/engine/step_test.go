package engine

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"dlfs/internal/tensortest"
	"dlfs/network"
	"dlfs/tensor"
)

// stepFixture returns a 784-50-10 net with weights large enough that every
// gradient is sizeable, and a batch of 40 MNIST-like rows (81% zeros).
func stepFixture(seed uint64) (*network.TwoLayerNet, *tensor.Tensor, *Sparse, []int) {
	rng := rand.New(rand.NewPCG(seed, 9))
	net := network.NewTwoLayerNet(784, 50, 10, 0.1, rng)
	net.B1 = tensor.MulScalar(tensor.RandN(rng, 50), 0.1)
	net.B2 = tensor.MulScalar(tensor.RandN(rng, 10), 0.1)
	x := tensor.Zeros(40, 784)
	for i := range x.Data() {
		if rng.Float64() < 0.19 {
			x.Data()[i] = float64(1+rng.IntN(255)) / 255
		}
	}
	labels := make([]int, 40)
	for i := range labels {
		labels[i] = rng.IntN(10)
	}
	return net, x, SparseOf(x), labels
}

// list returns the four parameters in the book's order, W1, b1, W2, b2.
func list(p *network.Params) [4]*tensor.Tensor {
	return [4]*tensor.Tensor{p.W1, p.B1, p.W2, p.B2}
}

// clone returns an independent copy of net.
func clone(net *network.TwoLayerNet) *network.TwoLayerNet {
	return &network.TwoLayerNet{Params: net.Clone()}
}

// relClose reports whether every element of a is within tol of b, relative
// to the largest element of b.
func relClose(a, b *tensor.Tensor, tol float64) bool {
	scale := 0.0
	for _, v := range b.Data() {
		scale = max(scale, math.Abs(v))
	}
	return tensor.MaxAbsDiff(a, b) <= tol*scale
}

// TestTrainerMatchesBook checks the tuned passes against the book layer's
// TwoLayerNet methods on the dense batch: they differ only in exp's last
// bits, so the results agree to ~1e-15 relatively.
func TestTrainerMatchesBook(t *testing.T) {
	net, x, xs, labels := stepFixture(1)
	onehot := tensor.OneHot(labels, 10)
	tr := NewTrainer(net)
	if got, want := tr.Loss(xs, labels), net.Loss(x, onehot); !(math.Abs(got-want) <= 1e-14*want) {
		t.Errorf("loss %v, book layer %v", got, want)
	}
	want := net.Gradient(x, onehot)
	got := tr.Gradient(xs, labels)
	for i, name := range network.ParamNames() {
		if !relClose(list(got)[i], list(want)[i], 1e-12) {
			t.Errorf("%s: max |tuned − book| = %v", name, tensor.MaxAbsDiff(list(got)[i], list(want)[i]))
		}
	}
	pred := tensor.Argmax(net.Predict(x), 1)
	correct := 0
	for i, p := range pred {
		if p == labels[i] {
			correct++
		}
	}
	if got := tr.Correct(xs, labels); got != correct {
		t.Errorf("Correct = %d, book layer %d", got, correct)
	}
}

// TestTrainerStep checks one Step against the update done by hand with the
// book layer's gradient: θ ← θ − lr·g, then the loss on the same batch.
func TestTrainerStep(t *testing.T) {
	net, x, xs, labels := stepFixture(2)
	onehot := tensor.OneHot(labels, 10)
	g := net.Gradient(x, onehot)
	ref := &network.TwoLayerNet{Params: network.Params{
		W1: tensor.Sub(net.W1, tensor.MulScalar(g.W1, 0.5)), B1: tensor.Sub(net.B1, tensor.MulScalar(g.B1, 0.5)),
		W2: tensor.Sub(net.W2, tensor.MulScalar(g.W2, 0.5)), B2: tensor.Sub(net.B2, tensor.MulScalar(g.B2, 0.5)),
	}}
	loss := step(NewTrainer(net), xs, labels, 0.5)
	for i, name := range network.ParamNames() {
		if !relClose(list(&net.Params)[i], list(&ref.Params)[i], 1e-12) {
			t.Errorf("%s after the step differs by %v", name, tensor.MaxAbsDiff(list(&net.Params)[i], list(&ref.Params)[i]))
		}
	}
	if want := ref.Loss(x, onehot); !(math.Abs(loss-want) <= 1e-12*want) {
		t.Errorf("loss after the step %v, want %v", loss, want)
	}
}

// TestTrainerSameOnAnyCoreCount: twenty steps on 1 and on 4 goroutines give
// the same bits.
func TestTrainerSameOnAnyCoreCount(t *testing.T) {
	run := func(procs int) ([]float64, *tensor.Tensor) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		net, _, xs, labels := stepFixture(3)
		tr := NewTrainer(net)
		var losses []float64
		for range 20 {
			losses = append(losses, step(tr, xs, labels, 0.3))
		}
		return losses, net.W1
	}
	l1, w1 := run(1)
	l4, w4 := run(4)
	if !slices.Equal(l1, l4) || tensor.MaxAbsDiff(w1, w4) != 0 {
		t.Error("1 and 4 cores give different runs")
	}
}

// TestTrainerOddShapes checks the tuned gradient against the book's on
// shapes whose hidden and class counts are not multiples of the kernels'
// five-wide blocks, so every remainder loop runs.
func TestTrainerOddShapes(t *testing.T) {
	for _, s := range [][3]int{{30, 7, 3}, {45, 12, 13}, {20, 5, 5}, {9, 1, 2}} {
		rng := rand.New(rand.NewPCG(uint64(s[1]), uint64(s[2])))
		net := network.NewTwoLayerNet(s[0], s[1], s[2], 0.5, rng)
		x := tensor.Zeros(17, s[0])
		for i := range x.Data() {
			if rng.Float64() < 0.3 {
				x.Data()[i] = rng.Float64()
			}
		}
		labels := make([]int, 17)
		for i := range labels {
			labels[i] = rng.IntN(s[2])
		}
		want := net.Gradient(x, tensor.OneHot(labels, s[2]))
		got := NewTrainer(net).Gradient(SparseOf(x), labels)
		for i, name := range network.ParamNames() {
			if !relClose(list(got)[i], list(want)[i], 1e-12) {
				t.Errorf("%v %s: max |tuned − book| = %v", s, name, tensor.MaxAbsDiff(list(got)[i], list(want)[i]))
			}
		}
	}
}

// TestTrainerEveryShapeClass: the tuned step against the book layer over
// the shapes that reach its different loops: batches of 1, 2, 3 and 100,
// an image with no ink at all, hidden layers from 1 to 12 and around the
// vector kernel's 49 and 56 columns, 1 to 12 classes. For each: the
// gradient (1e-12 relative), a whole Step (the parameters after it and
// the loss it returns) against the book's gradient, update and Loss, and
// Predict and Correct against Predict and its argmax.
func TestTrainerEveryShapeClass(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	hiddens := []int{1, 2, 3, 4, 5, 6, 7, 11, 12, 48, 49, 50, 55, 56, 57}
	classes := []int{1, 2, 5, 9, 10, 11, 12}
	batches := []int{1, 2, 3, 100}
	for trial := range 40 {
		in, h, c, n := 20+rng.IntN(60), hiddens[trial%len(hiddens)], classes[trial%len(classes)], batches[trial%len(batches)]
		net := network.NewTwoLayerNet(in, h, c, 0.3, rng)
		net.B1 = tensor.MulScalar(tensor.RandN(rng, h), 0.1)
		net.B2 = tensor.MulScalar(tensor.RandN(rng, c), 0.1)
		x := tensor.Zeros(n, in)
		for i := range x.Data() {
			if i/in != n-1 && rng.Float64() < 0.25 { // the last image stays blank
				x.Data()[i] = float64(1+rng.IntN(255)) / 255
			}
		}
		labels := make([]int, n)
		for i := range labels {
			labels[i] = rng.IntN(c)
		}
		shape := fmt.Sprintf("%d-%d-%d, batch %d", in, h, c, n)
		onehot := tensor.OneHot(labels, c)
		xs := SparseOf(x)
		tr := NewTrainer(clone(net))
		want := net.Gradient(x, onehot)
		got := tr.Gradient(xs, labels)
		for i, name := range network.ParamNames() {
			if !relClose(list(got)[i], list(want)[i], 1e-12) {
				t.Fatalf("%s: gradient of %s differs by %v", shape, name, tensor.MaxAbsDiff(list(got)[i], list(want)[i]))
			}
		}
		y, class := tr.Predict(xs)
		if !relClose(y, net.Predict(x), 1e-12) {
			t.Fatalf("%s: Predict differs by %v", shape, tensor.MaxAbsDiff(y, net.Predict(x)))
		}
		correct := 0
		for i, k := range tensor.Argmax(net.Predict(x), 1) {
			if k != class[i] {
				t.Fatalf("%s: image %d predicted %d, book layer %d", shape, i, class[i], k)
			}
			if k == labels[i] {
				correct++
			}
		}
		if got := tr.Correct(xs, labels); got != correct {
			t.Fatalf("%s: Correct %d, book layer %d", shape, got, correct)
		}
		const lr = 0.3
		loss := step(tr, xs, labels, lr)
		ref := &network.TwoLayerNet{Params: network.Params{
			W1: tensor.Sub(net.W1, tensor.MulScalar(want.W1, lr)), B1: tensor.Sub(net.B1, tensor.MulScalar(want.B1, lr)),
			W2: tensor.Sub(net.W2, tensor.MulScalar(want.W2, lr)), B2: tensor.Sub(net.B2, tensor.MulScalar(want.B2, lr)),
		}}
		for i, name := range network.ParamNames() {
			if !relClose(list(&tr.Net.Params)[i], list(&ref.Params)[i], 1e-12) {
				t.Fatalf("%s: %s after the step differs by %v", shape, name, tensor.MaxAbsDiff(list(&tr.Net.Params)[i], list(&ref.Params)[i]))
			}
		}
		if want := ref.Loss(x, onehot); !(math.Abs(loss-want) <= 1e-12*math.Abs(want)) {
			t.Fatalf("%s: loss after the step %v, book layer %v", shape, loss, want)
		}
	}
}

// BenchmarkStepVsBook compares the tuned step with the book layer's
// Gradient, update and Loss on the same batch of 100 MNIST-like rows.
func BenchmarkStepVsBook(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	net := network.NewTwoLayerNet(784, 50, 10, 0.01, rng)
	x := mnistLike(rng, 100, 784)
	labels := make([]int, 100)
	for i := range labels {
		labels[i] = rng.IntN(10)
	}
	t := tensor.OneHot(labels, 10)
	b.Run("book", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			g := net.Gradient(x, t)
			for i, p := range list(&net.Params) {
				tensor.SubTo(p, p, tensor.MulScalar(list(g)[i], 0.1))
			}
			net.Loss(x, t)
		}
	})
	xs := SparseOf(x)
	tr := NewTrainer(net)
	b.Run("engine", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			step(tr, xs, labels, 0.1)
		}
	})
}

// TestBackwardRowVector: da1 from W2ᵀ in vector registers (backwardVector)
// is the scalar loops' da1 bit for bit, and both are the formula
// (1 − z1)·z1·(dy·W2ᵀ) summed class by class: for every hidden width up to
// the vector layout's w2tStride (56) and past it.
func TestBackwardRowVector(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for h := 1; h <= 60; h++ {
		for _, c := range []int{1, 3, 10, 13} {
			w2 := tensortest.RandTensor(rng, h, c)
			dy, z1 := tensortest.RandTensor(rng, c).Data(), tensortest.RandTensor(rng, h).Data()
			got, scalar := make([]float64, h), make([]float64, h)
			var w2t []float64 // past w2tStride units, no vector layout: the scalar loops
			if h <= w2tStride {
				w2t = transposeW2(nil, w2)
			}
			backwardRow(got, dy, z1, w2.Data(), w2t)
			backwardRow(scalar, dy, z1, w2.Data(), nil) // no W2ᵀ: the scalar loops
			for j := range h {
				s := 0.0
				for k := range c {
					s += float64(dy[k] * w2.At(j, k))
				}
				want := (1 - z1[j]) * z1[j] * s
				if math.Float64bits(got[j]) != math.Float64bits(want) || math.Float64bits(scalar[j]) != math.Float64bits(want) {
					t.Fatalf("hidden %d, classes %d: da1[%d] = %v (scalar loops %v), formula %v", h, c, j, got[j], scalar[j], want)
				}
			}
		}
	}
}

// TestPixelHalvesSum: the training step's x·W1 is the sum of two parts,
// the pixels before the column where half the batch's non-zero entries
// lie and those from it on, each summed in column order from 0 (every
// product rounded, then added), the parts then added and b1 after them:
// the arithmetic every run's bits rest on, against a plain loop, on
// random batches and one whose half falls exactly at a column's edge.
func TestPixelHalvesSum(t *testing.T) {
	exact := 0 // batches with a column that has exactly half the entries before it
	for seed := range uint64(4) {
		net, x, xs, labels := stepFixture(seed)
		if seed == 0 { // four images, half the entries in column 0, the first image's on both sides
			x = tensor.Zeros(4, 784)
			x.Set(0.5, 0, 0)
			x.Set(0.25, 1, 0)
			x.Set(1, 0, 1)
			x.Set(0.75, 0, 5)
			xs, labels = SparseOf(x), labels[:4]
		}
		tr := NewTrainer(net)
		tr.Gradient(xs, labels)
		n, p, h := x.Dim(0), x.Dim(1), net.W1.Dim(1)
		xd, w1, b1 := x.Data(), net.W1.Data(), net.B1.Data()
		nnz := 0
		for _, v := range xd {
			if v != 0 {
				nnz++
			}
		}
		split, before := 0, 0 // the first column with at least half of the entries before it
		for ; before < nnz/2; split++ {
			for i := range n {
				if xd[i*p+split] != 0 {
					before++
				}
			}
		}
		if before == nnz/2 {
			exact++
		}
		for i := range n {
			for j := range h {
				var s0, s1 float64
				for q := range p {
					if v := xd[i*p+q]; v != 0 && q < split {
						s0 += float64(v * w1[q*h+j])
					} else if v != 0 {
						s1 += float64(v * w1[q*h+j])
					}
				}
				if want, got := float64(s0+s1)+b1[j], tr.act.a1.At(i, j); got != want {
					t.Fatalf("batch %d: a1[%d][%d] = %v, the halves split at column %d give %v", seed, i, j, got, split, want)
				}
			}
		}
	}
	if exact == 0 {
		t.Error("no batch has a column with exactly half the entries before it: the split's edge is untried")
	}
}
