package engine

import (
	"fmt"

	"dlfs/internal/kernel"
	"dlfs/internal/parallel"
	"dlfs/tensor"
)

// The sparse products of a training step, row by row on internal/kernel's
// loops. Each output element is summed in the same order as
// tensor.MatMulNaive sums it, so the results are bit-identical to the
// naive product; the tests hold them to it.

// SparseMulTo stores s·w in dst and returns it; s is (m, k), w is (k, n),
// dst is (m, n): the x·W1 of the forward pass, one row per image, built
// from the row's non-zero entries only. For MNIST at the book's shapes
// (100×784 with ≈ 150 non-zero pixels a row, · 784×50) that is about 5×
// less arithmetic than the dense product.
//
// The skipped entries are zeros, whose products add exactly 0, so the
// result is bit-identical to tensor.MatMulNaive of the dense s whenever w
// is finite. (An Inf or NaN in w reaches only the rows where s is
// non-zero; the dense product would spread it through 0·Inf = NaN.)
func SparseMulTo(dst *tensor.Tensor, s *Sparse, w *tensor.Tensor) *tensor.Tensor {
	if w.Rank() != 2 || w.Dim(0) != s.cols || dst.Rank() != 2 || dst.Dim(0) != s.Rows() || dst.Dim(1) != w.Dim(1) {
		panic(fmt.Sprintf("engine: SparseMulTo: shapes [%d %d] · %v into %v", s.Rows(), s.cols, w.Shape(), dst.Shape()))
	}
	n := w.Dim(1)
	parallel.For(s.Rows(), 1, s.NNZ()*n, parallel.Func(func(i0, i1 int) {
		for i := i0; i < i1; i++ {
			mulRowPart(dst.Data()[i*n:(i+1)*n], s, i, 0, s.cols, w)
		}
	}))
	return dst
}

// SparseTMulTo stores sᵀ·d in dst and returns it; s is (m, k), d is (m, n),
// dst is (k, n): the xᵀ·da1 of the backward pass, the gradient of W1.
//
// Row p of dst is Σ over the rows i where s[i][p] ≠ 0 of s[i][p]·d[i][:],
// summed in increasing i as the naive product does: the kernel of
// SparseMulTo applied to column p of s. Rows of dst whose column of s is
// all zero are zero. The cores split the k columns of s between them; each
// first gathers its columns of s (a partial transpose into the column
// form, its own stretch of the shared buffers), then computes its rows of
// dst, so no core writes where another does.
func SparseTMulTo(dst *tensor.Tensor, s *Sparse, d *tensor.Tensor) *tensor.Tensor {
	if d.Rank() != 2 || d.Dim(0) != s.Rows() || dst.Rank() != 2 || dst.Dim(0) != s.cols || dst.Dim(1) != d.Dim(1) {
		panic(fmt.Sprintf("engine: SparseTMulTo: shapes [%d %d]ᵀ · %v into %v", s.Rows(), s.cols, d.Shape(), dst.Shape()))
	}
	s.prepareTMul()
	n := d.Dim(1)
	parallel.ForBalanced(s.cols, s.NNZ()*n, colCost{s}, parallel.Func(func(p0, p1 int) {
		s.transposeCols(p0, p1)
		for p := p0; p < p1; p++ {
			tMulRow(dst.Data()[p*n:(p+1)*n], s, p, d)
		}
	}))
	return dst
}

// colCost is the cost of a range of columns of a Sparse: their entries.
type colCost struct{ s *Sparse }

func (c colCost) Before(p int) int { return c.s.nnzBeforeCol(p) }

// mulRowPart stores in out the part of row i of s·w that columns [p0, p1)
// of s contribute, Σ over those k of s[i][k]·w[k][:]: with the columns
// split in two, row i of s·w is the sum of the two parts (up to the
// rounding of that one addition). It is how two cores can each read only
// their own rows of w.
func mulRowPart(out []float64, s *Sparse, i, p0, p1 int, w *tensor.Tensor) {
	lo, hi := s.span(i, p0, p1)
	sparseRow(out, s.idx[lo:hi], s.code[lo:hi], s.level, w.Data(), w.Dim(1))
}

// tMulRow stores row p of sᵀ·d in out, once the column form covers p:
// over d's first len(out) columns, the rest being padding.
func tMulRow(out []float64, s *Sparse, p int, d *tensor.Tensor) {
	rows, code := s.col(p)
	sparseRow(out, rows, code, s.level, d.Data(), d.Dim(1))
}

// sparseRow computes out = Σ_q level[code[q]]·w[idx[q]][:len(out)] for a
// w whose rows are stride ≥ len(out) values apart: kernel.SumRows.
func sparseRow(out []float64, idx []uint16, code []uint8, level *[256]float64, w []float64, stride int) {
	kernel.SumRows(out, level[:], code, idx, w, stride)
}
