package tensor

import (
	"fmt"
)

// The reductions view a tensor as (outer, n, inner) around the reduced axis:
// for shape (2, 3, 4) and axis 1 that is (2, 3, 4), for axis -1 (6, 4, 1).
// Walking o, then k, then i reads memory in order.
//
// Sums add in numpy's order, so that they print numpy's digits: along an
// axis with inner > 1 the n slices are added one after the other; over
// contiguous values (SumAll, or along the last axis) numpy sums pairwise
// (pairwiseSum), which is also more accurate.

// Sum returns the sums along axis; a negative axis counts from the end.
// Sum of [[1 2 3] [4 5 6]] along axis 0 is [5 7 9], along axis 1 (or -1) is
// [6 15]. With keepdims the reduced axis stays with length 1, so the result
// broadcasts against a: along axis 1 that is [[6] [15]].
func Sum(a *Tensor, axis int, keepdims bool) *Tensor {
	ax := a.axis("Sum", axis)
	dst := Zeros(reducedShape(a, "Sum", axis, keepdims)...)
	outer, n, inner := split(a.shape, ax)
	out := dst.data
	if inner == 1 {
		for o := range outer {
			out[o] = pairwiseSum(a.data[o*n : (o+1)*n])
		}
		return dst
	}
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

// SumAll returns the sum of every element, np.sum(a), added in numpy's
// pairwise order: the sum of squares of §4.2.1 is then 0.5975 to the last
// digit, as in the book, where adding in row-major order gives
// 0.5974999999999999.
func SumAll(a *Tensor) float64 { return pairwiseSum(a.data) }

// pairwiseSum adds x in the order of numpy's sum over contiguous values: in
// blocks of 8192 (numpy's buffer), added one after the other, each summed
// by pairwise.
func pairwiseSum(x []float64) float64 {
	const block = 8192
	s := 0.0 // numpy's sum starts from +0: a sum of −0s is +0
	for i := 0; i < len(x); i += block {
		s += pairwise(x[i:min(i+block, len(x))])
	}
	return s
}

// pairwise is numpy's pairwise_sum: fewer than 8 values added in order
// from 0; up to 128 in eight interleaved running sums, combined as a tree,
// then the rest in order; more, split in two halves at a multiple of 8,
// each summed so. Rounding errors then grow with log n rather than n.
func pairwise(x []float64) float64 {
	n := len(x)
	switch {
	case n < 8:
		s := 0.0
		for _, v := range x {
			s += v
		}
		return s
	case n <= 128:
		var r [8]float64
		copy(r[:], x[:8])
		i := 8
		for ; i < n-n%8; i += 8 {
			for j := range r {
				r[j] += x[i+j]
			}
		}
		s := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			s += x[i]
		}
		return s
	}
	h := n / 2
	h -= h % 8
	return pairwise(x[:h]) + pairwise(x[h:])
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
