package tensor

import (
	"fmt"
	"slices"
)

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

func scalarOp(k opKind, a *Tensor, s float64) *Tensor {
	out := Zeros(a.shape...)
	k.line(out.data, a.data, 1, []float64{s}, 0)
	return out
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
	// An operand with as many elements as the result has its shape, and one
	// with a single element is that value everywhere: with only such
	// operands the output is one row, each read with stride 1 or 0.
	if as, ok := flatStride(a, dst); ok {
		if bs, ok := flatStride(b, dst); ok {
			k.line(dst.data, a.data, as, b.data, bs)
			return dst
		}
	}
	// Otherwise walk the output row by row (the last axis), keeping the
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

// flatStride returns the stride with which a reads along the whole of
// dst, when there is one: 1 if a has dst's number of elements, 0 if a
// single one.
func flatStride(a, dst *Tensor) (int, bool) {
	switch len(a.data) {
	case len(dst.data):
		return 1, true
	case 1:
		return 0, true
	}
	return 0, false
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
