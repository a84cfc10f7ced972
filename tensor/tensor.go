package tensor

import (
	"fmt"
	"math"
	"slices"

	"dlfs/internal/kernel"
)

// A Tensor is a dense, row-major array of float64 values of any rank.
// Create one with New, Zeros, Full, Scalar, Arange, RandN or OneHot.
type Tensor struct {
	shape []int
	data  []float64
}

// New returns a tensor of the given shape that uses data as its storage,
// without copying: New([]float64{1, 2, 3, 4}, 2, 2) is [[1. 2.] [3. 4.]].
// With no dimensions it is a scalar. It panics if len(data) is not the
// product of the dimensions.
func New(data []float64, shape ...int) *Tensor {
	n := checkShape("New", shape)
	if len(data) != n {
		panic(fmt.Sprintf("tensor: New: %d values do not fill shape %v", len(data), shape))
	}
	return &Tensor{shape: append([]int(nil), shape...), data: data}
}

// Zeros returns a tensor of the given shape filled with 0 (np.zeros). Its
// data is make([]float64, n), offered huge pages when large, as numpy's
// arrays are (internal/kernel).
func Zeros(shape ...int) *Tensor {
	n := checkShape("Zeros", shape)
	return &Tensor{shape: append([]int(nil), shape...), data: kernel.Floats(n)}
}

// Full returns a tensor of the given shape with every element v (np.full).
func Full(v float64, shape ...int) *Tensor {
	t := Zeros(shape...)
	for i := range t.data {
		t.data[i] = v
	}
	return t
}

// Scalar returns a rank-0 tensor holding v.
func Scalar(v float64) *Tensor {
	return &Tensor{shape: []int{}, data: []float64{v}}
}

// Arange returns the vector start, start+step, ... up to but excluding stop,
// as np.arange does: Arange(0, 1, 0.25) is [0. 0.25 0.5 0.75]. Element i is
// computed as start + i*step, so rounding does not accumulate.
// It panics if step is 0 or not finite.
func Arange(start, stop, step float64) *Tensor {
	if step == 0 || math.IsNaN(step) || math.IsInf(step, 0) {
		panic(fmt.Sprintf("tensor: Arange: step %v must be finite and non-zero", step))
	}
	n := int(math.Max(0, math.Ceil((stop-start)/step)))
	t := Zeros(n)
	for i := range t.data {
		t.data[i] = start + float64(float64(i)*step)
	}
	return t
}

// RandN returns a tensor of the given shape whose elements are independent
// standard normal samples (mean 0, variance 1) drawn from src in row-major
// order, np.random.randn(*shape). The same seeded source gives the same
// tensor: a *rand.Rand gives Go's normal deviates, a *nprand.RandomState
// numpy's.
func RandN(src NormalSource, shape ...int) *Tensor {
	t := Zeros(shape...)
	for i := range t.data {
		t.data[i] = src.NormFloat64()
	}
	return t
}

// A NormalSource draws standard normal deviates, as *rand.Rand and
// *nprand.RandomState do.
type NormalSource interface {
	NormFloat64() float64
}

// OneHot returns the (len(labels), classes) matrix whose row i is 1 in column
// labels[i] and 0 elsewhere: OneHot([]int{2, 0}, 3) is [[0. 0. 1.] [1. 0. 0.]].
// It panics if a label is outside [0, classes).
func OneHot(labels []int, classes int) *Tensor {
	t := Zeros(len(labels), classes)
	for i, l := range labels {
		if l < 0 || l >= classes {
			panic(fmt.Sprintf("tensor: OneHot: label %d at %d is outside [0, %d)", l, i, classes))
		}
		t.data[i*classes+l] = 1
	}
	return t
}

// checkShape panics if a dimension is negative and returns the element count.
func checkShape(op string, shape []int) int {
	n := 1
	for _, d := range shape {
		if d < 0 {
			panic(fmt.Sprintf("tensor: %s: negative dimension in shape %v", op, shape))
		}
		n *= d
	}
	return n
}

// Shape returns a copy of the tensor's dimensions; a scalar's shape is empty.
func (t *Tensor) Shape() []int { return append([]int{}, t.shape...) }

// Rank returns the number of dimensions: 0 for a scalar, 2 for a matrix.
func (t *Tensor) Rank() int { return len(t.shape) }

// Size returns the number of elements, the product of the dimensions.
func (t *Tensor) Size() int { return len(t.data) }

// Dim returns the length of one axis; a negative axis counts from the end,
// so Dim(-1) is the last dimension.
func (t *Tensor) Dim(axis int) int { return t.shape[t.axis("Dim", axis)] }

// Data returns the tensor's flat row-major storage, shared, not copied: the
// fast path for loops that need every element.
func (t *Tensor) Data() []float64 { return t.data }

// sameShape reports whether a and b have identical shapes.
func sameShape(a, b *Tensor) bool { return slices.Equal(a.shape, b.shape) }

// At returns the element at a multi-index: for [[1 2] [3 4]], At(1, 0) is 3.
func (t *Tensor) At(idx ...int) float64 { return t.data[t.offset("At", idx)] }

// Set stores v at a multi-index.
func (t *Tensor) Set(v float64, idx ...int) { t.data[t.offset("Set", idx)] = v }

// Item returns the only element of a one-element tensor, as numpy's item().
func (t *Tensor) Item() float64 {
	if len(t.data) != 1 {
		panic(fmt.Sprintf("tensor: Item: shape %v has %d elements, not 1", t.shape, len(t.data)))
	}
	return t.data[0]
}

