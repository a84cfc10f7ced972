package tensor_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"

	"dlfs/internal/tensortest"
	"dlfs/tensor"
)

// naiveReduce is the reference for the axis reductions: it visits every
// element by multi-index and folds it into the output element whose index is
// the same with the reduced axis removed.
func naiveReduce(a *tensor.Tensor, axis int, fold func(acc, v float64, first bool) float64) *tensor.Tensor {
	shape := a.Shape()
	if axis < 0 {
		axis += len(shape)
	}
	outShape := slices.Delete(slices.Clone(shape), axis, axis+1)
	out := tensor.Zeros(outShape...)
	seen := map[int]bool{}
	for idx := range a.Indices() {
		o := slices.Delete(slices.Clone(idx), axis, axis+1)
		flat := 0
		for d, x := range o {
			flat = flat*outShape[d] + x
		}
		out.Data()[flat] = fold(out.Data()[flat], a.At(idx...), !seen[flat])
		seen[flat] = true
	}
	return out
}

func sumFold(acc, v float64, _ bool) float64 { return acc + v }

func maxFold(acc, v float64, first bool) float64 {
	if first || v > acc || math.IsNaN(v) || math.IsNaN(acc) {
		if math.IsNaN(acc) && !first {
			return acc
		}
		return v
	}
	return acc
}

func TestReductionsHandComputed(t *testing.T) {
	a := tensor.New([]float64{1, 5, 3, 4, 2, 6}, 2, 3)
	tests := []struct {
		name string
		got  *tensor.Tensor
		want *tensor.Tensor
	}{
		{"Sum 0", tensor.Sum(a, 0, false), tensor.New([]float64{5, 7, 9}, 3)},
		{"Sum 1", tensor.Sum(a, 1, false), tensor.New([]float64{9, 12}, 2)},
		{"Sum -1 keepdims", tensor.Sum(a, -1, true), tensor.New([]float64{9, 12}, 2, 1)},
		{"Sum 0 keepdims", tensor.Sum(a, 0, true), tensor.New([]float64{5, 7, 9}, 1, 3)},
		{"Max 1", tensor.Max(a, 1, false), tensor.New([]float64{5, 6}, 2)},
		{"Max -2 keepdims", tensor.Max(a, -2, true), tensor.New([]float64{4, 5, 6}, 1, 3)},
		{"Mean 0", tensor.Mean(a, 0, false), tensor.New([]float64{2.5, 3.5, 4.5}, 3)},
		{"Mean 1 keepdims", tensor.Mean(a, 1, true), tensor.New([]float64{3, 4}, 2, 1)},
		{"Sum of vector", tensor.Sum(tensor.New([]float64{1, 2, 3}, 3), 0, false), tensor.Scalar(6)},
		{"Sum of empty axis", tensor.Sum(tensor.Zeros(2, 0), 1, false), tensor.Zeros(2)},
		{"Max with NaN", tensor.Max(tensor.New([]float64{1, math.NaN(), 3, 0}, 2, 2), 1, false), tensor.New([]float64{math.NaN(), 3}, 2)},
	}
	for _, tt := range tests {
		if !tensortest.SameBits(tt.got, tt.want) {
			t.Errorf("%s: got %v (shape %v), want %v (shape %v)", tt.name, tt.got, tt.got.Shape(), tt.want, tt.want.Shape())
		}
	}
	if got := tensor.Argmax(a, 1); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("Argmax axis 1 = %v, want [1 2]", got)
	}
	if got := tensor.Argmax(a, 0); !slices.Equal(got, []int{1, 0, 1}) {
		t.Errorf("Argmax axis 0 = %v, want [1 0 1]", got)
	}
	ties := tensor.New([]float64{2, 7, 7, math.NaN(), 1, math.NaN()}, 2, 3)
	if got := tensor.Argmax(ties, -1); !slices.Equal(got, []int{1, 0}) {
		t.Errorf("Argmax with ties and NaN = %v, want [1 0]", got)
	}
	if s, m, x, i := tensor.SumAll(a), tensor.MeanAll(a), tensor.MaxAll(a), tensor.ArgmaxAll(a); s != 21 || m != 3.5 || x != 6 || i != 5 {
		t.Errorf("SumAll %v MeanAll %v MaxAll %v ArgmaxAll %v, want 21 3.5 6 5", s, m, x, i)
	}
}

