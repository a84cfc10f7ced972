package engine

import (
	"fmt"
	"sort"

	"dlfs/internal/parallel"
	"dlfs/network"
	"dlfs/tensor"
)

// A Trainer runs §4.5.2's training step on a network.TwoLayerNet: the
// arithmetic of TwoLayerNet.Gradient, the update θ ← θ − lr·∂L/∂θ and
// TwoLayerNet.Loss, organised for speed as the package doc describes.
type Trainer struct {
	Net  *network.TwoLayerNet
	Grad network.Params // the gradient of the last Step or Gradient

	hidden, classes int
	act             activations

	// The passes, kept here so that handing one to the cores allocates
	// nothing; each is filled with its inputs just before it runs.
	fwd   forwardPass
	prod  productsPass
	grad  gradientPass
	num   numericalPass
	costs rowCosts
	w2t   []float64 // W2ᵀ, rows of w2tStride, for backwardVector

	// The batch of the last Backward, for Update and UpdatedLoss.
	x      *Sparse
	t      []int
	halves [3]int
}

// activations are a batch's values, one row per image, by the book's
// names (two_layer_net.py's gradient):
//
//	a1 = x·W1 + b1    (N, hidden)     z1 = σ(a1)              (N, hidden)
//	a2 = z1·W2 + b2   (N, classes)    y  = softmax(a2)        (N, classes)
//	dy = (y − t)/N    (N, classes)    dz1 = σ'(a1) ⊙ dy·W2ᵀ   (N, hidden)
//
// and xW1, the part of x·W1 from the second half of the pixels, (N,
// hidden), while a1 holds the first half's. dz1's rows are padded with
// zeros to a multiple of eight values (N, padded(hidden)): 64-byte rows,
// which xᵀ·dz1 reads whole, start on a cache line.
type activations struct {
	a1, z1, a2, y, dy, dz1, xW1 *tensor.Tensor
}

// part returns where pixel half k writes its part of x·W1.
func (a *activations) part(k int) *tensor.Tensor {
	if k == 0 {
		return a.a1
	}
	return a.xW1
}

// NewTrainer returns a Trainer for net.
func NewTrainer(net *network.TwoLayerNet) *Trainer {
	tr := &Trainer{Net: net, hidden: net.W1.Dim(1), classes: net.W2.Dim(1)}
	tr.Grad = network.Params{
		W1: tensor.Zeros(net.W1.Shape()...), B1: tensor.Zeros(net.B1.Shape()...),
		W2: tensor.Zeros(net.W2.Shape()...), B2: tensor.Zeros(net.B2.Shape()...),
	}
	return tr
}

// Step is one update of §4.5.2 on the batch (x, t), t the correct labels:
// the gradient, the step θ ← θ − lr·∂L/∂θ for every parameter, then the
// loss on the same batch at the new parameters, which it returns. It is
// Backward, Update and UpdatedLoss in turn.
func (tr *Trainer) Step(x *Sparse, t []int, lr float64) float64 {
	tr.Backward(x, t)
	tr.Update(lr)
	return tr.UpdatedLoss()
}

// Backward is the part of TwoLayerNet.Gradient on the batch (x, t) that
// comes before the parameters' own gradients: the forward pass and the
// error signals of every image. Update finishes the gradient.
func (tr *Trainer) Backward(x *Sparse, t []int) {
	tr.halves = tr.begin(x, t)
	tr.x, tr.t = x, t
	tr.firstLayer(x, tr.halves)             // forward: x·W1, each core its half of the pixels
	tr.images(x, t, fromHalves, throughDz1) // forward, output error dy, backward: image by image
}

// Update finishes the gradient of the last Backward and takes the step
// θ ← θ − lr·∂L/∂θ, each parameter row right after its own gradient, while
// it is in cache; with W1's new rows it computes the new x·W1 that
// UpdatedLoss needs.
func (tr *Trainer) Update(lr float64) {
	tr.gradients(tr.x, tr.halves, update, lr)
}

// UpdatedLoss returns the loss on the batch of the last Backward at the
// parameters Update left, TwoLayerNet.Loss.
func (tr *Trainer) UpdatedLoss() float64 {
	tr.images(tr.x, tr.t, fromHalves, throughY)
	return network.CrossEntropyLabels(tr.act.y, tr.t)
}

// Gradient computes the backpropagation gradient ∂L/∂θ of the loss on the
// batch (x, t) into tr.Grad and returns it: TwoLayerNet.Gradient (§4.5.1)
// without the update.
func (tr *Trainer) Gradient(x *Sparse, t []int) *network.Params {
	halves := tr.begin(x, t)
	tr.firstLayer(x, halves)
	tr.images(x, t, fromHalves, throughDz1)
	tr.gradients(x, halves, noUpdate, 0)
	return &tr.Grad
}

