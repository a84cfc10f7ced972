package tensor_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"dlfs/tensor"
)

// mnistLike returns an (m, k) matrix with MNIST's density: each entry
// non-zero with probability 0.19, in (0, 1].
func mnistLike(rng *rand.Rand, m, k int) *tensor.Tensor {
	x := tensor.Zeros(m, k)
	for i := range x.Data() {
		if rng.Float64() < 0.19 {
			x.Data()[i] = float64(1+rng.IntN(255)) / 255
		}
	}
	return x
}

func TestSparseAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	sizes := [][3]int{{1, 1, 1}, {3, 5, 7}, {7, 9, 10}, {10, 13, 23}, {100, 784, 50}, {33, 100, 10}, {5, 0, 3}, {0, 4, 4}, {4, 30, 49}, {4, 30, 56}, {5, 30, 113}}
	for _, sz := range sizes {
		m, k, n := sz[0], sz[1], sz[2]
		for _, dense := range []bool{false, true} {
			x := mnistLike(rng, m, k)
			if dense {
				x = randTensor(rng, m, k)
			}
			if m*k > 20 {
				// Non-finite entries of x itself must propagate as in the dense product.
				x.Data()[rng.IntN(m*k)] = math.NaN()
				x.Data()[rng.IntN(m*k)] = math.Inf(-1)
			}
			s := tensor.SparseOf(x)
			if s.Rows() != m || s.Cols() != k || !sameBits(s.Dense(), x) {
				t.Fatalf("%v: SparseOf round trip differs", sz)
			}
			w := randTensor(rng, k, n)
			got := tensor.SparseMulTo(tensor.Full(math.NaN(), m, n), s, w)
			if want := tensor.MatMulNaive(x, w); !sameBits(got, want) {
				t.Errorf("%v dense=%v: SparseMulTo differs from the naive product", sz, dense)
			}
			d := randTensor(rng, m, n)
			gotT := tensor.SparseTMulTo(tensor.Full(math.NaN(), k, n), s, d)
			if want := tensor.MatMulNaive(tensor.Transpose(x), d); !sameBits(gotT, want) {
				t.Errorf("%v dense=%v: SparseTMulTo differs from the naive product", sz, dense)
			}
		}
	}
}

func TestSparseReuseAndBuild(t *testing.T) {
	s := tensor.NewSparse(3)
	s.Append(0, 1)
	s.Append(2, 2)
	s.EndRow()
	s.EndRow() // an empty row
	d := tensor.New([]float64{1, 1, 1, 1}, 2, 2)
	first := tensor.SparseTMulTo(tensor.Zeros(3, 2), s, d)
	if want := tensor.New([]float64{1, 1, 0, 0, 2, 2}, 3, 2); !sameBits(first, want) {
		t.Errorf("sᵀ·d = %v, want %v", first, want)
	}
	// Rebuilt with other entries: the cached transpose must not survive.
	s.Reset()
	s.Append(1, 5)
	s.EndRow()
	s.Append(1, 1)
	s.EndRow()
	if got, want := tensor.SparseTMulTo(tensor.Zeros(3, 2), s, d), tensor.New([]float64{0, 0, 6, 6, 0, 0}, 3, 2); !sameBits(got, want) {
		t.Errorf("after Reset: sᵀ·d = %v, want %v", got, want)
	}
	if s.NNZ() != 2 || s.Rows() != 2 {
		t.Errorf("NNZ %d rows %d", s.NNZ(), s.Rows())
	}
	// An infinite weight reaches only the rows whose entry is non-zero.
	w := tensor.New([]float64{1, math.Inf(1), 1}, 3, 1)
	if got := tensor.SparseMulTo(tensor.Zeros(2, 1), tensor.SparseOf(tensor.New([]float64{1, 0, 0, 0, 1, 0}, 2, 3)), w); got.At(0, 0) != 1 || !math.IsInf(got.At(1, 0), 1) {
		t.Errorf("with an infinite weight: %v, want [[1] [+Inf]]", got)
	}
}

