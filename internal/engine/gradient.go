package engine

import (
	"dlfs/internal/kernel"
	"dlfs/internal/parallel"
	"dlfs/network"
	"dlfs/tensor"
)

// gradients runs gradientPass on the two pixel halves, each on its core.
func (tr *Trainer) gradients(x *Sparse, halves pixelSplit) {
	tr.gradient = gradientPass{net: tr.Net, grad: &tr.Grad, act: &tr.act, x: x, halves: halves}
	parallel.For(pixelParts, 1, 2*x.NNZ()*tr.hidden, &tr.gradient)
}

// updates runs updatePass on the two pixel halves, each on its core.
func (tr *Trainer) updates(x *Sparse, halves pixelSplit, lr float64) {
	tr.update = updatePass{gradientPass{net: tr.Net, grad: &tr.Grad, act: &tr.act, x: x, halves: halves}, lr}
	parallel.For(pixelParts, 1, 2*x.NNZ()*tr.hidden, &tr.update)
}

// gradientPass computes, for the pixel halves [lo, hi) of 0 and 1, the
// gradient (§4.5.1, derived in Chapter 5) of their rows of W1,
//
//	∂L/∂W1 = xᵀ·da1
//
// and their share of the rest (half 0 the first half of W2's rows, half 1
// the other half, b1 and b2):
//
//	∂L/∂W2 = z1ᵀ·dy,  ∂L/∂b1 = Σ_n da1[n],  ∂L/∂b2 = Σ_n dy[n].
type gradientPass struct {
	net    *network.TwoLayerNet
	grad   *network.Params
	act    *activations
	x      *Sparse
	halves pixelSplit
}

func (p *gradientPass) Run(lo, hi int) {
	for k := lo; k < hi; k++ {
		for q := p.halves[k]; q < p.halves[k+1]; q++ {
			p.w1Row(q)
		}
		p.rest(k)
	}
}

// w1Row computes row q of ∂L/∂W1 and returns it.
func (p *gradientPass) w1Row(q int) []float64 {
	h := p.net.W1.Dim(1)
	g := p.grad.W1.Data()[q*h : (q+1)*h]
	tMulRow(g, p.x, q, p.act.da1)
	return g
}

// rest computes half k's share of the gradient of W2, b1 and b2, and
// returns the rows [j0, j1) of W2 it took.
func (p *gradientPass) rest(k int) (j0, j1 int) {
	h, c, n := p.net.W2.Dim(0), p.net.W2.Dim(1), p.x.Rows()
	j0, j1 = 0, h/2
	if k == 1 {
		j0, j1 = h/2, h
	}
	gW2, z1, dy := p.grad.W2.Data(), p.act.z1.Data(), p.act.dy.Data()
	for j := j0; j < j1; j++ {
		kernel.VecMat(gW2[j*c:(j+1)*c], z1[j:], h, n, dy) // column j of z1 · dy
	}
	if k == 1 {
		sumRows(p.grad.B1.Data(), p.act.da1)
		sumRows(p.grad.B2.Data(), p.act.dy)
	}
	return j0, j1
}

// updatePass is gradientPass with the step θ ← θ − lr·∂L/∂θ: each row of
// a parameter takes it right after its gradient, while both are in cache,
// and each half then computes its part of x·W1 at the new weights, for
// the loss after the step.
type updatePass struct {
	gradientPass
	lr float64
}

// Run updates W1's rows of the halves [lo, hi), then their share of the
// rest. A pixel that is zero in the whole batch has a zero gradient, and
// its row of W1 is left as it is (about a third of them in an MNIST
// batch).
func (p *updatePass) Run(lo, hi int) {
	h, c := p.net.W1.Dim(1), p.net.W2.Dim(1)
	w1 := p.net.W1.Data()
	for k := lo; k < hi; k++ {
		p0, p1 := p.halves[k], p.halves[k+1]
		for q := p0; q < p1; q++ {
			g := p.w1Row(q)
			if p.x.nnzBeforeCol(q+1) > p.x.nnzBeforeCol(q) {
				sgd(w1[q*h:(q+1)*h], g, p.lr)
			}
		}
		j0, j1 := p.rest(k)
		sgd(p.net.W2.Data()[j0*c:j1*c], p.grad.W2.Data()[j0*c:j1*c], p.lr)
		if k == 1 {
			sgd(p.net.B1.Data(), p.grad.B1.Data(), p.lr)
			sgd(p.net.B2.Data(), p.grad.B2.Data(), p.lr)
		}
		xW1Part(p.act.part(k), p.x, p0, p1, p.net.W1)
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
		theta[i] -= float64(lr * g[i])
	}
}
