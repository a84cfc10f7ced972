package network

import (
	"fmt"

	"dlfs/tensor"
)

// SumSquaredError returns E = ½ Σ_k (y_k − t_k)² (§4.2.1, equation 4.1),
// summed over every element: for a batch that is the total, not the mean.
func SumSquaredError(y, t *tensor.Tensor) float64 {
	d := tensor.Sub(y, t)
	return 0.5 * tensor.SumAll(tensor.Mul(d, d))
}

// CrossEntropyDelta is the δ added inside the logarithm (§4.2.2) so that a
// predicted probability of exactly 0 gives a large finite loss, −log δ ≈ 16.1,
// instead of +Inf.
const CrossEntropyDelta = 1e-7

// CrossEntropyError returns E = −(1/N) Σ_n Σ_k t_nk · log(y_nk + δ)
// (§4.2.2 equation 4.2, and its mini-batch form, §4.2.4 equation 4.3).
//
// y is one output (a vector of K probabilities, a batch of one) or a batch
// (N, K). t is either one-hot, with y's shape, or the correct labels, one
// per output (a scalar or N values); as in the book, the two are told apart
// by size. With labels only the correct class's term is non-zero, so the
// sum is −(1/N) Σ_n log(y_n,t_n + δ).
func CrossEntropyError(y, t *tensor.Tensor) float64 {
	if y.Rank() == 1 {
		y = y.Reshape(1, -1)
	}
	if y.Rank() != 2 {
		panic(fmt.Sprintf("network: CrossEntropyError: output shape %v, want (K) or (N, K)", y.Shape()))
	}
	n, k := y.Dim(0), y.Dim(1)
	var labels []int
	switch t.Size() {
	case n * k:
		labels = tensor.Argmax(t.Reshape(n, k), 1)
	case n:
		labels = make([]int, n)
		for i, v := range t.Data() {
			labels[i] = int(v)
		}
	default:
		panic(fmt.Sprintf("network: CrossEntropyError: shapes %v and %v: targets are neither one-hot nor labels", y.Shape(), t.Shape()))
	}
	return CrossEntropyLabels(y, labels)
}

// CrossEntropyLabels is CrossEntropyError for a batch y (N, K) and its
// correct labels as integers: E = −(1/N) Σ_n log(y_n,label_n + δ), the
// book's label form of §4.2.4, common/functions.py's last line:
//
//	return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size
//
// The sum is numpy's too, pairwise (tensor.SumAll).
func CrossEntropyLabels(y *tensor.Tensor, labels []int) float64 {
	n, k := y.Dim(0), y.Dim(1)
	if len(labels) != n {
		panic(fmt.Sprintf("network: CrossEntropyLabels: %d labels for output shape %v", len(labels), y.Shape()))
	}
	yd := y.Data()
	picked := make([]float64, n) // y[np.arange(batch_size), t]
	for i, l := range labels {
		if l < 0 || l >= k {
			panic(fmt.Sprintf("network: CrossEntropyLabels: label %d outside [0, %d)", l, k))
		}
		picked[i] = yd[i*k+l]
	}
	return -tensor.SumAll(tensor.Log(tensor.AddScalar(tensor.New(picked, n), CrossEntropyDelta))) / float64(n)
}