func TestSparseMulRow(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	x, w := mnistLike(rng, 6, 40), randTensor(rng, 40, 12)
	s := tensor.SparseOf(x)
	want := tensor.MatMulNaive(x, w)
	out := make([]float64, 12)
	for i := range 6 {
		s.MulRowTo(out, i, w)
		if !sameBits(tensor.New(out, 12), tensor.Rows(want, []int{i}).Reshape(12)) {
			t.Errorf("row %d differs from the naive product", i)
		}
	}
	wantPanic(t, "tensor: MulRowTo: row 6 of [6 40] · [40 12] into 12 values", func() { s.MulRowTo(out, 6, w) })
	wantPanic(t, "tensor: SparseMulTo: shapes [6 40] · [40 12] into [6 11]", func() { tensor.SparseMulTo(tensor.Zeros(6, 11), s, w) })
	wantPanic(t, "tensor: SparseTMulTo: shapes [6 40]ᵀ · [5 12] into [40 12]", func() { tensor.SparseTMulTo(tensor.Zeros(40, 12), s, tensor.Zeros(5, 12)) })
	wantPanic(t, "tensor: SparseOf: shape [3] is not a matrix", func() { tensor.SparseOf(tensor.Zeros(3)) })
}

// TestSparseMulRowPart: the part of row i of s·w from columns [p0, p1) is
// the naive product of s with its other columns zeroed.
func TestSparseMulRowPart(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	x, w := mnistLike(rng, 5, 40), randTensor(rng, 40, 12)
	x.Data()[7] = math.NaN()
	s := tensor.SparseOf(x)
	out := make([]float64, 12)
	for _, r := range [][2]int{{0, 40}, {0, 17}, {17, 40}, {3, 3}, {39, 40}} {
		masked := x.Clone()
		for i := range 5 {
			for k := range 40 {
				if k < r[0] || k >= r[1] {
					masked.Set(0, i, k)
				}
			}
		}
		want := tensor.MatMulNaive(masked, w)
		for i := range 5 {
			s.MulRowPartTo(out, i, r[0], r[1], w)
			if !sameBits(tensor.New(out, 12), tensor.Rows(want, []int{i}).Reshape(12)) {
				t.Errorf("row %d, columns %v: differs from the naive product", i, r)
			}
		}
	}
	wantPanic(t, "tensor: MulRowPartTo: row 0, columns [5, 41) of [5 40] · [40 12] into 12 values", func() { s.MulRowPartTo(out, 0, 5, 41, w) })
}

func TestSparseTMulRow(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	x, d := mnistLike(rng, 9, 40), randTensor(rng, 9, 12)
	x.Data()[5] = math.Inf(1)
	s := tensor.SparseOf(x)
	want := tensor.MatMulNaive(tensor.Transpose(x), d)
	s.PrepareTMul()
	// Column ranges transposed separately, as the cores of a training step
	// do, the last one empty.
	for _, r := range [][2]int{{13, 27}, {0, 13}, {27, 40}, {40, 40}} {
		s.TransposeCols(r[0], r[1])
	}
	out := make([]float64, 12)
	for p := range 40 {
		s.TMulRowTo(out, p, d)
		if !sameBits(tensor.New(out, 12), tensor.Rows(want, []int{p}).Reshape(12)) {
			t.Errorf("row %d differs from the naive product", p)
		}
	}
	wantPanic(t, "tensor: TMulRowTo: row 40 of [9 40]ᵀ · [9 12] into 12 values (PrepareTMul first)", func() { s.TMulRowTo(out, 40, d) })
	wantPanic(t, "tensor: TransposeCols: columns [30, 41) of 40 (PrepareTMul first)", func() { s.TransposeCols(30, 41) })
	fresh := tensor.SparseOf(x)
	wantPanic(t, "tensor: TransposeCols: columns [0, 40) of 40 (PrepareTMul first)", func() { fresh.TransposeCols(0, 40) })
}

func BenchmarkSparse(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	x, w, d := mnistLike(rng, 100, 784), randTensor(rng, 784, 50), randTensor(rng, 100, 50)
	s := tensor.SparseOf(x)
	dst, dstT := tensor.Zeros(100, 50), tensor.Zeros(784, 50)
	gflops := func(b *testing.B) {
		b.ReportMetric(2*784*100*50*float64(b.N)/b.Elapsed().Seconds()/1e9, "dense-equiv-GFLOP/s")
	}
	b.Run("x·W1/dense", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tensor.MatMulTo(dst, x, w)
		}
		gflops(b)
	})
	b.Run("x·W1/sparse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tensor.SparseMulTo(dst, s, w)
		}
		gflops(b)
	})
	b.Run("xT·δ/sparse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tensor.SparseTMulTo(dstT, s, d)
		}
		gflops(b)
	})
	b.Run("SparseOf", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tensor.SparseOf(x)
		}
	})
}
