package engine

import (
	"dlfs/internal/kernel"
	"dlfs/internal/parallel"
	"dlfs/network"
	"dlfs/tensor"
)

// firstLayer computes the pixel halves' parts of x·W1, each on its core.
func (tr *Trainer) firstLayer(x *Sparse, halves pixelSplit) {
	tr.prod = productsPass{w1: tr.Net.W1, act: &tr.act, x: x, halves: halves}
	parallel.For(pixelParts, 1, x.NNZ()*tr.hidden, &tr.prod)
}

// imageLayers is what a pass over a batch's images reads and writes: the
// net, the batch's activations and its images x.
type imageLayers struct {
	net *network.TwoLayerNet
	act *activations
	x   *Sparse
}

// An imagePass is §4.5.1's predict, image by image,
//
//	a1 = x·W1 + b1,  z1 = σ(a1),  a2 = z1·W2 + b2,  y = softmax(a2),
//
// and, for the gradient, each image's part of the backward pass, which
// depends on that image alone. The passes differ only at the two ends:
// where an image's x·W1 comes from (hidden), and how far past the scores'
// z1·W2 it goes (output). forEach runs one over a range of images, each
// image's values computed while they are in cache.
type imagePass interface {
	hidden(i int) // a1 = x·W1 + b1 and z1 = σ(a1)
	output(i int) // from a2 = z1·W2 on
}

// forEach runs pass over the images [lo, hi), two at a time through
// z1·W2: their sums advance side by side instead of each waiting on its
// own last addition.
func (l *imageLayers) forEach(pass imagePass, lo, hi int) {
	h, c := l.net.W1.Dim(1), l.net.W2.Dim(1)
	a2, z1, w2 := l.act.a2.Data(), l.act.z1.Data(), l.net.W2.Data()
	for i := lo; i < hi; i += 2 {
		if i+1 == hi {
			pass.hidden(i)
			kernel.VecMat(a2[i*c:(i+1)*c], z1[i*h:(i+1)*h], 1, h, w2)
			pass.output(i)
			break
		}
		pass.hidden(i)
		pass.hidden(i + 1)
		kernel.VecMat2(a2[i*c:(i+1)*c], a2[(i+1)*c:(i+2)*c], z1[i*h:(i+1)*h], z1[(i+1)*h:(i+2)*h], w2)
		pass.output(i)
		pass.output(i + 1)
	}
}

// fromRows computes image i's hidden layer from its pixels.
func (l *imageLayers) fromRows(i int) {
	h := l.net.W1.Dim(1)
	mulRowPart(l.act.a1.Data()[i*h:(i+1)*h], l.x, i, 0, l.x.cols, l.net.W1)
	l.activate(i)
}

// fromParts computes image i's hidden layer from the pixel halves' parts
// of x·W1, in a1 and xW1.
func (l *imageLayers) fromParts(i int) {
	h := l.net.W1.Dim(1)
	a1 := l.act.a1.Data()[i*h : (i+1)*h]
	part := l.act.xW1.Data()[i*h : (i+1)*h][:len(a1)]
	for j := range a1 {
		a1[j] += part[j]
	}
	l.activate(i)
}

// activate completes image i's hidden layer from its x·W1 in a1:
// a1 = x·W1 + b1, z1 = σ(a1).
func (l *imageLayers) activate(i int) {
	h := l.net.W1.Dim(1)
	a1 := l.act.a1.Data()[i*h : (i+1)*h]
	b1 := l.net.B1.Data()[:len(a1)]
	for j := range a1 {
		a1[j] += b1[j]
	}
	sigmoidRow(l.act.z1.Data()[i*h:(i+1)*h], a1)
}

// scores completes image i's scores from its z1·W2 in a2: a2 = z1·W2 + b2.
func (l *imageLayers) scores(i int) {
	c := l.net.W2.Dim(1)
	a2 := l.act.a2.Data()[i*c : (i+1)*c]
	b2 := l.net.B2.Data()[:len(a2)]
	for k := range a2 {
		a2[k] += b2[k]
	}
}

// probabilities completes image i's output y = softmax(a2).
func (l *imageLayers) probabilities(i int) {
	l.scores(i)
	c := l.net.W2.Dim(1)
	softmaxRow(l.act.y.Data()[i*c:(i+1)*c], l.act.a2.Data()[i*c:(i+1)*c])
}

// scoresPass is the forward pass from the pixels to the scores a2: all
// Correct needs.
type scoresPass struct{ imageLayers }

func (p *scoresPass) Run(lo, hi int) { p.forEach(p, lo, hi) }
func (p *scoresPass) hidden(i int)   { p.fromRows(i) }
func (p *scoresPass) output(i int)   { p.scores(i) }

// lossPass is the forward pass from the pixels to the output y: the loss.
type lossPass struct{ imageLayers }

func (p *lossPass) Run(lo, hi int) { p.forEach(p, lo, hi) }
func (p *lossPass) hidden(i int)   { p.fromRows(i) }
func (p *lossPass) output(i int)   { p.probabilities(i) }