// Loss returns the mini-batch cross-entropy loss E = −(1/N) Σ_n
// log(y[n][t_n] + δ) of the net on (x, t) (§4.2.4), as TwoLayerNet.Loss.
func (tr *Trainer) Loss(x *Sparse, t []int) float64 {
	tr.images(x, t, fromRows, throughY)
	return network.CrossEntropyLabels(tr.act.y, t)
}

// Predict returns the net's output y = softmax(a2) for every row of x,
// (rows, classes), and each row's class, the argmax of a2 as Correct takes
// it. y is the Trainer's buffer, valid until its next call.
func (tr *Trainer) Predict(x *Sparse) (y *tensor.Tensor, class []int) {
	tr.images(x, nil, fromRows, throughY)
	c := tr.classes
	class = make([]int, x.Rows())
	for i := range class {
		class[i] = argmax(tr.act.a2.Data()[i*c : (i+1)*c])
	}
	return tr.act.y, class
}

// Correct returns how many rows of x the net classifies as t says: the
// numerator of TwoLayerNet.Accuracy. The predicted class is the argmax of
// a2 rather than of softmax(a2): softmax keeps the order of the scores, so
// skipping it changes nothing but the time.
func (tr *Trainer) Correct(x *Sparse, t []int) int {
	tr.images(x, t, fromRows, throughA2)
	c := tr.classes
	correct := 0
	for i, label := range t[:x.Rows()] {
		if argmax(tr.act.a2.Data()[i*c:(i+1)*c]) == label {
			correct++
		}
	}
	return correct
}

// argmax returns the index of a's largest value, the first of equals, as
// np.argmax picks ties.
func argmax(a []float64) int {
	best := 0
	for k, v := range a {
		if v > a[best] {
			best = k
		}
	}
	return best
}

// begin checks the batch, sizes the buffers, and splits the pixels in two
// halves with as many non-zero entries each: half k is the columns
// [halves[k], halves[k+1]) of x. It counts x's columns for the column form
// that the halves build.
//
// Why halves of the pixels: each core then reads and writes only its own
// rows of W1, in x·W1, in xᵀ·dz1 and in the update. Split by images, as
// an evaluation is, each core would read all of W1 right after the other
// has rewritten half of it, and wait for those cache lines to cross
// between the cores. The price is that a1 is the sum of two parts, rounded
// once more than the one-pass sum: a difference in the last bit, the same
// on any number of cores, since the halves depend on the batch alone.
func (tr *Trainer) begin(x *Sparse, t []int) [3]int {
	if len(t) != x.Rows() {
		panic(fmt.Sprintf("engine: Trainer: %d labels for a batch of %d", len(t), x.Rows()))
	}
	tr.resize(x)
	x.prepareTMul()
	half := x.NNZ() / 2
	split := sort.Search(x.Cols(), func(p int) bool { return x.nnzBeforeCol(p) >= half })
	return [3]int{0, split, x.Cols()}
}

// resize checks x against the net and sizes the buffers for its rows,
// reallocating only when their number changes.
func (tr *Trainer) resize(x *Sparse) {
	if x.Cols() != tr.Net.W1.Dim(0) {
		panic(fmt.Sprintf("engine: Trainer: batch of %d columns for W1 of shape %v", x.Cols(), tr.Net.W1.Shape()))
	}
	n, a := x.Rows(), &tr.act
	if a.a1 != nil && a.a1.Dim(0) == n {
		return
	}
	h, c := tr.hidden, tr.classes
	*a = activations{
		a1: tensor.Zeros(n, h), z1: tensor.Zeros(n, h), dz1: tensor.Zeros(n, padded(h)), xW1: tensor.Zeros(n, h),
		a2: tensor.Zeros(n, c), y: tensor.Zeros(n, c), dy: tensor.Zeros(n, c),
	}
}

// firstLayer computes the pixel halves' parts of x·W1, each on its core.
func (tr *Trainer) firstLayer(x *Sparse, halves [3]int) {
	tr.prod = productsPass{w1: tr.Net.W1, act: &tr.act, x: x, halves: halves}
	parallel.For(2, 1, x.NNZ()*tr.hidden, &tr.prod)
}

// An xW1Source says where forwardPass finds each image's x·W1.
type xW1Source int

const (
	fromRows   xW1Source = iota // it computes it from the image's pixels
	fromHalves                  // it adds the parts the pixel halves left
	fromA1                      // a1 holds it already (the evaluation's float32 product, approx.go)
)

