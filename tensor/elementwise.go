package tensor

import "dlfs/internal/parallel"

// The loops of the element-wise binary operations, which broadcast.go
// sets up: one loop an operation, and their shares of the cores.

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

// lines computes dst[i] = x[i] op y[i*ys], ys 1 or 0, shared between the
// cores when dst is large (W1's 39200 values are): each element is the
// same whoever computes it.
func (k opKind) lines(dst, x, y []float64, ys int) {
	parallel.For(len(dst), 1, 2*len(dst), parallel.Func(func(lo, hi int) {
		k.line(dst[lo:hi], x[lo:], 1, y[lo*ys:], ys)
	}))
}
