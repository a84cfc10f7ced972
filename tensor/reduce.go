package tensor

import (
	"fmt"
)

// The reductions view a tensor as (outer, n, inner) around the reduced axis:
// for shape (2, 3, 4) and axis 1 that is (2, 3, 4), for axis -1 (6, 4, 1).
// Walking o, then k, then i reads memory in order and adds the n values of
// each output in index order, the order a naive loop uses.

// Sum returns the sums along axis; a negative axis counts from the end.
// Sum of [[1 2 3] [4 5 6]] along axis 0 is [5 7 9], along axis 1 (or -1) is
// [6 15]. With keepdims the reduced axis stays with length 1, so the result
// broadcasts against a: along axis 1 that is [[6] [15]].
func Sum(a *Tensor, axis int, keepdims bool) *Tensor {
	ax := a.axis("Sum", axis)
	dst := Zeros(reducedShape(a, "Sum", axis, keepdims)...)
	outer, n, inner := split(a.shape, ax)
	out := dst.data
	for o := range outer {
		row := out[o*inner : (o+1)*inner]
		for k := range n {
			src := a.data[(o*n+k)*inner : (o*n+k+1)*inner]
			for i, v := range src {
				row[i] += v
			}
		}
	}
	return dst
}

// Max returns the maxima along axis (np.max with axis); NaN propagates.
// Max of [[1 5 3] [4 2 6]] along axis 1 is [5 6]. It panics on an empty axis.
func Max(a *Tensor, axis int, keepdims bool) *Tensor {
	ax := a.axis("Max", axis)
	outer, n, inner := split(a.shape, ax)
	if n == 0 {
		panic(fmt.Sprintf("tensor: Max: axis %d of shape %v is empty", axis, a.shape))
	}
	out := Zeros(reducedShape(a, "Max", axis, keepdims)...)
	for o := range outer {
		row := out.data[o*inner : (o+1)*inner]
		copy(row, a.data[o*n*inner:])
		for k := 1; k < n; k++ {
			src := a.data[(o*n+k)*inner : (o*n+k+1)*inner]
			for i, v := range src {
				row[i] = maxNaN(row[i], v)
			}
		}
	}
	return out
}

// Mean returns the arithmetic means along axis: the sums divided by the
// axis length. Mean of [[1 2] [3 4]] along axis 0 is [2 3].
func Mean(a *Tensor, axis int, keepdims bool) *Tensor {
	s := Sum(a, axis, keepdims)
	n := float64(a.shape[a.axis("Mean", axis)])
	for i := range s.data {
		s.data[i] /= n
	}
	return s
}

// Argmax returns, for every position of the other axes in row-major order,
// the index of the largest element along axis: np.argmax(a, axis) flattened.
// The first maximum wins ties, and a NaN counts as the maximum, as in numpy.
// Argmax of [[1 5 3] [4 2 6]] along axis 1 is [1 2]; along axis 0, [1 0 1].
func Argmax(a *Tensor, axis int) []int {
	ax := a.axis("Argmax", axis)
	outer, n, inner := split(a.shape, ax)
	if n == 0 {
		panic(fmt.Sprintf("tensor: Argmax: axis %d of shape %v is empty", axis, a.shape))
	}
	out := make([]int, outer*inner)
	for o := range outer {
		for i := range inner {
			best, bi := a.data[o*n*inner+i], 0
			for k := 1; k < n && best == best; k++ {
				if v := a.data[(o*n+k)*inner+i]; v > best || v != v {
					best, bi = v, k
				}
			}
			out[o*inner+i] = bi
		}
	}
	return out
}

// SumAll returns the sum of every element, added in row-major order.
func SumAll(a *Tensor) float64 {
	s := 0.0
	for _, v := range a.data {
		s += v
	}
	return s
}

// MeanAll returns the mean of every element; NaN for an empty tensor.
func MeanAll(a *Tensor) float64 { return SumAll(a) / float64(len(a.data)) }

// MaxAll returns the largest element; NaN if any element is NaN.
// It panics on an empty tensor.
func MaxAll(a *Tensor) float64 { return a.data[ArgmaxAll(a)] }

// ArgmaxAll returns the flat index of the largest element (np.argmax without
// an axis): the first maximum, or the first NaN. It panics on an empty tensor.
func ArgmaxAll(a *Tensor) int {
	return Argmax(a.Reshape(-1), 0)[0]
}

// split returns the sizes before, along and after axis.
func split(shape []int, axis int) (outer, n, inner int) {
	outer, inner = 1, 1
	for _, d := range shape[:axis] {
		outer *= d
	}
	for _, d := range shape[axis+1:] {
		inner *= d
	}
	return outer, shape[axis], inner
}

func reducedShape(a *Tensor, op string, axis int, keepdims bool) []int {
	ax := a.axis(op, axis)
	shape := append([]int(nil), a.shape...)
	if keepdims {
		shape[ax] = 1
		return shape
	}
	return append(shape[:ax], shape[ax+1:]...)
}