// Whether gradientPass takes the step θ ← θ − lr·∂L/∂θ.
const (
	update   = true
	noUpdate = false
)

// images runs forwardPass on every image of x, through stage until. From
// the halves' parts, the cores share the images equally; from the rows,
// by their non-zero pixels, which set the work of x·W1.
func (tr *Trainer) images(x *Sparse, t []int, from xW1Source, until stage) {
	tr.resize(x)
	tr.fwd = forwardPass{net: tr.Net, act: &tr.act, x: x, t: t, from: from, until: until}
	if until == throughDz1 && vectorKernel && tr.hidden <= w2tStride {
		tr.w2t = transposeW2(tr.w2t, tr.Net.W2)
		tr.fwd.w2t = tr.w2t
	}
	n, h, c := x.Rows(), tr.hidden, tr.classes
	if from == fromHalves {
		parallel.For(n, 1, n*h*(2*c+30), &tr.fwd)
		return
	}
	tr.costs = rowCosts{x: x, hidden: h, classes: c}
	parallel.ForBalanced(n, tr.costs.Before(n), &tr.costs, &tr.fwd)
}

// rowCosts is the work of forwardPass on the images before i, in
// multiply-adds: per row its non-zero pixels × hidden units, then
// hidden × classes and the hidden units' exponentials, ≈ 30 multiply-adds
// each.
type rowCosts struct {
	x               *Sparse
	hidden, classes int
}

func (r *rowCosts) Before(i int) int {
	return r.x.nnzBefore(i)*r.hidden + i*r.hidden*(r.classes+30)
}

// gradients runs gradientPass on the two pixel halves, each on its core.
func (tr *Trainer) gradients(x *Sparse, halves [3]int, update bool, lr float64) {
	tr.grad = gradientPass{net: tr.Net, grad: &tr.Grad, act: &tr.act, x: x, halves: halves, update: update, lr: lr}
	parallel.For(2, 1, 2*x.NNZ()*tr.hidden, &tr.grad)
}

// A stage is how far forwardPass goes.
type stage int

const (
	throughA2  stage = iota // the scores a2: all Correct needs
	throughY                // the output y = softmax(a2): the loss
	throughDz1              // and the error signals dy and dz1: the gradient
)

// forwardPass is §4.5.1's predict for the images [lo, hi) of a batch,
//
//	a1 = x·W1 + b1,  z1 = σ(a1),  a2 = z1·W2 + b2,  y = softmax(a2),
//
// and, through throughDz1, each image's part of the backward pass, which
// depends on that image alone: its output error dy and its dz1. Each
// image's values are computed while they are in cache.
type forwardPass struct {
	net   *network.TwoLayerNet
	act   *activations
	x     *Sparse
	t     []int
	from  xW1Source
	until stage
	w2t   []float64 // through throughDz1 with vectors, W2ᵀ for backwardVector
}

func (p *forwardPass) Run(lo, hi int) {
	h, c := p.net.W1.Dim(1), p.net.W2.Dim(1)
	a2, z1, w2 := p.act.a2.Data(), p.act.z1.Data(), p.net.W2.Data()
	// Two images at a time through z1·W2: their sums advance side by side
	// instead of each waiting on its own last addition.
	for i := lo; i < hi; i += 2 {
		if i+1 == hi {
			p.hidden(i)
			vecMat(a2[i*c:(i+1)*c], z1[i*h:(i+1)*h], 1, h, w2)
			p.output(i)
			break
		}
		p.hidden(i)
		p.hidden(i + 1)
		vecMat2(a2[i*c:(i+1)*c], a2[(i+1)*c:(i+2)*c], z1[i*h:(i+1)*h], z1[(i+1)*h:(i+2)*h], w2)
		p.output(i)
		p.output(i + 1)
	}
}

// hidden computes image i's hidden layer, a1 = x·W1 + b1 and z1 = σ(a1).
func (p *forwardPass) hidden(i int) {
	h := p.net.W1.Dim(1)
	a1 := p.act.a1.Data()[i*h : (i+1)*h]
	switch p.from {
	case fromHalves: // the halves' parts, in a1 and xW1
		part := p.act.xW1.Data()[i*h : (i+1)*h][:len(a1)]
		for j := range a1 {
			a1[j] += part[j]
		}
	case fromRows:
		mulRowPart(a1, p.x, i, 0, p.x.cols, p.net.W1)
	}
	b1 := p.net.B1.Data()[:len(a1)]
	for j := range a1 {
		a1[j] += b1[j]
	}
	sigmoidRow(p.act.z1.Data()[i*h:(i+1)*h], a1)
}

