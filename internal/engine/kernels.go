package engine

import (
	"fmt"

	"dlfs/internal/parallel"
	"dlfs/tensor"
)

// The products of a training step, as loops over rows that keep their sums
// in registers. Each output element is summed in the same order as
// tensor.MatMulNaive sums it, so the results are bit-identical to the
// naive product; the tests hold every kernel to it.

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
// w whose rows are stride ≥ len(out) values apart.
//
// Built with GOEXPERIMENT=simd on a CPU with AVX-512, vectorColumns does
// the columns it can eight at a time (vector.go). The scalar loops do the
// rest, nine sums at a time in registers (addColumns).
func sparseRow(out []float64, idx []uint16, code []uint8, level *[256]float64, w []float64, stride int) {
	code = code[:len(idx)]
	j := vectorColumns(out, idx, code, level, w, stride)
	if j >= len(out) {
		return
	}
	// The scalar loops read each entry's value once for every nine
	// columns: looked up once into a buffer on the stack, in pieces of at
	// most 64 entries, as equal as can be, so that a piece's 64 rows of w
	// stay in L1 while the column blocks run over them (a 784×50 W1 is
	// 313 KB; 64 rows of it, 26 KB).
	clear(out[j:])
	var buf [64]float64
	pieces := (len(idx) + len(buf) - 1) / len(buf)
	for p := range pieces {
		lo, hi := len(idx)*p/pieces, len(idx)*(p+1)/pieces
		vals := buf[:hi-lo]
		for q := range vals {
			vals[q] = level[code[lo+q]]
		}
		addColumns(out, j, idx[lo:hi], vals, w, stride)
	}
}

// addColumns adds Σ_q vals[q]·w[idx[q]][j:len(out)] to out[j:], summing in
// order from out's values, so that pieces of a row added one after the
// other give the sums of the whole row; w's rows are stride values apart.
//
// Nine sums stay in registers while q runs, and with them the value and the
// products: Go's scheduler computes every product of a block before its
// additions, so a block of nine would need nine products live, nineteen
// values for the fifteen float registers that Go's ABI leaves (X15 is kept
// zero), and spill. The second bounds check, for columns 5 to 8, ends the
// block after the first five additions: five products live at most, and
// 9 + 1 + 5 fill them without a spill (docs/performance.md compares
// this with five sums at a time). The columns left
// over go five at a time (50 is 5·9 + 5), then one at a time.
func addColumns(out []float64, j int, idx []uint16, vals []float64, w []float64, stride int) {
	vals = vals[:len(idx)]
	n := len(out)
	for ; j+9 <= n; j += 9 {
		o := out[j : j+9 : j+9]
		s0, s1, s2, s3, s4 := o[0], o[1], o[2], o[3], o[4]
		s5, s6, s7, s8 := o[5], o[6], o[7], o[8]
		for q, k := range idx {
			v := vals[q]
			off := int(k)*stride + j
			r := w[off : off+5 : off+5]
			s0 += float64(v * r[0])
			s1 += float64(v * r[1])
			s2 += float64(v * r[2])
			s3 += float64(v * r[3])
			s4 += float64(v * r[4])
			r2 := w[off+5 : off+9 : off+9]
			s5 += float64(v * r2[0])
			s6 += float64(v * r2[1])
			s7 += float64(v * r2[2])
			s8 += float64(v * r2[3])
		}
		o[0], o[1], o[2], o[3], o[4] = s0, s1, s2, s3, s4
		o[5], o[6], o[7], o[8] = s5, s6, s7, s8
	}
	for ; j+5 <= n; j += 5 {
		o := out[j : j+5 : j+5]
		s0, s1, s2, s3, s4 := o[0], o[1], o[2], o[3], o[4]
		for q, k := range idx {
			v := vals[q]
			off := int(k)*stride + j
			r := w[off : off+5 : off+5]
			s0 += float64(v * r[0])
			s1 += float64(v * r[1])
			s2 += float64(v * r[2])
			s3 += float64(v * r[3])
			s4 += float64(v * r[4])
		}
		o[0], o[1], o[2], o[3], o[4] = s0, s1, s2, s3, s4
	}
	for ; j < n; j++ {
		s := out[j]
		for q, k := range idx {
			s += float64(vals[q] * w[int(k)*stride+j])
		}
		out[j] = s
	}
}

// vecMat2 is vecMat for two rows at once, out0 = x0·w and out1 = x1·w,
// each summed in vecMat's order: in vectors the two rows' sums advance side
// by side (vecMatVector2); otherwise it is two vecMat calls.
func vecMat2(out0, out1, x0, x1, w []float64) {
	if !vecMatVector2(out0, out1, x0, x1, w) {
		vecMat(out0, x0, 1, len(x0), w)
		vecMat(out1, x1, 1, len(x1), w)
	}
}

// vecMat stores Σ_i x[i·stride]·w[i][:] in out, for i in [0, m) and the
// len(out) columns of w, summed over i in increasing order: with stride 1
// a row of z1·W2, with stride hidden a row of z1ᵀ·dy. Five sums at a time
// stay in registers while i runs, so that five additions advance together
// instead of each waiting on the one before it through memory. Built with
// GOEXPERIMENT=simd on a CPU with AVX-512, vecMatVector does the columns it
// can sixteen at a time (vector.go).
func vecMat(out, x []float64, stride, m int, w []float64) {
	n := len(out)
	j := vecMatVector(out, x, stride, m, w)
	for ; j+5 <= n; j += 5 {
		var s0, s1, s2, s3, s4 float64
		for i := range m {
			v := x[i*stride]
			r := w[i*n+j : i*n+j+5 : i*n+j+5]
			s0 += float64(v * r[0])
			s1 += float64(v * r[1])
			s2 += float64(v * r[2])
			s3 += float64(v * r[3])
			s4 += float64(v * r[4])
		}
		o := out[j : j+5 : j+5]
		o[0], o[1], o[2], o[3], o[4] = s0, s1, s2, s3, s4
	}
	for ; j < n; j++ {
		s := 0.0
		for i := range m {
			s += float64(x[i*stride] * w[i*n+j])
		}
		out[j] = s
	}
}
