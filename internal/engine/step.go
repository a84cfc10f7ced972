package engine

import (
	"fmt"
	"sort"

	"dlfs/internal/kernel"
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
	scoring   scoresPass
	approx    approxScoresPass
	losses    lossPass
	updated   updatedLossPass
	errors    errorsPass
	prod      productsPass
	gradient  gradientPass
	update    updatePass
	numerical numericalPass
	costs     rowCosts
	w2t       []float64 // W2ᵀ, rows of w2tStride, for backwardVector

	// The batch of the last Backward, for Update and UpdatedLoss.
	x      *Sparse
	t      []int
	halves pixelSplit
}

// activations are a batch's values, one row per image, by the book's
// names (two_layer_net.py's gradient):
//
//	a1 = x·W1 + b1    (N, hidden)     z1 = σ(a1)              (N, hidden)
//	a2 = z1·W2 + b2   (N, classes)    y  = softmax(a2)        (N, classes)
//	dy = (y − t)/N    (N, classes)    da1 = σ'(a1) ⊙ dy·W2ᵀ   (N, hidden)
//
// and xW1, the part of x·W1 from the second half of the pixels, (N,
// hidden), while a1 holds the first half's. da1's rows are padded with
// zeros to a multiple of eight values (N, padded(hidden)): 64-byte rows,
// which xᵀ·da1 reads whole, start on a cache line.
type activations struct {
	a1, z1, a2, y, dy, da1, xW1 *tensor.Tensor
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

// Backward is the part of TwoLayerNet.Gradient on the batch (x, t) that
// comes before the parameters' own gradients: the forward pass and the
// error signals of every image. Update finishes the gradient and takes
// the step, UpdatedLoss returns the loss after it: the three calls are one
// update of §4.5.2, as train's loop makes it.
func (tr *Trainer) Backward(x *Sparse, t []int) {
	tr.halves = tr.begin(x, t)
	tr.x, tr.t = x, t
	tr.firstLayer(x, tr.halves) // forward: x·W1, each core its half of the pixels
	tr.errorSignals(x, t)       // forward, output error dy, backward: image by image
}

// errorSignals runs errorsPass on the batch (x, t), its x·W1 in the pixel
// halves' parts.
func (tr *Trainer) errorSignals(x *Sparse, t []int) {
	tr.errors = errorsPass{imageLayers: tr.layers(x), t: t}
	if kernel.Vector && tr.hidden <= w2tStride {
		tr.w2t = transposeW2(tr.w2t, tr.Net.W2)
		tr.errors.w2t = tr.w2t
	}
	tr.equally(x, &tr.errors)
}

// Update finishes the gradient of the last Backward and takes the step
// θ ← θ − lr·∂L/∂θ, each parameter row right after its own gradient, while
// it is in cache; with W1's new rows it computes the new x·W1 that
// UpdatedLoss needs.
func (tr *Trainer) Update(lr float64) {
	tr.updates(tr.x, tr.halves, lr)
}

// UpdatedLoss returns the loss on the batch of the last Backward at the
// parameters Update left, TwoLayerNet.Loss.
func (tr *Trainer) UpdatedLoss() float64 {
	tr.updated = updatedLossPass{tr.layers(tr.x)}
	tr.equally(tr.x, &tr.updated)
	return batchLoss(tr.act.y, tr.t)
}

// Gradient computes the backpropagation gradient ∂L/∂θ of the loss on the
// batch (x, t) into tr.Grad and returns it: TwoLayerNet.Gradient (§4.5.1)
// without the update.
func (tr *Trainer) Gradient(x *Sparse, t []int) *network.Params {
	halves := tr.begin(x, t)
	tr.firstLayer(x, halves)
	tr.errorSignals(x, t)
	tr.gradients(x, halves)
	return &tr.Grad
}

// Loss returns the mini-batch cross-entropy loss E = −(1/N) Σ_n
// log(y[n][t_n] + δ) of the net on (x, t) (§4.2.4), as TwoLayerNet.Loss.
func (tr *Trainer) Loss(x *Sparse, t []int) float64 {
	tr.output(x)
	return batchLoss(tr.act.y, t)
}

// batchLoss is network.CrossEntropyLabels without its allocations:
// −(1/N) Σ_n log(y[n][t_n] + δ), the logarithms kernel.Log's, as
// tensor.Log's, added in order where numpy's np.sum adds pairwise (the
// two differ in the last bits of the mean, within 1e-15).
func batchLoss(y *tensor.Tensor, t []int) float64 {
	c := y.Dim(1)
	yd := y.Data()
	s := 0.0
	for n, l := range t {
		s += kernel.Log(yd[n*c+l] + network.CrossEntropyDelta)
	}
	return -s / float64(len(t))
}

// Predict returns the net's output y = softmax(a2) for every row of x,
// (rows, classes), and each row's class, the argmax of a2 as Correct takes
// it. y is the Trainer's buffer, valid until its next call.
func (tr *Trainer) Predict(x *Sparse) (y *tensor.Tensor, class []int) {
	tr.output(x)
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
	tr.scoring = scoresPass{tr.layers(x)}
	tr.byPixels(x, &tr.scoring)
	c := tr.classes
	correct := 0
	for i, label := range t[:x.Rows()] {
		if argmax(tr.act.a2.Data()[i*c:(i+1)*c]) == label {
			correct++
		}
	}
	return correct
}

// output runs lossPass on x: every image's y = softmax(a2), from its
// pixels.
func (tr *Trainer) output(x *Sparse) {
	tr.losses = lossPass{tr.layers(x)}
	tr.byPixels(x, &tr.losses)
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

// pixelParts is how many parts a step splits the pixels into, with as
// many non-zero entries each, one a core, for x·W1, xᵀ·da1 and W1's
// update: each core then reads and writes only its own rows of W1. Split
// by images, as an evaluation is, each core would read all of W1 right
// after the other has rewritten half of it, and wait for those cache
// lines to cross between the cores.
//
// The split is part of the arithmetic, not only of the scheduling: a1 is
// the sum of the parts' sums, rounded once more than the one-pass sum, so
// the parts are set by the batch alone (never by the cores there are),
// and another pixelParts would change the last bits of every run and its
// golden files. The passes are written for two.
const pixelParts = 2

// A pixelSplit is the columns of a batch each pixel part takes: part k is
// [split[k], split[k+1]).
type pixelSplit [pixelParts + 1]int

// begin checks the batch, sizes the buffers, and splits the pixels into
// their parts. It counts x's columns for the column form that the parts
// build.
func (tr *Trainer) begin(x *Sparse, t []int) pixelSplit {
	if len(t) != x.Rows() {
		panic(fmt.Sprintf("engine: Trainer: %d labels for a batch of %d", len(t), x.Rows()))
	}
	tr.resize(x)
	x.prepareTMul()
	half := x.NNZ() / 2
	split := sort.Search(x.Cols(), func(p int) bool { return x.nnzBeforeCol(p) >= half })
	return pixelSplit{0, split, x.Cols()}
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
		a1: tensor.Zeros(n, h), z1: tensor.Zeros(n, h), da1: tensor.Zeros(n, padded(h)), xW1: tensor.Zeros(n, h),
		a2: tensor.Zeros(n, c), y: tensor.Zeros(n, c), dy: tensor.Zeros(n, c),
	}
}