// output completes image i's pass from its z1·W2 in a2: the scores
// a2 = z1·W2 + b2, then through stage until y = softmax(a2), dy and dz1.
func (p *forwardPass) output(i int) {
	h, c := p.net.W1.Dim(1), p.net.W2.Dim(1)
	a2 := p.act.a2.Data()[i*c : (i+1)*c]
	b2 := p.net.B2.Data()[:len(a2)]
	for k := range a2 {
		a2[k] += b2[k]
	}
	if p.until == throughA2 {
		return
	}
	y := p.act.y.Data()[i*c : (i+1)*c]
	softmaxRow(y, a2)
	if p.until == throughDz1 {
		dy := p.act.dy.Data()[i*c : (i+1)*c]
		outputError(dy, y, p.t[i], float64(p.x.Rows()))
		hp := p.act.dz1.Dim(1)
		backwardRow(p.act.dz1.Data()[i*hp:i*hp+h], dy, p.act.z1.Data()[i*h:(i+1)*h], p.net.W2.Data(), p.w2t)
	}
}

// w2tStride is the row length of transposeW2's W2ᵀ, and so the most
// hidden units backwardVector takes: seven vectors of eight.
const w2tStride = 56

// transposeW2 returns W2ᵀ in buf, each of its rows (a class) w2tStride
// wide, the units past the hidden layer's zero: the layout of
// backwardVector, for a hidden layer of at most w2tStride units.
func transposeW2(buf []float64, w2 *tensor.Tensor) []float64 {
	h, c := w2.Dim(0), w2.Dim(1)
	buf = resize(buf, c*w2tStride)
	clear(buf)
	for j := range h {
		for k, v := range w2.Data()[j*c : (j+1)*c] {
			buf[k*w2tStride+j] = v
		}
	}
	return buf
}

// outputError sets dy = (y − t)/N for one image whose correct class is
// label: the error signal of softmax with cross-entropy (§5.6.3) for a
// batch of n.
func outputError(dy, y []float64, label int, n float64) {
	for k, v := range y {
		t := 0.0
		if k == label {
			t = 1
		}
		dy[k] = (v - t) / n
	}
}

// backwardRow sets one image's dz1 = σ'(a1) ⊙ da1 with da1 = dy·W2ᵀ and
// σ'(a1) = (1 − z1) ⊙ z1 (§5.6.1). da1[j] = Σ_k dy[k]·W2[j][k] is summed
// over k in order, five j at a time, so that five sums advance together
// instead of one waiting on the addition before it; with vectors,
// backwardVector does it from w2t, transposeW2's W2ᵀ (vector.go).
func backwardRow(dz1, dy, z1, w2, w2t []float64) {
	if backwardVector(dz1, dy, z1, w2t) {
		return
	}
	h, c := len(z1), len(dy)
	j := 0
	for ; j+5 <= h; j += 5 {
		r0, r1, r2 := w2[j*c:(j+1)*c], w2[(j+1)*c:(j+2)*c], w2[(j+2)*c:(j+3)*c]
		r3, r4 := w2[(j+3)*c:(j+4)*c], w2[(j+4)*c:(j+5)*c]
		var s0, s1, s2, s3, s4 float64
		for k, d := range dy[:len(r0)] {
			s0 += d * r0[k]
			s1 += d * r1[k]
			s2 += d * r2[k]
			s3 += d * r3[k]
			s4 += d * r4[k]
		}
		zs := z1[j : j+5 : j+5]
		o := dz1[j : j+5 : j+5]
		o[0] = (1 - zs[0]) * zs[0] * s0
		o[1] = (1 - zs[1]) * zs[1] * s1
		o[2] = (1 - zs[2]) * zs[2] * s2
		o[3] = (1 - zs[3]) * zs[3] * s3
		o[4] = (1 - zs[4]) * zs[4] * s4
	}
	for ; j < h; j++ {
		s := 0.0
		for k, w := range w2[j*c : (j+1)*c] {
			s += dy[k] * w
		}
		dz1[j] = (1 - z1[j]) * z1[j] * s
	}
}

// productsPass computes, for the pixel halves [lo, hi) of 0 and 1, their
// part of every image's x·W1, from their own rows of W1. Each half first
// writes its columns of x in column form, which gradientPass reads.
type productsPass struct {
	w1     *tensor.Tensor
	act    *activations
	x      *Sparse
	halves [3]int
}

