package engine

import (
	"math"
	"math/rand/v2"
	"testing"

	"dlfs/internal/tensortest"
	"dlfs/tensor"
)

func TestSparseAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	sizes := [][3]int{{1, 1, 1}, {3, 5, 7}, {7, 9, 10}, {10, 13, 23}, {100, 784, 50}, {33, 100, 10}, {5, 0, 3}, {0, 4, 4}, {4, 30, 49}, {4, 30, 56}, {5, 30, 113}}
	for _, sz := range sizes {
		m, k, n := sz[0], sz[1], sz[2]
		for _, dense := range []bool{false, true} {
			x := mnistLike(rng, m, k)
			if dense { // every entry non-zero, from 200 levels of any sign and size
				levels := tensortest.RandTensor(rng, 200).Data()
				for i := range x.Data() {
					x.Data()[i] = levels[rng.IntN(len(levels))]
				}
			}
			if m*k > 20 {
				// Non-finite entries of x itself must propagate as in the dense product.
				x.Data()[rng.IntN(m*k)] = math.NaN()
				x.Data()[rng.IntN(m*k)] = math.Inf(-1)
			}
			s := SparseOf(x)
			if s.Rows() != m || s.Cols() != k || !tensortest.SameBits(s.Dense(), x) {
				t.Fatalf("%v: SparseOf round trip differs", sz)
			}
			w := tensortest.RandTensor(rng, k, n)
			got := SparseMulTo(tensor.Full(math.NaN(), m, n), s, w)
			if want := tensor.MatMulNaive(x, w); !tensortest.SameBits(got, want) {
				t.Errorf("%v dense=%v: SparseMulTo differs from the naive product", sz, dense)
			}
			d := tensortest.RandTensor(rng, m, n)
			gotT := SparseTMulTo(tensor.Full(math.NaN(), k, n), s, d)
			if want := tensor.MatMulNaive(tensor.Transpose(x), d); !tensortest.SameBits(gotT, want) {
				t.Errorf("%v dense=%v: SparseTMulTo differs from the naive product", sz, dense)
			}
		}
	}
}

func TestSparseReuseAndBuild(t *testing.T) {
	s := SparseOf(tensor.New([]float64{1, 0, 2, 0, 0, 0}, 2, 3)) // the second row empty
	d := tensor.New([]float64{1, 1, 1, 1}, 2, 2)
	first := SparseTMulTo(tensor.Zeros(3, 2), s, d)
	if want := tensor.New([]float64{1, 1, 0, 0, 2, 2}, 3, 2); !tensortest.SameBits(first, want) {
		t.Errorf("sᵀ·d = %v, want %v", first, want)
	}
	// Rebuilt with other entries: the cached column form must not survive.
	s.reset()
	s.level[2] = 5 // beside SparseOf's levels 1 and 2
	cols, code := s.appendRow(1)
	cols[0], code[0] = 1, 2
	cols, code = s.appendRow(1)
	cols[0], code[0] = 1, 0
	if got, want := SparseTMulTo(tensor.Zeros(3, 2), s, d), tensor.New([]float64{0, 0, 6, 6, 0, 0}, 3, 2); !tensortest.SameBits(got, want) {
		t.Errorf("after reset: sᵀ·d = %v, want %v", got, want)
	}
	if s.NNZ() != 2 || s.Rows() != 2 {
		t.Errorf("NNZ %d rows %d", s.NNZ(), s.Rows())
	}
	// An infinite weight reaches only the rows whose entry is non-zero.
	w := tensor.New([]float64{1, math.Inf(1), 1}, 3, 1)
	if got := SparseMulTo(tensor.Zeros(2, 1), SparseOf(tensor.New([]float64{1, 0, 0, 0, 1, 0}, 2, 3)), w); got.At(0, 0) != 1 || !math.IsInf(got.At(1, 0), 1) {
		t.Errorf("with an infinite weight: %v, want [[1] [+Inf]]", got)
	}
}