// offset converts a multi-index to a position in data.
func (t *Tensor) offset(op string, idx []int) int {
	if len(idx) != len(t.shape) {
		panic(fmt.Sprintf("tensor: %s: index %v has %d axes, shape %v has %d", op, idx, len(idx), t.shape, len(t.shape)))
	}
	off := 0
	for i, x := range idx {
		if x < 0 || x >= t.shape[i] {
			panic(fmt.Sprintf("tensor: %s: index %v out of range for shape %v", op, idx, t.shape))
		}
		off = off*t.shape[i] + x
	}
	return off
}

// axis resolves a possibly negative axis against the tensor's rank.
func (t *Tensor) axis(op string, axis int) int {
	r := len(t.shape)
	if axis < -r || axis >= r {
		panic(fmt.Sprintf("tensor: %s: axis %d out of range for shape %v", op, axis, t.shape))
	}
	if axis < 0 {
		axis += r
	}
	return axis
}

// Reshape returns a tensor with the same data in a new shape; the data is
// shared, as with numpy's reshape of a contiguous array. One dimension may be
// -1 and is then inferred: a (2, 3) tensor reshaped to (-1) is a 6-vector.
// It panics if the sizes differ.
func (t *Tensor) Reshape(shape ...int) *Tensor {
	shape = append([]int(nil), shape...)
	infer, n := -1, 1
	for i, d := range shape {
		switch {
		case d == -1 && infer < 0:
			infer = i
		case d < 0:
			panic(fmt.Sprintf("tensor: Reshape: bad shape %v", shape))
		default:
			n *= d
		}
	}
	if infer >= 0 && n > 0 && len(t.data)%n == 0 {
		shape[infer] = len(t.data) / n
		n = len(t.data)
	}
	if n != len(t.data) || (infer >= 0 && shape[infer] < 0) {
		panic(fmt.Sprintf("tensor: Reshape: cannot reshape shape %v into %v", t.shape, shape))
	}
	return &Tensor{shape: shape, data: t.data}
}

// Clone returns an independent copy of t.
func (t *Tensor) Clone() *Tensor {
	return &Tensor{shape: append([]int{}, t.shape...), data: append([]float64(nil), t.data...)}
}

// Rows returns a new tensor made of the given rows (indices along axis 0), in
// order and possibly repeated: what x_train[batch_mask] does in the book.
// Rows of [[1 2] [3 4] [5 6]] at [2 0] is [[5 6] [1 2]].
func Rows(a *Tensor, idx []int) *Tensor {
	if len(a.shape) == 0 {
		panic("tensor: Rows: shape [] has no rows")
	}
	return rowsTo("Rows", Zeros(append([]int{len(idx)}, a.shape[1:]...)...), a, idx)
}

// RowsTo stores the given rows of a in dst and returns dst: numpy's
// np.take(a, idx, axis=0, out=dst), a mini-batch drawn into the array of
// the one before. dst must have Rows' shape, (len(idx), a's other axes).
// dst must not share storage with a. The copy is the kernel's, the cores
// sharing the rows (internal/kernel).
func RowsTo(dst, a *Tensor, idx []int) *Tensor { return rowsTo("RowsTo", dst, a, idx) }

func rowsTo(op string, dst, a *Tensor, idx []int) *Tensor {
	if len(a.shape) == 0 {
		panic(fmt.Sprintf("tensor: %s: shape [] has no rows", op))
	}
	if len(dst.shape) != len(a.shape) || dst.shape[0] != len(idx) || !slices.Equal(dst.shape[1:], a.shape[1:]) {
		panic(fmt.Sprintf("tensor: %s: destination shape %v, want %v for %d rows of shape %v",
			op, dst.shape, append([]int{len(idx)}, a.shape[1:]...), len(idx), a.shape))
	}
	for _, r := range idx {
		if r < 0 || r >= a.shape[0] {
			panic(fmt.Sprintf("tensor: %s: row %d out of range for shape %v", op, r, a.shape))
		}
	}
	w := 0
	if a.shape[0] > 0 {
		w = len(a.data) / a.shape[0]
	}
	kernel.Gather(dst.data, a.data, idx, w)
	return dst
}

// AllClose reports whether a and b have the same shape and every pair of
// elements satisfies |a−b| ≤ atol + rtol·|b|, numpy's allclose. As in numpy
// b is the reference, so the test is not symmetric: AllClose(1, 1.1, 0.095, 0)
// holds and AllClose(1.1, 1, 0.095, 0) does not. NaN is never close to
// anything; an infinity is close only to itself.
func AllClose(a, b *Tensor, rtol, atol float64) bool {
	if !sameShape(a, b) {
		return false
	}
	for i, x := range a.data {
		y := b.data[i]
		if x == y {
			continue
		}
		if math.IsInf(x, 0) || math.IsInf(y, 0) || !(math.Abs(x-y) <= atol+float64(rtol*math.Abs(y))) {
			return false
		}
	}
	return true
}

// MaxAbsDiff returns max |a−b| over all elements, the figure a gradient check
// reports; NaN if any difference is NaN. The shapes must be identical.
func MaxAbsDiff(a, b *Tensor) float64 {
	mustSameShape("MaxAbsDiff", a, b)
	m := 0.0
	for i, x := range a.data {
		d := math.Abs(x - b.data[i])
		if d > m || d != d {
			m = d
		}
	}
	return m
}

func mustSameShape(op string, a, b *Tensor) {
	if !sameShape(a, b) {
		panic(fmt.Sprintf("tensor: %s: shapes %v and %v differ", op, a.shape, b.shape))
	}
}
