package kernel

// An Arith is one of numpy's four element-wise arithmetic operations, the
// loops of tensor's Add, Sub, Mul and Div and their scalar forms.
type Arith uint8

// The four operations, in tensor's order.
const (
	Add Arith = iota
	Sub
	Mul
	Div
)

// Apply stores x[i·xs] op y[i·ys] in dst[i] for every i of dst, where each
// operand is either read whole (stride 1) or one value repeated (stride 0):
// the layouts of nearly every operation in the book's code, a batch with a
// batch or with a scalar. It reports whether it did; for any other stride
// (a broadcast along an inner axis) it does nothing, and tensor's own loop
// walks it. Each element is one operation, which IEEE 754 rounds once, so
// the bits are ApplyNaive's: the loops win only their bounds checks and,
// in the vector build, eight elements an instruction.
//
// For example, Sub.Apply(dst, []float64{5, 7}, 1, []float64{1}, 0) sets
// dst to [4 6].
func (op Arith) Apply(dst, x []float64, xs int, y []float64, ys int) bool {
	n := len(dst)
	if xs < 0 || xs > 1 || ys < 0 || ys > 1 || xs+ys == 0 {
		return false
	}
	if n == 0 {
		return true
	}
	switch {
	case xs == 1 && ys == 1:
		x, y = x[:n], y[:n]
		i := arithVector(op, dst, x, y)
		switch op {
		case Add:
			for ; i < n; i++ {
				dst[i] = x[i] + y[i]
			}
		case Sub:
			for ; i < n; i++ {
				dst[i] = x[i] - y[i]
			}
		case Mul:
			for ; i < n; i++ {
				dst[i] = x[i] * y[i]
			}
		case Div:
			for ; i < n; i++ {
				dst[i] = x[i] / y[i]
			}
		}
	case xs == 1:
		x = x[:n]
		v := y[0]
		i := arithScalarVector(op, dst, x, v, false)
		switch op {
		case Add:
			for ; i < n; i++ {
				dst[i] = x[i] + v
			}
		case Sub:
			for ; i < n; i++ {
				dst[i] = x[i] - v
			}
		case Mul:
			for ; i < n; i++ {
				dst[i] = x[i] * v
			}
		case Div:
			for ; i < n; i++ {
				dst[i] = x[i] / v
			}
		}
	default: // one value of x, y whole
		y = y[:n]
		v := x[0]
		i := arithScalarVector(op, dst, y, v, true)
		switch op {
		case Add:
			for ; i < n; i++ {
				dst[i] = v + y[i]
			}
		case Sub:
			for ; i < n; i++ {
				dst[i] = v - y[i]
			}
		case Mul:
			for ; i < n; i++ {
				dst[i] = v * y[i]
			}
		case Div:
			for ; i < n; i++ {
				dst[i] = v / y[i]
			}
		}
	}
	return true
}

// ApplyNaive is Apply's reference: one element at a time, for any strides.
func (op Arith) ApplyNaive(dst, x []float64, xs int, y []float64, ys int) {
	for i := range dst {
		a, b := x[i*xs], y[i*ys]
		switch op {
		case Add:
			dst[i] = a + b
		case Sub:
			dst[i] = a - b
		case Mul:
			dst[i] = a * b
		case Div:
			dst[i] = a / b
		}
	}
}
