package tensor

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

// line computes dst[i] = x[i*xs] op y[i*ys] for every i of dst. A stride of 0
// repeats one value, which is how a broadcast axis is read. One loop per
// operation keeps the per-element cost to the arithmetic itself.
func (k opKind) line(dst, x []float64, xs int, y []float64, ys int) {
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
