package engine

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"dlfs/internal/kernel"
	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
)

// firstImages returns a data set of the first n images of MNIST's test
// set, as both its halves: n not a multiple of the evaluation's chunk
// leaves a short last chunk.
func firstImages(t *testing.T, n int) *mnist.Dataset {
	t.Helper()
	return editedImages(t, n, func([]byte) {})
}

// editedImages is firstImages with edit applied to each image's pixels.
func editedImages(t *testing.T, n int, edit func(img []byte)) *mnist.Dataset {
	t.Helper()
	d, err := mnist.Load()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, dims []int, data []byte) {
		h := []byte{0, 0, 8, byte(len(dims))}
		for _, v := range dims {
			h = binary.BigEndian.AppendUint32(h, uint32(v))
		}
		if err := os.WriteFile(filepath.Join(dir, name), append(h, data...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var img, lbl []byte
	for i := range n {
		px := slices.Clone(d.Test.Image(i))
		edit(px)
		img = append(img, px...)
		lbl = append(lbl, byte(d.Test.Label(i)))
	}
	for _, half := range [][2]string{{mnist.TrainImages, mnist.TrainLabels}, {mnist.TestImages, mnist.TestLabels}} {
		write(half[0], []int{n, mnist.Rows, mnist.Cols}, img)
		write(half[1], []int{n}, lbl)
	}
	small, err := mnist.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return small
}

// TestEvaluatorMatchesTheBook: the chunked, parallel accuracy is
// TwoLayerNet.Accuracy on the whole set, exactly: the same count of right
// answers, from an untrained net that gets some right and some wrong.
func TestEvaluatorMatchesTheBook(t *testing.T) {
	d := firstImages(t, 1234)
	net := network.NewTwoLayerNet(mnist.Pixels, 8, 10, 0.5, rand.New(rand.NewPCG(3, 3)))
	x, labels := d.Test.Tensors(mnist.Options{Normalize: true, Flatten: true, OneHot: true})
	want := net.Accuracy(x, labels)
	ev := NewEvaluator(net)
	for range 2 { // the second time with the kept buffers
		if got := ev.Accuracy(d.Test); got != want {
			t.Errorf("Evaluator accuracy %v, TwoLayerNet.Accuracy %v", got, want)
		}
	}
	if want == 0 || want == 1 {
		t.Errorf("accuracy %v cannot tell right from wrong counting", want)
	}
	// Ink in the first and last pixels, where no MNIST digit has any.
	edges := editedImages(t, 300, func(img []byte) { img[0], img[mnist.Pixels-1] = 255, 128 })
	ex, elabels := edges.Test.Tensors(mnist.Options{Normalize: true, Flatten: true, OneHot: true})
	if got, want := ev.Accuracy(edges.Test), net.Accuracy(ex, elabels); got != want {
		t.Errorf("images inked in their corners: Evaluator accuracy %v, TwoLayerNet.Accuracy %v", got, want)
	}
	// Sets that end a chunk short of, at and past the chunks' edge.
	for _, n := range []int{1, evalChunk - 1, evalChunk, evalChunk + 1, 2*evalChunk - 1} {
		part := d.Test.Head(n)
		x, labels := part.Tensors(mnist.Options{Normalize: true, Flatten: true, OneHot: true})
		if got, want := ev.Accuracy(part), net.Accuracy(x, labels); got != want {
			t.Errorf("the first %d images: Evaluator accuracy %v, TwoLayerNet.Accuracy %v", n, got, want)
		}
	}
}

// TestApproxBound: with vectors, the float32 first layer's scores are
// within the bound approx.go derives of the exact scores, for every image
// and class, on nets whose weights span three orders of magnitude; and
// the bound is tight enough that most images need no exact recomputation.
func TestApproxBound(t *testing.T) {
	if !kernel.Vector {
		t.Skip("the float32 first layer needs the vector build")
	}
	d := firstImages(t, 1234)
	for _, scale := range []float64{0.01, 0.1, 1} {
		rng := rand.New(rand.NewPCG(4, uint64(scale*100)))
		net := network.NewTwoLayerNet(mnist.Pixels, 50, 10, scale, rng)
		for j := range net.B1.Data() {
			net.B1.Data()[j] = rng.NormFloat64()
		}
		var f approxLayer
		f.prepare(net)
		if !f.on {
			t.Fatalf("weights ×%v: the float32 layer is off", scale)
		}
		tr := NewTrainer(net)
		x, labels := NewSparse(mnist.Pixels), make([]int, evalChunk)
		worst, uncertain := 0.0, 0
		for start := 0; start < d.Test.Len(); start += evalChunk {
			n := Chunk(x, labels, d.Test, start)
			tr.Correct(x, labels[:n]) // the exact scores, in a2
			exact := tr.act.a2.Clone()
			for i := range n {
				approxRow(tr.act.a1.Data()[i*50:(i+1)*50], x, i, &f)
			}
			approx := approxScoresPass{tr.layers(x)}
			approx.Run(0, n)
			for i := range n {
				pixels := x.nnzBefore(i+1) - x.nnzBefore(i)
				a2 := tr.act.a2.Data()[i*10 : (i+1)*10]
				for k, v := range a2 {
					bound := f.bound(k, pixels)
					err := math.Abs(v - exact.At(i, k))
					if !(err <= bound) {
						t.Fatalf("weights ×%v, image %d, class %d: float32 score %v, exact %v: error %.3g over the bound %.3g", scale, start+i, k, v, exact.At(i, k), err, bound)
					}
					worst = max(worst, err/bound)
				}
				if !f.certain(a2, argmax(a2), pixels) {
					uncertain++
				}
			}
		}
		t.Logf("weights ×%v: largest error %.2g of its bound; %d of %d images uncertain", scale, worst, uncertain, d.Test.Len())
		if scale < 1 && uncertain > d.Test.Len()/20 {
			t.Errorf("weights ×%v: %d of %d images uncertain: the bound is too loose to pay", scale, uncertain, d.Test.Len())
		}
	}
}

// TestEvaluatorTies: two classes with the same weights and bias score the
// same on every image, so the float32 product can never tell them apart:
// each image is predicted again exactly, and the tie goes to the first
// class, as TwoLayerNet.Accuracy's np.argmax gives it.
func TestEvaluatorTies(t *testing.T) {
	d := firstImages(t, 600)
	rng := rand.New(rand.NewPCG(6, 6))
	net := network.NewTwoLayerNet(mnist.Pixels, 50, 10, 0.1, rng)
	w2 := net.W2.Data()
	for j := range 50 {
		w2[j*10+5] = w2[j*10+3]
	}
	net.B2.Data()[3], net.B2.Data()[5] = 20, 20 // 3 and 5 lead every image
	x, labels := d.Test.Tensors(mnist.Options{Normalize: true, Flatten: true, OneHot: true})
	want := net.Accuracy(x, labels)
	ev := NewEvaluator(net)
	if got := ev.Accuracy(d.Test); got != want {
		t.Errorf("Evaluator accuracy %v, TwoLayerNet.Accuracy %v", got, want)
	}
	if want == 0 {
		t.Error("no image right: the test cannot see which of the tied classes won")
	}
	if kernel.Vector && ev.Recomputed.Load() != int64(d.Test.Len()) {
		t.Errorf("%d images recomputed exactly, want all %d", ev.Recomputed.Load(), d.Test.Len())
	}
}

// TestEvaluatorNearTies: nets made so that one image labelled 3 scores
// classes 3 and 5 within 1e-8 of each other, the lead alternating between
// them, and every other class far behind. 1e-8 is far below the float32
// product's errors, whose pick between the two is a coin toss, and far
// above the last bits in which the book layer and the engine differ: the
// count is TwoLayerNet.Accuracy's only if each such image is recomputed
// exactly.
func TestEvaluatorNearTies(t *testing.T) {
	d := firstImages(t, 300)
	x, labels := d.Test.Tensors(mnist.Options{Normalize: true, Flatten: true, OneHot: true})
	tossed := 0 // images whose float32 class is not the exact one
	tried := 0
	for i := 0; i < d.Test.Len() && tried < 16; i++ {
		if d.Test.Label(i) != 3 {
			continue
		}
		tried++
		net := network.NewTwoLayerNet(mnist.Pixels, 50, 10, 0.1, rand.New(rand.NewPCG(8, uint64(i))))
		b2 := net.B2.Data()
		b2[3], b2[5] = 20, 20
		xi := tensor.Rows(x, []int{i})
		z1 := network.Sigmoid(tensor.Add(tensor.MatMul(xi, net.W1), net.B1))
		a2 := tensor.Add(tensor.MatMul(z1, net.W2), net.B2).Data()
		lead := float64(1e-8 * float64(1-2*(tried%2))) // 3 ahead, then 5 ahead, …
		b2[5] += a2[3] - a2[5] - lead
		want := net.Accuracy(x, labels)
		if got := NewEvaluator(net).Accuracy(d.Test); got != want {
			t.Errorf("image %d, 3 ahead of 5 by %v: Evaluator accuracy %v, TwoLayerNet.Accuracy %v", i, lead, got, want)
		}
		if kernel.Vector { // what the float32 product alone would have said
			var f approxLayer
			f.prepare(net)
			tr := NewTrainer(net)
			s := NewSparse(mnist.Pixels)
			Chunk(s, make([]int, 1), d.Test, i)
			approx := approxScoresPass{tr.layers(s)}
			approxRow(tr.act.a1.Data(), s, 0, &f)
			approx.Run(0, 1)
			if k := argmax(tr.act.a2.Data()); k != 3 && k != 5 || (k == 3) != (lead > 0) {
				tossed++
			}
		}
	}
	t.Logf("%d of %d images: the float32 product alone picked the other class", tossed, tried)
	if kernel.Vector && tossed == 0 {
		t.Errorf("the float32 product picked the exact class for all %d images: the test cannot tell the recomputation from none", tried)
	}
}

// TestApproxBoundFormula: the bound's constants and the certainty test
// against numbers worked by hand from approx.go's formula, for a net of
// two pixels, one hidden unit and two classes whose largest first-layer
// weight is negative: A = (1.001·1·0.5/4, 1.001·2·0.5/4), s = 1e-9·(1 + 0.1
// + 1·(1 + 0.3 + 2·0.5), 1 + 0.4 + 2·(1 + 0.3 + 2·0.5)), and for an image
// of 4 pixels class 0 is certain when it leads by more than
// γ(6)·4·(A₀ + A₁) + s₀ + s₁.
func TestApproxBoundFormula(t *testing.T) {
	if !kernel.Vector {
		t.Skip("the float32 first layer needs the vector build")
	}
	net := &network.TwoLayerNet{Params: network.Params{
		W1: tensor.New([]float64{-0.5, 0.25}, 2, 1), B1: tensor.New([]float64{0.3}, 1),
		W2: tensor.New([]float64{1, -2}, 1, 2), B2: tensor.New([]float64{0.1, -0.4}, 2),
	}}
	var f approxLayer
	f.prepare(net)
	wantScale, wantMargin := []float64{0.125125, 0.25025}, []float64{3.4e-9, 6e-9}
	for k := range 2 {
		if !(math.Abs(f.scale[k]-wantScale[k]) <= 1e-15) || !(math.Abs(f.margin[k]-wantMargin[k]) <= 1e-22) {
			t.Errorf("class %d: A %v, s %v; want %v and %v", k, f.scale[k], f.margin[k], wantScale[k], wantMargin[k])
		}
	}
	const u = 0x1p-24
	lead := 6*u/(1-6*u)*4*(0.125125+0.25025) + 9.4e-9
	for _, c := range []struct {
		by   float64
		want bool
	}{{lead * (1 + 1e-6), true}, {lead * (1 - 1e-6), false}} {
		if got := f.certain([]float64{c.by, 0}, 0, 4); got != c.want {
			t.Errorf("class 0 ahead by %v (the bound %v): certain %v, want %v", c.by, lead, got, c.want)
		}
	}
}

// TestEvaluatorFollowsTheWeights: an Evaluator made once gives the book
// layer's accuracy after its network's weights change: scaled, grown past
// float32's range (which its float32 layer cannot hold), made NaN, and
// back to finite ones; and a Trainer made once steps as a fresh one does
// after the weights change under it.
func TestEvaluatorFollowsTheWeights(t *testing.T) {
	d := firstImages(t, 700)
	net := network.NewTwoLayerNet(mnist.Pixels, 8, 10, 0.5, rand.New(rand.NewPCG(4, 4)))
	x, labels := d.Test.Tensors(mnist.Options{Normalize: true, Flatten: true, OneHot: true})
	ev := NewEvaluator(net)
	ev.Accuracy(d.Test) // prepares its buffers for the first weights
	for _, c := range []struct {
		name   string
		change func()
	}{
		{"W1 ×30", func() { tensor.MulTo(net.W1, net.W1, tensor.Scalar(30)) }},
		{"a weight past float32's range", func() { net.W1.Data()[300*8+2] = 1e39 }},
		{"W2 reversed", func() { slices.Reverse(net.W2.Data()) }},
		{"a NaN weight", func() { net.W1.Data()[400*8+5] = math.NaN() }},
		{"finite again", func() { net.W1.Data()[400*8+5], net.W1.Data()[300*8+2] = 0.1, -0.3 }},
	} {
		c.change()
		if got, want := ev.Accuracy(d.Test), net.Accuracy(x, labels); got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("%s: Evaluator accuracy %v, TwoLayerNet.Accuracy %v", c.name, got, want)
		}
	}
	// A Trainer kept across a change of the weights it trains.
	xs := NewSparse(mnist.Pixels)
	idx := []int{3, 1, 4, 1, 5, 9, 2, 6}
	lbl := make([]int, len(idx))
	Gather(xs, lbl, d.Train, idx)
	kept := NewTrainer(net)
	step(kept, xs, lbl, 0.1)
	tensor.MulTo(net.W2, net.W2, tensor.Scalar(-2))
	net.B1.Data()[3] = 5
	twin := &network.TwoLayerNet{Params: net.Clone()}
	got, want := step(kept, xs, lbl, 0.1), step(NewTrainer(twin), xs, lbl, 0.1)
	if got != want || !tensor.AllClose(net.W1, twin.W1, 0, 0) || !tensor.AllClose(net.W2, twin.W2, 0, 0) {
		t.Errorf("a kept Trainer after the weights changed: loss %v, a fresh one %v", got, want)
	}
}