// updatedLossPass is lossPass from the parts of x·W1 that the update
// computed at the new weights: the loss after a step.
type updatedLossPass struct{ imageLayers }

func (p *updatedLossPass) Run(lo, hi int) { p.forEach(p, lo, hi) }
func (p *updatedLossPass) hidden(i int)   { p.fromParts(i) }
func (p *updatedLossPass) output(i int)   { p.probabilities(i) }

// errorsPass is the forward pass from the parts of x·W1 through the
// output, then each image's error signals: dy = (y − t)/N and
// da1 = σ'(a1) ⊙ dy·W2ᵀ, t the correct labels. With vectors, w2t is
// W2ᵀ for backwardVector.
type errorsPass struct {
	imageLayers
	t   []int
	w2t []float64
}

func (p *errorsPass) Run(lo, hi int) { p.forEach(p, lo, hi) }
func (p *errorsPass) hidden(i int)   { p.fromParts(i) }

func (p *errorsPass) output(i int) {
	p.probabilities(i)
	h, c := p.net.W1.Dim(1), p.net.W2.Dim(1)
	dy := p.act.dy.Data()[i*c : (i+1)*c]
	outputError(dy, p.act.y.Data()[i*c:(i+1)*c], p.t[i], float64(p.x.Rows()))
	hp := p.act.da1.Dim(1)
	backwardRow(p.act.da1.Data()[i*hp:i*hp+h], dy, p.act.z1.Data()[i*h:(i+1)*h], p.net.W2.Data(), p.w2t)
}

// layers returns the imageLayers of the batch x, its buffers sized.
func (tr *Trainer) layers(x *Sparse) imageLayers {
	tr.resize(x)
	return imageLayers{net: tr.Net, act: &tr.act, x: x}
}

// equally hands the images of x to the cores in equal shares: after the
// pixel parts, every image's work is alike.
func (tr *Trainer) equally(x *Sparse, pass parallel.Body) {
	n, h, c := x.Rows(), tr.hidden, tr.classes
	parallel.For(n, 1, n*h*(2*c+30), pass)
}

// byPixels hands the images of x to the cores by their non-zero pixels,
// which set the work of a pass from the rows.
func (tr *Trainer) byPixels(x *Sparse, pass parallel.Body) {
	n := x.Rows()
	tr.costs = rowCosts{x: x, hidden: tr.hidden, classes: tr.classes}
	parallel.ForBalanced(n, tr.costs.Before(n), &tr.costs, pass)
}

// rowCosts is the work of a pass from the rows on the images before i, in
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

// backwardRow sets one image's da1 = σ'(a1) ⊙ dz1 with dz1 = dy·W2ᵀ and
// σ'(a1) = (1 − z1) ⊙ z1 (§5.6.1). dz1[j] = Σ_k dy[k]·W2[j][k] is summed
// over k in order, five j at a time, so that five sums advance together
// instead of one waiting on the addition before it; with vectors,
// backwardVector does it from w2t, transposeW2's W2ᵀ (vector.go).
func backwardRow(da1, dy, z1, w2, w2t []float64) {
	if backwardVector(da1, dy, z1, w2t) {
		return
	}
	h, c := len(z1), len(dy)
	j := 0
	for ; j+5 <= h; j += 5 {
		r0, r1, r2 := w2[j*c:(j+1)*c], w2[(j+1)*c:(j+2)*c], w2[(j+2)*c:(j+3)*c]
		r3, r4 := w2[(j+3)*c:(j+4)*c], w2[(j+4)*c:(j+5)*c]
		var s0, s1, s2, s3, s4 float64
		for k, d := range dy[:len(r0)] {
			s0 += float64(d * r0[k])
			s1 += float64(d * r1[k])
			s2 += float64(d * r2[k])
			s3 += float64(d * r3[k])
			s4 += float64(d * r4[k])
		}
		zs := z1[j : j+5 : j+5]
		o := da1[j : j+5 : j+5]
		o[0] = (1 - zs[0]) * zs[0] * s0
		o[1] = (1 - zs[1]) * zs[1] * s1
		o[2] = (1 - zs[2]) * zs[2] * s2
		o[3] = (1 - zs[3]) * zs[3] * s3
		o[4] = (1 - zs[4]) * zs[4] * s4
	}
	for ; j < h; j++ {
		s := 0.0
		for k, w := range w2[j*c : (j+1)*c] {
			s += float64(dy[k] * w)
		}
		da1[j] = (1 - z1[j]) * z1[j] * s
	}
}

// productsPass computes, for the pixel halves [lo, hi) of 0 and 1, their
// part of every image's x·W1, from their own rows of W1. Each half first
// writes its columns of x in column form, which gradientPass reads.
type productsPass struct {
	w1     *tensor.Tensor
	act    *activations
	x      *Sparse
	halves pixelSplit
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
