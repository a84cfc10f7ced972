package tensor

import (
	"fmt"
	"math"
	"slices"

	"dlfs/internal/parallel"
)

// opKind names an element-wise binary operation; line holds its loops.
type opKind int

const (
	opAdd opKind = iota
	opSub
	opMul
	opDiv
	opMax
	opMin
)

var opNames = [...]string{"Add", "Sub", "Mul", "Div", "Maximum", "Minimum"}

// line computes dst[i] = x[i*xs] op y[i*ys] for every i of dst. A stride of 0
// repeats one value, which is how a broadcast axis is read. One loop per
// operation keeps the per-element cost to the arithmetic itself; the
// training step's cases, x contiguous and y contiguous or one value, have
// loops of their own, with no multiplication for an index and no bounds
// check.
func (k opKind) line(dst, x []float64, xs int, y []float64, ys int) {
	if xs == 1 && k <= opDiv {
		x = x[:len(dst)]
		if ys == 1 {
			k.contiguous(dst, x, y[:len(dst)])
			return
		}
		if ys == 0 {
			k.withValue(dst, x, y[0])
			return
		}
	}
	switch k {
	case opAdd:
		for i := range dst {
			dst[i] = x[i*xs] + y[i*ys]
		}
	case opSub:
		for i := range dst {
			dst[i] = x[i*xs] - y[i*ys]
		}
	case opMul:
		for i := range dst {
			dst[i] = x[i*xs] * y[i*ys]
		}
	case opDiv:
		for i := range dst {
			dst[i] = x[i*xs] / y[i*ys]
		}
	case opMax:
		for i := range dst {
			dst[i] = maxNaN(x[i*xs], y[i*ys])
		}
	case opMin:
		for i := range dst {
			dst[i] = minNaN(x[i*xs], y[i*ys])
		}
	}
}

// contiguous is line for contiguous x and y, as long as dst.
func (k opKind) contiguous(dst, x, y []float64) {
	switch k {
	case opAdd:
		for i := range dst {
			dst[i] = x[i] + y[i]
		}
	case opSub:
		for i := range dst {
			dst[i] = x[i] - y[i]
		}
	case opMul:
		for i := range dst {
			dst[i] = x[i] * y[i]
		}
	case opDiv:
		for i := range dst {
			dst[i] = x[i] / y[i]
		}
	}
}

// withValue is line for contiguous x, as long as dst, and one value v.
func (k opKind) withValue(dst, x []float64, v float64) {
	switch k {
	case opAdd:
		for i := range dst {
			dst[i] = x[i] + v
		}
	case opSub:
		for i := range dst {
			dst[i] = x[i] - v
		}
	case opMul:
		for i := range dst {
			dst[i] = x[i] * v
		}
	case opDiv:
		for i := range dst {
			dst[i] = x[i] / v
		}
	}
}

// maxNaN and minNaN propagate NaN as np.maximum and np.minimum do.
func maxNaN(a, b float64) float64 {
	if a != a || a > b {
		return a
	}
	return b
}

func minNaN(a, b float64) float64 {
	if a != a || a < b {
		return a
	}
	return b
}

// BroadcastShape returns the shape that a and b broadcast to under numpy's
// rules, and false if they cannot: (100, 50) with (50) gives (100, 50), and
// (4, 1, 3) with (5, 1) gives (4, 5, 3).
func BroadcastShape(a, b []int) ([]int, bool) {
	out := make([]int, max(len(a), len(b)))
	for i := range out {
		d, ok := broadcastDim(a, b, len(out)-1-i)
		if !ok {
			return nil, false
		}
		out[i] = d
	}
	return out, true
}

// broadcastDim returns the broadcast length of the axis that is r places
// from the right in both shapes; a missing axis counts as length 1.
func broadcastDim(a, b []int, r int) (int, bool) {
	da, db := 1, 1
	if r < len(a) {
		da = a[len(a)-1-r]
	}
	if r < len(b) {
		db = b[len(b)-1-r]
	}
	switch {
	case da == db || db == 1:
		return da, true
	case da == 1:
		return db, true
	}
	return 0, false
}