// pairwiseRef is numpy's pairwise_sum written as its C source reads
// (numpy/core/src/umath/loops_utils.h.src), for blocks of at most 8192.
func pairwiseRef(x []float64) float64 {
	n := len(x)
	if n < 8 {
		res := 0.0
		for i := 0; i < n; i++ {
			res += x[i]
		}
		return res
	}
	if n <= 128 {
		var r [8]float64
		for j := 0; j < 8; j++ {
			r[j] = x[j]
		}
		i := 8
		for ; i < n-(n%8); i += 8 {
			for j := 0; j < 8; j++ {
				r[j] += x[i+j]
			}
		}
		res := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			res += x[i]
		}
		return res
	}
	n2 := n / 2
	n2 -= n2 % 8
	return pairwiseRef(x[:n2]) + pairwiseRef(x[n2:])
}

// TestSumsLikeNumpy: the sums numpy 1.24 printed for k/7, k = 1..n, where
// adding in order gives other last digits for n = 10 and 10000.
func TestSumsLikeNumpy(t *testing.T) {
	for _, c := range []struct {
		n    int
		want float64
	}{{7, 4.0}, {10, 7.857142857142858}, {100, 721.4285714285714}, {129, 1197.8571428571427}, {1000, 71500.0}, {10000, 7143571.428571429}} {
		a := tensor.DivScalar(tensor.Arange(1, float64(c.n+1), 1), 7)
		if got := tensor.SumAll(a); got != c.want {
			t.Errorf("SumAll of k/7 up to %d = %v, numpy %v", c.n, got, c.want)
		}
	}
	a := tensor.DivScalar(tensor.Arange(1, 31, 1), 7).Reshape(3, 10)
	if got, want := tensor.Sum(a, 1, false).Data(), []float64{7.857142857142858, 22.142857142857142, 36.42857142857143}; !slices.Equal(got, want) {
		t.Errorf("Sum along axis 1 = %v, numpy %v", got, want)
	}
	if got, want := tensor.Sum(a, 0, false).Data()[:3], []float64{4.714285714285714, 5.142857142857142, 5.571428571428571}; !slices.Equal(got, want) {
		t.Errorf("Sum along axis 0 = %v, numpy %v", got, want)
	}
}

func TestReductionsAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	shapes := [][]int{{7}, {3, 4}, {1, 5}, {4, 1}, {2, 3, 4}, {3, 1, 2, 5}, {100, 50}, {3, 200}, {2, 9000}, {9000, 2}}
	for _, shape := range shapes {
		a := tensortest.RandTensor(rng, shape...)
		for axis := -len(shape); axis < len(shape); axis++ {
			// numpy sums the values of a contiguous axis pairwise, in
			// blocks of 8192, and the slices of any other axis in order.
			want := naiveReduce(a, axis, sumFold)
			inner := 1
			for _, d := range a.Shape()[(axis+len(shape))%len(shape)+1:] {
				inner *= d
			}
			if inner == 1 {
				n := a.Dim(axis)
				for o := range want.Data() {
					row := a.Data()[o*n : (o+1)*n]
					s := pairwiseRef(row[:min(n, 8192)])
					for i := 8192; i < n; i += 8192 {
						s += pairwiseRef(row[i:min(i+8192, n)])
					}
					want.Data()[o] = s
				}
			}
			if got := tensor.Sum(a, axis, false); !tensortest.SameBits(got, want) {
				t.Errorf("Sum(%v, %d) = %v, want %v", shape, axis, got, want)
			}
			if got, want := tensor.Max(a, axis, false), naiveReduce(a, axis, maxFold); !tensortest.SameBits(got, want) {
				t.Errorf("Max(%v, %d) = %v, want %v", shape, axis, got, want)
			}
			n := float64(a.Dim(axis))
			for i := range want.Data() {
				want.Data()[i] /= n
			}
			if got := tensor.Mean(a, axis, false); !tensortest.SameBits(got, want) {
				t.Errorf("Mean(%v, %d) = %v, want %v", shape, axis, got, want)
			}
			keep := tensor.Sum(a, axis, true)
			if keep.Rank() != len(shape) || keep.Dim(axis) != 1 || !slices.Equal(keep.Data(), tensor.Sum(a, axis, false).Data()) {
				t.Errorf("Sum(%v, %d, keepdims) has shape %v", shape, axis, keep.Shape())
			}
			if got, want := tensor.Argmax(a, axis), naiveArgmax(a, axis); !slices.Equal(got, want) {
				t.Errorf("Argmax(%v, %d) = %v, want %v", shape, axis, got, want)
			}
		}
	}
}

// naiveArgmax visits the elements by multi-index in C order and keeps, for
// each output position, the index along axis of the first strict maximum.
func naiveArgmax(a *tensor.Tensor, axis int) []int {
	shape := a.Shape()
	if axis < 0 {
		axis += len(shape)
	}
	outShape := slices.Delete(slices.Clone(shape), axis, axis+1)
	best := map[int]float64{}
	arg := make([]int, a.Size()/shape[axis])
	for idx := range a.Indices() {
		flat := 0
		for d, x := range slices.Delete(slices.Clone(idx), axis, axis+1) {
			flat = flat*outShape[d] + x
		}
		v := a.At(idx...)
		if b, ok := best[flat]; !ok || v > b {
			best[flat], arg[flat] = v, idx[axis]
		}
	}
	return arg
}

// BenchmarkSum covers the sums of the network: the bias gradients (axis 0 of
// (100, 50)) and the softmax denominators (axis -1 of (100, 10), keepdims).
func BenchmarkSum(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	d, y := tensortest.RandTensor(rng, 100, 50), tensortest.RandTensor(rng, 100, 10)
	b.Run("axis0/100x50", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tensor.Sum(d, 0, false)
		}
	})
	b.Run("axis-1/100x10", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tensor.Sum(y, -1, true)
		}
	})
}

// TestSumsAgainstNumpy compares, bit for bit, with np.sum over values whose
// sum depends on the order of the additions (testdata/numpy_sums.json,
// written by numpy_sums.py): every edge of numpy's pairwise summation (7, 8
// and 9 values, 128 and 129, blocks of 8192) for SumAll and for Sum along
// the last axis, and the slice-by-slice order along the first.
func TestSumsAgainstNumpy(t *testing.T) {
	b, err := os.ReadFile("testdata/numpy_sums.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []struct {
			N     int
			Shape []int
			Axis  *int
			Sums  []string
		}
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	for _, c := range file.Cases {
		v := make([]float64, c.N)
		for i := range v {
			v[i] = float64(uint32(i)*2654435761)/1000003 - 2000 // the product mod 2³²
		}
		a := tensor.New(v, c.Shape...)
		var got []float64
		if c.Axis == nil {
			got = []float64{tensor.SumAll(a)}
		} else {
			got = tensor.Sum(a, *c.Axis, false).Data()
		}
		for i, h := range c.Sums {
			want, err := strconv.ParseFloat(h, 64)
			if err != nil {
				t.Fatal(err)
			}
			if got[i] != want {
				t.Errorf("shape %v, axis %v: sum %d is %v, numpy %v", c.Shape, c.Axis, i, got[i], want)
				break
			}
		}
	}
}
