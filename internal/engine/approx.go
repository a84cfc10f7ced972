package engine

import (
	"math"

	"dlfs/internal/kernel"
	"dlfs/network"
)

// An evaluation only needs each image's class, the argmax of its scores
// a2, not the scores' last bits. With vectors (GOEXPERIMENT=simd), the
// Evaluator computes x·W1, nine tenths of its arithmetic, in float32:
// sixteen values a register instead of eight, half the bytes of W1 to
// stream from the cache. The rest of the forward pass is float64, as
// scoresPass does it. A class found this way is kept only when its score
// leads every other by more than the two scores' error bounds; otherwise
// the image is predicted again exactly. So the count is Correct's, image
// for image (TestEvaluatorMatchesTheBook, TestApproxBound).
//
// The bound on a score's error. An image with n non-zero pixels x_p, all
// in [0, 1], has float32 sums within γ(n+2)·Σ_p |x_p|·|W1[p][j]| ≤
// γ(n+2)·n·M_j of the exact ones, where γ(m) = m·u/(1−m·u) with u = 2⁻²⁴
// covers the rounding of x and W1 to float32 and of each of the n terms
// added, and M_j is the largest |W1[p][j]|. The sigmoid's slope is at
// most 1/4, so z1[j] moves by at most a quarter of that, and the score
// a2[k] by at most
//
//	e_k(n) = γ(n+2)·n·A_k + s_k,   A_k = Σ_j |W2[j][k]|·M_j/4,
//
// with s_k a margin, far above them, for every float64 rounding that
// differs between the two paths (the sums, b1, the sigmoid's few ulps) and
// for float32's underflow (weights below 1e-38, rounded to within 1e-45).
// Class k* is certain when a2[k*] − a2[k] > e_k*(n) + e_k(n) for every
// other k: then the exact scores keep k* strictly first.

// approxLayer is one evaluation's float32 W1 and the bounds' constants; on
// is false when the build has no vectors, the hidden layer is too wide for
// the kernel's buffer, or a weight is not finite.
type approxLayer struct {
	on     bool
	w1     []float32 // W1 in float32, each row 64 wide: 256 bytes, four whole cache lines
	scale  []float64 // A_k
	margin []float64 // s_k
	m      []float64 // M_j, kept so that an evaluation allocates nothing
}

// approxStride is the row length of the float32 W1 and the widest hidden
// layer it holds: a row is then one pass of vectorColumns32, and, 256
// bytes, starts on a cache line, where the book's 50 float64 columns (400
// bytes) make most vector loads straddle two lines.
const approxStride = 64

// prepare sets f up for net's current weights.
func (f *approxLayer) prepare(net *network.TwoLayerNet) {
	pixels, h, c := net.W1.Dim(0), net.W1.Dim(1), net.W2.Dim(1)
	f.on = false
	if !kernel.Vector || h > approxStride {
		return
	}
	w1, w2, b1, b2 := net.W1.Data(), net.W2.Data(), net.B1.Data(), net.B2.Data()
	f.w1 = resize(f.w1, pixels*approxStride) // 200 KB: Go aligns so large an allocation to a page
	clear(f.w1)
	f.m = resize(f.m, h)
	m := f.m
	clear(m)
	for p := range pixels {
		for j, v := range w1[p*h : (p+1)*h] {
			f.w1[p*approxStride+j] = float32(v)
			m[j] = max(m[j], math.Abs(v)) // NaN stays NaN
		}
	}
	for _, v := range m {
		if !(v <= math.MaxFloat32/2) {
			return // a weight not finite, or beyond float32: the exact path only
		}
	}
	f.scale, f.margin = resize(f.scale, c), resize(f.margin, c)
	for k := range c {
		a, s := 0.0, 1+math.Abs(b2[k])
		for j := range h {
			w := math.Abs(w2[j*c+k])
			a += w * m[j] / 4
			s += w * (1 + math.Abs(b1[j]) + float64(pixels)*m[j])
		}
		f.scale[k], f.margin[k] = a*1.001, s*1e-9
		if !(f.margin[k] < math.Inf(1)) {
			return
		}
	}
	f.on = true
}

// bound is e_k(n), the bound on the error of score k of an image with n
// non-zero pixels.
func (f *approxLayer) bound(k, n int) float64 {
	const u = 0x1p-24
	m := float64(n + 2)
	return float64(m*u/(1-float64(m*u))*float64(n)*f.scale[k]) + f.margin[k]
}

// certain reports whether class best of scores a2, from an image with n
// non-zero pixels, is the exact scores' class.
func (f *approxLayer) certain(a2 []float64, best, n int) bool {
	eb := f.bound(best, n)
	for k, v := range a2 {
		if k != best && !(a2[best]-v > eb+f.bound(k, n)) {
			return false
		}
	}
	return true
}

// approxRow sets out, image i's x·W1, from the float32 product, widened.
func approxRow(out []float64, x *Sparse, i int, f *approxLayer) {
	var buf [approxStride]float32
	cols, code := x.row(i)
	vectorColumns32(&buf, cols, code, &pixelLevels32, f.w1)
	for j := range out {
		out[j] = float64(buf[j])
	}
}

// pixelLevels32 are pixelLevels rounded to float32.
var pixelLevels32 = func() (t [256]float32) {
	for p := range t {
		t[p] = float32(pixelLevels[p])
	}
	return t
}()

// approxScoresPass is scoresPass with each image's x·W1 in a1 already:
// the float32 product, widened by approxRow.
type approxScoresPass struct{ imageLayers }

func (p *approxScoresPass) Run(lo, hi int) { p.forEach(p, lo, hi) }
func (p *approxScoresPass) hidden(i int)   { p.activate(i) }
func (p *approxScoresPass) output(i int)   { p.scores(i) }