// broadcastsTo reports whether a and b broadcast to exactly shape, without
// allocating, for the destination check of the ...To variants.
func broadcastsTo(a, b, shape []int) bool {
	if len(shape) != max(len(a), len(b)) {
		return false
	}
	for r := range shape {
		if d, ok := broadcastDim(a, b, r); !ok || d != shape[len(shape)-1-r] {
			return false
		}
	}
	return true
}

// Add returns a + b element-wise with broadcasting:
// [[1 2] [3 4]] + [10 20] is [[11 22] [13 24]].
func Add(a, b *Tensor) *Tensor { return applyBinary(opAdd, nil, a, b) }

// Sub returns a − b element-wise with broadcasting.
func Sub(a, b *Tensor) *Tensor { return applyBinary(opSub, nil, a, b) }

// Mul returns a · b element-wise (numpy's a * b, not a matrix product).
func Mul(a, b *Tensor) *Tensor { return applyBinary(opMul, nil, a, b) }

// Div returns a / b element-wise with broadcasting; x/0 follows IEEE 754.
func Div(a, b *Tensor) *Tensor { return applyBinary(opDiv, nil, a, b) }

// Maximum returns the element-wise larger of a and b (np.maximum); NaN wins.
func Maximum(a, b *Tensor) *Tensor { return applyBinary(opMax, nil, a, b) }

// Minimum returns the element-wise smaller of a and b (np.minimum); NaN wins.
func Minimum(a, b *Tensor) *Tensor { return applyBinary(opMin, nil, a, b) }

// AddTo stores a + b in dst and returns dst: with dst = a it is numpy's
// a += b. See the package doc on aliasing.
func AddTo(dst, a, b *Tensor) *Tensor { return applyBinary(opAdd, dst, a, b) }

// SubTo stores a − b in dst and returns dst: with dst = a it is numpy's
// a -= b, the book's update params[key] -= learning_rate * grad[key].
func SubTo(dst, a, b *Tensor) *Tensor { return applyBinary(opSub, dst, a, b) }

// MulTo stores a · b (element-wise) in dst and returns dst: a *= b.
func MulTo(dst, a, b *Tensor) *Tensor { return applyBinary(opMul, dst, a, b) }

// DivTo stores a / b in dst and returns dst: a /= b.
func DivTo(dst, a, b *Tensor) *Tensor { return applyBinary(opDiv, dst, a, b) }

// AddScalar returns a + s for every element (numpy's a + s).
func AddScalar(a *Tensor, s float64) *Tensor { return scalarOp(opAdd, a, s) }

// SubScalar returns a − s for every element.
func SubScalar(a *Tensor, s float64) *Tensor { return scalarOp(opSub, a, s) }

// MulScalar returns a · s for every element: the learning rate times a gradient.
func MulScalar(a *Tensor, s float64) *Tensor { return scalarOp(opMul, a, s) }

// DivScalar returns a / s for every element.
func DivScalar(a *Tensor, s float64) *Tensor { return scalarOp(opDiv, a, s) }

// Clip limits every element to [lo, hi] (np.clip): Clip([-5 0 5], -1, 1) is
// [-1 0 1]. NaN stays NaN.
func Clip(a *Tensor, lo, hi float64) *Tensor {
	return Map(a, func(x float64) float64 { return minNaN(maxNaN(x, lo), hi) })
}

func scalarOp(k opKind, a *Tensor, s float64) *Tensor {
	out := Zeros(a.shape...)
	k.lines(out.data, a.data, []float64{s}, 0)
	return out
}

// lines computes dst[i] = x[i] op y[i*ys], ys 1 or 0, shared between the
// cores when dst is large (W1's 39200 values are): each element is the
// same whoever computes it.
func (k opKind) lines(dst, x, y []float64, ys int) {
	parallel.For(len(dst), 1, 2*len(dst), parallel.Func(func(lo, hi int) {
		k.line(dst[lo:hi], x[lo:], 1, y[lo*ys:], ys)
	}))
}