func (p *productsPass) Run(lo, hi int) {
	for k := lo; k < hi; k++ {
		p0, p1 := p.halves[k], p.halves[k+1]
		p.x.transposeCols(p0, p1)
		xW1Part(p.act.part(k), p.x, p0, p1, p.w1)
	}
}

// xW1Part stores in part, (N, hidden), what pixels [p0, p1) contribute to
// x·W1 for every image.
func xW1Part(part *tensor.Tensor, x *Sparse, p0, p1 int, w1 *tensor.Tensor) {
	h := w1.Dim(1)
	for i := range x.Rows() {
		mulRowPart(part.Data()[i*h:(i+1)*h], x, i, p0, p1, w1)
	}
}

// gradientPass computes, for the pixel halves [lo, hi) of 0 and 1, the
// gradient (§4.5.1, derived in Chapter 5) of their rows of W1,
//
//	∂L/∂W1 = xᵀ·dz1
//
// and their share of the rest (half 0 the first half of W2's rows, half 1
// the other half, b1 and b2):
//
//	∂L/∂W2 = z1ᵀ·dy,  ∂L/∂b1 = Σ_n dz1[n],  ∂L/∂b2 = Σ_n dy[n].
//
// With update, each row of a parameter takes the step θ ← θ − lr·∂L/∂θ
// right after its gradient, while both are in cache, and each half then
// computes its part of x·W1 at the new weights, for the loss after the
// step.
type gradientPass struct {
	net    *network.TwoLayerNet
	grad   *network.Params
	act    *activations
	x      *Sparse
	halves [3]int
	update bool
	lr     float64
}

func (p *gradientPass) Run(lo, hi int) {
	for k := lo; k < hi; k++ {
		p0, p1 := p.halves[k], p.halves[k+1]
		p.w1Rows(p0, p1)
		p.rest(k)
		if p.update {
			xW1Part(p.act.part(k), p.x, p0, p1, p.net.W1)
		}
	}
}

// w1Rows computes rows [p0, p1) of ∂L/∂W1 and, with update, takes their
// step. A pixel that is zero in the whole batch has a zero gradient, and
// its row of W1 is left as it is (about a third of them in an MNIST batch).
func (p *gradientPass) w1Rows(p0, p1 int) {
	h := p.net.W1.Dim(1)
	g, w1 := p.grad.W1.Data(), p.net.W1.Data()
	for q := p0; q < p1; q++ {
		tMulRow(g[q*h:(q+1)*h], p.x, q, p.act.dz1)
		if p.update && p.x.nnzBeforeCol(q+1) > p.x.nnzBeforeCol(q) {
			sgd(w1[q*h:(q+1)*h], g[q*h:(q+1)*h], p.lr)
		}
	}
}

// rest computes half k's share of the gradient of W2, b1 and b2 and, with
// update, takes their step.
func (p *gradientPass) rest(k int) {
	h, c, n := p.net.W2.Dim(0), p.net.W2.Dim(1), p.x.Rows()
	j0, j1 := 0, h/2
	if k == 1 {
		j0, j1 = h/2, h
	}
	gW2, z1, dy := p.grad.W2.Data(), p.act.z1.Data(), p.act.dy.Data()
	for j := j0; j < j1; j++ {
		vecMat(gW2[j*c:(j+1)*c], z1[j:], h, n, dy) // column j of z1 · dy
	}
	if p.update {
		sgd(p.net.W2.Data()[j0*c:j1*c], gW2[j0*c:j1*c], p.lr)
	}
	if k == 0 {
		return
	}
	sumRows(p.grad.B1.Data(), p.act.dz1)
	sumRows(p.grad.B2.Data(), p.act.dy)
	if p.update {
		sgd(p.net.B1.Data(), p.grad.B1.Data(), p.lr)
		sgd(p.net.B2.Data(), p.grad.B2.Data(), p.lr)
	}
}

// sumRows stores the sum of a's rows in out, np.sum(a, axis=0), adding the
// rows in order as tensor.Sum does: over the first len(out) columns, the
// rest being padding.
func sumRows(out []float64, a *tensor.Tensor) {
	clear(out)
	n, stride := len(out), a.Dim(1)
	for i := range a.Dim(0) {
		for j, v := range a.Data()[i*stride : i*stride+n] {
			out[j] += v
		}
	}
}

// padded returns n rounded up to a multiple of eight: a row of that many
// float64 values is whole cache lines.
func padded(n int) int { return (n + 7) &^ 7 }

// sgd is θ ← θ − lr·g, element by element (the book's
// params[key] -= learning_rate * grad[key]).
func sgd(theta, g []float64, lr float64) {
	g = g[:len(theta)]
	for i := range theta {
		theta[i] -= lr * g[i]
	}
}