func TestSparsePanics(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	s, w := SparseOf(mnistLike(rng, 6, 40)), tensortest.RandTensor(rng, 40, 12)
	tensortest.WantPanic(t, "engine: SparseMulTo: shapes [6 40] · [40 12] into [6 11]", func() { SparseMulTo(tensor.Zeros(6, 11), s, w) })
	tensortest.WantPanic(t, "engine: SparseTMulTo: shapes [6 40]ᵀ · [5 12] into [40 12]", func() { SparseTMulTo(tensor.Zeros(40, 12), s, tensor.Zeros(5, 12)) })
	tensortest.WantPanic(t, "engine: SparseOf: shape [3] is not a matrix of at most 65536 rows and columns", func() { SparseOf(tensor.Zeros(3)) })
	tensortest.WantPanic(t, "engine: SparseOf: shape [1 65537] is not a matrix of at most 65536 rows and columns", func() { SparseOf(tensor.Zeros(1, 65537)) })
	tensortest.WantPanic(t, "engine: SparseOf: more than 256 distinct non-zero values", func() { SparseOf(tensor.Arange(1, 258, 1).Reshape(1, 257)) })
	tensortest.WantPanic(t, "engine: NewSparse: 65537 columns, at most 65536", func() { NewSparse(65537) })
	tensortest.WantPanic(t, "engine: SparseOf: shape [65537 1] is not a matrix of at most 65536 rows and columns", func() { SparseOf(tensor.Zeros(65537, 1)) })
	// The largest are taken.
	if s := NewSparse(65536); s.Cols() != 65536 {
		t.Errorf("NewSparse(65536) has %d columns", s.Cols())
	}
	if s := SparseOf(tensor.Zeros(1, 65536)); s.Cols() != 65536 || s.Rows() != 1 {
		t.Errorf("SparseOf of (1, 65536): %d×%d", s.Rows(), s.Cols())
	}
	if s := SparseOf(tensor.Zeros(65536, 1)); s.Cols() != 1 || s.Rows() != 65536 {
		t.Errorf("SparseOf of (65536, 1): %d×%d", s.Rows(), s.Cols())
	}
	tall := NewSparse(1)
	for range 65536 {
		tall.appendRow(0)
	}
	tensortest.WantPanic(t, "engine: Sparse: more than 65536 rows", func() { tall.appendRow(0) })
}

// TestSparseMulRowPart: the part of row i of s·w from columns [p0, p1) is
// the naive product of s with its other columns zeroed.
func TestSparseMulRowPart(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	x, w := mnistLike(rng, 5, 40), tensortest.RandTensor(rng, 40, 12)
	x.Data()[7] = math.NaN()
	s := SparseOf(x)
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
			mulRowPart(out, s, i, r[0], r[1], w)
			if !tensortest.SameBits(tensor.New(out, 12), tensor.Rows(want, []int{i}).Reshape(12)) {
				t.Errorf("row %d, columns %v: differs from the naive product", i, r)
			}
		}
	}
}

// TestSparseEverySpanAndWidth: mulRowPart over every column span [p0, p1)
// of a matrix, including those that end at its last columns, and both
// sparse products for every output width from 0 to 130 (every remainder of
// the five-column loop, the vector kernel's thresholds of 49 and 56 and
// their multiples), each against the naive product of the masked dense
// matrix, bit for bit.
func TestSparseEverySpanAndWidth(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	const rows, cols = 4, 13
	x := mnistLike(rng, rows, cols)
	x.Data()[2*cols] = 1 // column 0 and the last column non-zero somewhere
	x.Data()[3*cols+cols-1] = 0.5
	s := SparseOf(x)
	w := tensortest.RandTensor(rng, cols, 7)
	out := make([]float64, 7)
	for p0 := 0; p0 <= cols; p0++ {
		for p1 := p0; p1 <= cols; p1++ {
			masked := x.Clone()
			for i := range rows {
				for k := range cols {
					if k < p0 || k >= p1 {
						masked.Set(0, i, k)
					}
				}
			}
			want := tensor.MatMulNaive(masked, w)
			for i := range rows {
				mulRowPart(out, s, i, p0, p1, w)
				if !tensortest.SameBits(tensor.New(out, 7), tensor.Rows(want, []int{i}).Reshape(7)) {
					t.Fatalf("row %d, columns [%d, %d): differs from the naive product", i, p0, p1)
				}
			}
		}
	}
	for n := 0; n <= 130; n++ {
		m, k := 1+rng.IntN(4), 1+rng.IntN(30)
		x := mnistLike(rng, m, k)
		s := SparseOf(x)
		w, d := tensortest.RandTensor(rng, k, n), tensortest.RandTensor(rng, m, n)
		if got, want := SparseMulTo(tensor.Full(math.NaN(), m, n), s, w), tensor.MatMulNaive(x, w); !tensortest.SameBits(got, want) {
			t.Fatalf("(%d, %d)·(%d, %d): SparseMulTo differs from the naive product", m, k, k, n)
		}
		if got, want := SparseTMulTo(tensor.Full(math.NaN(), k, n), s, d), tensor.MatMulNaive(tensor.Transpose(x), d); !tensortest.SameBits(got, want) {
			t.Fatalf("(%d, %d)ᵀ·(%d, %d): SparseTMulTo differs from the naive product", m, k, m, n)
		}
	}
}