// applyBinary applies k with broadcasting, into dst if it is not nil.
func applyBinary(k opKind, dst, a, b *Tensor) *Tensor {
	var shape []int
	if dst != nil && broadcastsTo(a.shape, b.shape, dst.shape) {
		shape = dst.shape
	} else {
		var ok bool
		if shape, ok = BroadcastShape(a.shape, b.shape); !ok {
			panic(fmt.Sprintf("tensor: %s: shapes %v and %v cannot be broadcast", opNames[k], a.shape, b.shape))
		}
	}
	if dst == nil {
		dst = Zeros(shape...)
	} else if !slices.Equal(dst.shape, shape) {
		panic(fmt.Sprintf("tensor: %sTo: destination shape %v, want %v for shapes %v and %v",
			opNames[k], dst.shape, shape, a.shape, b.shape))
	}
	if len(dst.data) == 0 {
		return dst
	}
	// The common cases of a training step get flat loops with no set-up,
	// shared between the cores on an evaluation's sizes: equal shapes, a
	// scalar operand, and a row vector added to every row.
	switch {
	case len(a.data) == len(dst.data) && len(b.data) == len(dst.data):
		k.lines(dst.data, a.data, b.data, 1)
		return dst
	case len(b.data) == 1 && len(a.data) == len(dst.data):
		k.lines(dst.data, a.data, b.data, 0)
		return dst
	case len(a.data) == len(dst.data) && slices.Equal(b.shape, shape[len(shape)-len(b.shape):]):
		n := len(b.data)
		parallel.For(len(dst.data)/n, 1, len(dst.data), parallel.Func(func(r0, r1 int) {
			for off := r0 * n; off < r1*n; off += n {
				k.line(dst.data[off:off+n], a.data[off:], 1, b.data, 1)
			}
		}))
		return dst
	}
	// General case: walk the output row by row (the last axis), keeping the
	// offset of each operand, whose stride is 0 along a stretched axis.
	r := len(shape)
	as, bs := broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape)
	n := shape[r-1]
	idx := make([]int, r)
	ao, bo := 0, 0
	for off := 0; off < len(dst.data); off += n {
		k.line(dst.data[off:off+n], a.data[ao:], as[r-1], b.data[bo:], bs[r-1])
		for d := r - 2; d >= 0; d-- {
			idx[d]++
			ao += as[d]
			bo += bs[d]
			if idx[d] < shape[d] {
				break
			}
			ao -= as[d] * shape[d]
			bo -= bs[d] * shape[d]
			idx[d] = 0
		}
	}
	return dst
}

// broadcastStrides returns, for each axis of out, the step in the operand's
// data for one step along that axis: 0 where the operand is stretched.
func broadcastStrides(shape, out []int) []int {
	st := make([]int, len(out))
	s := 1
	for i := len(shape) - 1; i >= 0; i-- {
		if shape[i] != 1 {
			st[len(out)-len(shape)+i] = s
		}
		s *= shape[i]
	}
	return st
}

// Map returns f applied to every element: Map(a, math.Sqrt). f must be a
// function of its argument alone, as numpy's element-wise functions are:
// on a large tensor the cores share the elements, so f is called from
// several goroutines at once and in no particular order.
func Map(a *Tensor, f func(float64) float64) *Tensor {
	out := Zeros(a.shape...)
	parallel.For(len(a.data), 1, len(a.data)*mapWork, parallel.Func(func(lo, hi int) {
		for i, x := range a.data[lo:hi] {
			out.data[lo+i] = f(x)
		}
	}))
	return out
}

// mapWork is what an element of Map is reckoned to cost, in the
// multiply-adds parallel.For counts: a call of a function such as math.Exp.
// The sigmoid of a batch's hidden layer, 5000 elements, is shared between
// the cores; a softmax's exponentials, a thousand, are not.
const mapWork = 16

// Exp returns e^x for every element.
func Exp(a *Tensor) *Tensor { return Map(a, math.Exp) }

// Log returns the natural logarithm of every element; log 0 is −Inf.
func Log(a *Tensor) *Tensor { return Map(a, math.Log) }

// Neg returns −x for every element.
func Neg(a *Tensor) *Tensor { return Map(a, func(x float64) float64 { return -x }) }
