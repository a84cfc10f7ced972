package tensor

import "dlfs/internal/kernel"

// The loops of the element-wise binary operations, which broadcast.go
// sets up: one loop an operation.

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

// arithOf is the kernel's loop of each arithmetic operation.
var arithOf = [...]kernel.Arith{opAdd: kernel.Add, opSub: kernel.Sub, opMul: kernel.Mul, opDiv: kernel.Div}

// line computes dst[i] = x[i*xs] op y[i*ys] for every i of dst. A stride of 0
// repeats one value, which is how a broadcast axis is read. One loop per
// operation keeps the per-element cost to the arithmetic itself. The four
// arithmetic operations on a whole row or one value, nearly every call
// in the book's code, run in internal/kernel's loops instead, which give
// the same bits eight elements at a time where the CPU allows.
func (k opKind) line(dst, x []float64, xs int, y []float64, ys int) {
	if k <= opDiv && arithOf[k].Apply(dst, x, xs, y, ys) {
		return
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