func TestSparseTMulRow(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	x, d := mnistLike(rng, 9, 40), tensortest.RandTensor(rng, 9, 12)
	x.Data()[5] = math.Inf(1)
	s := SparseOf(x)
	want := tensor.MatMulNaive(tensor.Transpose(x), d)
	s.prepareTMul()
	// Column ranges transposed separately, as the cores of a training step
	// do, the last one empty.
	for _, r := range [][2]int{{13, 27}, {0, 13}, {27, 40}, {40, 40}} {
		s.transposeCols(r[0], r[1])
	}
	out := make([]float64, 12)
	for p := range 40 {
		tMulRow(out, s, p, d)
		if !tensortest.SameBits(tensor.New(out, 12), tensor.Rows(want, []int{p}).Reshape(12)) {
			t.Errorf("row %d differs from the naive product", p)
		}
	}
}

func BenchmarkSparse(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	x, w, d := mnistLike(rng, 100, 784), tensortest.RandTensor(rng, 784, 50), tensortest.RandTensor(rng, 100, 50)
	s := SparseOf(x)
	dst, dstT := tensor.Zeros(100, 50), tensor.Zeros(784, 50)
	gflops := func(b *testing.B) {
		b.ReportMetric(2*784*100*50*float64(b.N)/b.Elapsed().Seconds()/1e9, "dense-equiv-GFLOP/s")
	}
	b.Run("x·W1/dense", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tensor.MatMul(x, w)
		}
		gflops(b)
	})
	b.Run("x·W1/sparse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			SparseMulTo(dst, s, w)
		}
		gflops(b)
	})
	b.Run("xT·da1/sparse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			SparseTMulTo(dstT, s, d)
		}
		gflops(b)
	})
	b.Run("SparseOf", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			SparseOf(x)
		}
	})
}

// TestTMulRowPadded: xᵀ·d from a d whose rows carry padding past the
// columns wanted (da1's layout in a step) is the naive product with the
// unpadded d, for widths on either side of the vector passes.
func TestTMulRowPadded(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for _, n := range []int{1, 5, 8, 13, 48, 49, 50, 56, 57, 63} {
		x := mnistLike(rng, 30, 40)
		d := tensortest.RandTensor(rng, 30, n)
		want := tensor.MatMulNaive(tensor.Transpose(x), d)
		stride := padded(n)
		pd := tensor.Full(math.NaN(), 30, stride) // the padding must never be read into a sum
		for i := range 30 {
			copy(pd.Data()[i*stride:], d.Data()[i*n:(i+1)*n])
		}
		s := SparseOf(x)
		s.transpose()
		out := make([]float64, n)
		for p := range 40 {
			tMulRow(out, s, p, pd)
			if !tensortest.SameBits(tensor.New(out, n), tensor.Rows(want, []int{p}).Reshape(n)) {
				t.Fatalf("width %d in rows of %d: row %d of xᵀ·d differs from the naive product", n, stride, p)
			}
		}
	}
}
