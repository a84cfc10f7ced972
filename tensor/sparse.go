package tensor

import (
	"fmt"
	"slices"
)

// A Sparse is a matrix stored by rows with only its non-zero entries (the
// compressed sparse row form): row i holds the columns idx[ptr[i]:ptr[i+1]]
// with values val[ptr[i]:ptr[i+1]], columns increasing.
//
// MNIST images are 81% zero pixels, so in x·W1 and xᵀ·δ of a training step
// only one multiply-add in five does any work; a Sparse x skips the rest.
// Build one with SparseOf from a dense matrix, or row by row with Append and
// EndRow straight from raw data; Reset empties it for reuse.
type Sparse struct {
	cols int
	ptr  []int32 // len rows+1
	idx  []int32
	val  []float64

	// The column form, filled by SparseTMulTo: column p's entries are
	// tidx (row) and tval at tptr[p]:tptr[p+1]. tnext is its scratch space.
	tptr, tnext, tidx []int32
	tval              []float64
}

// NewSparse returns an empty sparse matrix with cols columns and no rows.
func NewSparse(cols int) *Sparse {
	return &Sparse{cols: cols, ptr: []int32{0}}
}

// SparseOf returns the sparse form of the matrix a.
func SparseOf(a *Tensor) *Sparse {
	if len(a.shape) != 2 {
		panic(fmt.Sprintf("tensor: SparseOf: shape %v is not a matrix", a.shape))
	}
	s := NewSparse(a.shape[1])
	for i := range a.shape[0] {
		for j, v := range a.data[i*s.cols : (i+1)*s.cols] {
			if v != 0 {
				s.Append(j, v)
			}
		}
		s.EndRow()
	}
	return s
}

// Reset removes every row, keeping the storage.
func (s *Sparse) Reset() {
	s.ptr, s.idx, s.val = s.ptr[:1], s.idx[:0], s.val[:0]
}

// Append adds the entry v at column col of the row being built; columns
// must increase within a row.
func (s *Sparse) Append(col int, v float64) {
	s.idx = append(s.idx, int32(col))
	s.val = append(s.val, v)
}

// AppendRow adds a whole row of n entries and returns the slices to fill
// with its columns (increasing) and values: the fast way to build rows
// from data that already lists its non-zero entries.
func (s *Sparse) AppendRow(n int) (cols []int32, vals []float64) {
	if len(s.ptr) > 1 && int(s.ptr[len(s.ptr)-1]) != len(s.idx) {
		panic("tensor: AppendRow: a row begun with Append was not ended")
	}
	m := len(s.idx)
	s.idx = slices.Grow(s.idx, n)[:m+n]
	s.val = slices.Grow(s.val, n)[:m+n]
	s.ptr = append(s.ptr, int32(m+n))
	return s.idx[m:], s.val[m:]
}

// Row returns the columns and values of row i's entries, shared, not
// copied: the way to fill rows added by AppendRow later, or in parallel.
func (s *Sparse) Row(i int) (cols []int32, vals []float64) {
	return s.idx[s.ptr[i]:s.ptr[i+1]], s.val[s.ptr[i]:s.ptr[i+1]]
}

// EndRow ends the row being built; the next Append starts a new row.
func (s *Sparse) EndRow() {
	s.ptr = append(s.ptr, int32(len(s.idx)))
}

// Rows returns the number of rows.
func (s *Sparse) Rows() int { return len(s.ptr) - 1 }

// Cols returns the number of columns.
func (s *Sparse) Cols() int { return s.cols }

// NNZ returns the number of stored (non-zero) entries.
func (s *Sparse) NNZ() int { return len(s.idx) }

// Dense returns s as a dense matrix.
func (s *Sparse) Dense() *Tensor {
	d := Zeros(s.Rows(), s.cols)
	for i := range s.Rows() {
		for q := s.ptr[i]; q < s.ptr[i+1]; q++ {
			d.data[i*s.cols+int(s.idx[q])] = s.val[q]
		}
	}
	return d
}

// SparseMulTo stores s·w in dst and returns it; s is (m, k), w is (k, n),
// dst is (m, n).
//
// Each output row is built from the row's non-zero entries only. Columns of
// dst are computed five at a time, their sums held in registers while the
// loop runs over the row's entries: per entry, five loads of w feed five
// multiply-adds, and nothing is stored until the end. For MNIST at the
// book's shapes (100×784 with ≈ 150 non-zero pixels a row, · 784×50) that
// is about 5× less arithmetic than the dense kernel; see the benchmarks.
//
// The skipped entries are zeros, whose products add exactly 0, so the result
// is bit-identical to MatMulNaive of the dense s whenever w is finite. (An
// Inf or NaN in w reaches only the rows where s is non-zero; the dense
// product would spread it through 0·Inf = NaN.)
func SparseMulTo(dst *Tensor, s *Sparse, w *Tensor) *Tensor {
	if len(w.shape) != 2 || w.shape[0] != s.cols || len(dst.shape) != 2 || dst.shape[0] != s.Rows() || dst.shape[1] != w.shape[1] {
		panic(fmt.Sprintf("tensor: SparseMulTo: shapes [%d %d] · %v into %v", s.Rows(), s.cols, w.shape, dst.shape))
	}
	n := w.shape[1]
	ParallelFor(s.Rows(), 1, len(s.idx)*n, func(i0, i1 int) {
		for i := i0; i < i1; i++ {
			lo, hi := s.ptr[i], s.ptr[i+1]
			sparseRow(dst.data[i*n:(i+1)*n], s.idx[lo:hi], s.val[lo:hi], w.data, n)
		}
	})
	return dst
}

// MulRowTo stores row i of s·w in out, a slice of w's column count: the
// kernel of SparseMulTo for one row, for callers that fuse more work into a
// pass over rows.
func (s *Sparse) MulRowTo(out []float64, i int, w *Tensor) {
	if len(w.shape) != 2 || w.shape[0] != s.cols || len(out) != w.shape[1] || i < 0 || i >= s.Rows() {
		panic(fmt.Sprintf("tensor: MulRowTo: row %d of [%d %d] · %v into %d values", i, s.Rows(), s.cols, w.shape, len(out)))
	}
	lo, hi := s.ptr[i], s.ptr[i+1]
	sparseRow(out, s.idx[lo:hi], s.val[lo:hi], w.data, w.shape[1])
}

// MulRowPartTo stores in out the part of row i of s·w that columns
// [p0, p1) of s contribute, Σ over those k of s[i][k]·w[k][:]: with the
// columns split in two at p, row i of s·w is the sum of the two parts (up
// to the rounding of that one addition). It is how two cores can each read
// only their own rows of w.
func (s *Sparse) MulRowPartTo(out []float64, i, p0, p1 int, w *Tensor) {
	if len(w.shape) != 2 || w.shape[0] != s.cols || len(out) != w.shape[1] || i < 0 || i >= s.Rows() || p0 < 0 || p0 > p1 || p1 > s.cols {
		panic(fmt.Sprintf("tensor: MulRowPartTo: row %d, columns [%d, %d) of [%d %d] · %v into %d values", i, p0, p1, s.Rows(), s.cols, w.shape, len(out)))
	}
	lo, hi := s.span(i, p0, p1)
	sparseRow(out, s.idx[lo:hi], s.val[lo:hi], w.data, w.shape[1])
}

// span returns where row i's entries with columns in [p0, p1) lie in idx
// and val: a run, since a row's columns increase, found by binary search.
// A bound at the matrix's edge needs no search: in a split in two halves,
// each half has one.
func (s *Sparse) span(i, p0, p1 int) (lo, hi int) {
	lo, hi = int(s.ptr[i]), int(s.ptr[i+1])
	if p0 > 0 {
		a, _ := slices.BinarySearch(s.idx[lo:hi], int32(p0))
		lo += a
	}
	if p1 < s.cols {
		b, _ := slices.BinarySearch(s.idx[lo:hi], int32(p1))
		hi = lo + b
	}
	return lo, hi
}

// sparseRow computes out = Σ_q val[q]·w[idx[q]][:] for a w with n columns.
//
// Built with GOEXPERIMENT=simd on a CPU with AVX-512, vectorColumns does
// the columns it can eight at a time (vector.go). The scalar loops
// do the rest: five sums at a time stay in registers; Go keeps a product
// and a sum per column live, and with five columns those eleven values fit
// the float registers, where ten spill to the stack and run 1.6× slower
// (measured: one MNIST row · 784×50 takes 1.9 µs with five, 3.0 µs with
// ten).
func sparseRow(out []float64, idx []int32, val []float64, w []float64, n int) {
	val = val[:len(idx)]
	j := vectorColumns(out, idx, val, w, n)
	for ; j+5 <= n; j += 5 {
		var s0, s1, s2, s3, s4 float64
		for q, k := range idx {
			v := val[q]
			off := int(k)*n + j
			r := w[off : off+5 : off+5]
			s0 += v * r[0]
			s1 += v * r[1]
			s2 += v * r[2]
			s3 += v * r[3]
			s4 += v * r[4]
		}
		o := out[j : j+5 : j+5]
		o[0], o[1], o[2], o[3], o[4] = s0, s1, s2, s3, s4
	}
	for ; j < n; j++ {
		s := 0.0
		for q, k := range idx {
			s += val[q] * w[int(k)*n+j]
		}
		out[j] = s
	}
}

// SparseTMulTo stores sᵀ·d in dst and returns it; s is (m, k), d is (m, n),
// dst is (k, n): the xᵀ·δ1 of the backward pass, the gradient of W1.
//
// Row p of dst is Σ over the rows i where s[i][p] ≠ 0 of s[i][p]·d[i][:]:
// the kernel of SparseMulTo applied to column p of s, summed in increasing
// i as the naive product does. Rows of dst whose column of s is all zero
// are zero. The cores split the k columns of s between them; each first
// gathers its columns of s (a partial transpose into the column form, its
// own stretch of the shared buffers, found from the rows' sorted column
// indices), then computes its rows of dst, so the whole product is one
// parallel pass with no core writing where another does. As with
// SparseMulTo, the result is bit-identical to the dense product when d is
// finite.
func SparseTMulTo(dst *Tensor, s *Sparse, d *Tensor) *Tensor {
	if len(d.shape) != 2 || d.shape[0] != s.Rows() || len(dst.shape) != 2 || dst.shape[0] != s.cols || dst.shape[1] != d.shape[1] {
		panic(fmt.Sprintf("tensor: SparseTMulTo: shapes [%d %d]ᵀ · %v into %v", s.Rows(), s.cols, d.shape, dst.shape))
	}
	s.PrepareTMul()
	n := d.shape[1]
	ParallelForBalanced(s.cols, len(s.idx)*n, s.NNZBeforeCol, func(p0, p1 int) {
		s.TransposeCols(p0, p1)
		for p := p0; p < p1; p++ {
			s.TMulRowTo(dst.data[p*n:(p+1)*n], p, d)
		}
	})
	return dst
}

// PrepareTMul counts the entries of each column and sizes the buffers that
// TransposeCols fills; call it once after the matrix changes, before the
// concurrent TransposeCols calls.
func (s *Sparse) PrepareTMul() {
	s.tptr = resize(s.tptr, s.cols+1)
	s.tnext = resize(s.tnext, s.cols)
	s.tidx = resize(s.tidx, len(s.idx))
	s.tval = resize(s.tval, len(s.val))
	ptr := s.tptr // a local: through the field it is reloaded for every entry
	clear(ptr)
	for _, c := range s.idx {
		ptr[c+1]++
	}
	for p := range s.cols {
		ptr[p+1] += ptr[p]
	}
}

// Transpose builds the column form of s in one pass, after which Col lists
// each column's entries.
func (s *Sparse) Transpose() {
	s.PrepareTMul()
	s.TransposeCols(0, s.cols)
}

// Col returns the rows and values of column p's entries, rows increasing,
// shared, not copied; valid after Transpose (or SparseTMulTo) until s
// changes.
func (s *Sparse) Col(p int) (rows []int32, vals []float64) {
	return s.tidx[s.tptr[p]:s.tptr[p+1]], s.tval[s.tptr[p]:s.tptr[p+1]]
}

// NNZBefore returns the number of entries in rows [0, i): the cost
// function of ParallelForBalanced over rows.
func (s *Sparse) NNZBefore(i int) int { return int(s.ptr[i]) }

// NNZBeforeCol returns the number of entries in columns [0, p), once
// PrepareTMul has counted them: the cost function over columns.
func (s *Sparse) NNZBeforeCol(p int) int { return int(s.tptr[p]) }

// TMulRowTo stores row p of sᵀ·d in out, a slice of d's column count, once
// TransposeCols has covered column p: the kernel of SparseTMulTo for one
// row, for callers that fuse more work into the pass.
func (s *Sparse) TMulRowTo(out []float64, p int, d *Tensor) {
	if len(d.shape) != 2 || d.shape[0] != s.Rows() || len(out) != d.shape[1] || p < 0 || p >= s.cols || len(s.tptr) != s.cols+1 {
		panic(fmt.Sprintf("tensor: TMulRowTo: row %d of [%d %d]ᵀ · %v into %d values (PrepareTMul first)", p, s.Rows(), s.cols, d.shape, len(out)))
	}
	lo, hi := s.tptr[p], s.tptr[p+1]
	sparseRow(out, s.tidx[lo:hi], s.tval[lo:hi], d.data, d.shape[1])
}

// TransposeCols writes columns [p0, p1) of s in column form, after
// PrepareTMul: the entries of column p are then Col(p), rows increasing.
// Calls for disjoint ranges may run concurrently; each fills its own
// stretch of the buffers.
func (s *Sparse) TransposeCols(p0, p1 int) {
	if p0 < 0 || p1 > s.cols || p0 > p1 || len(s.tptr) != s.cols+1 || len(s.tidx) != len(s.idx) {
		panic(fmt.Sprintf("tensor: TransposeCols: columns [%d, %d) of %d (PrepareTMul first)", p0, p1, s.cols))
	}
	next := s.tnext[p0:p1]
	copy(next, s.tptr[p0:p1])
	// The slices in locals: stores through s's fields would make the
	// compiler reload them for every entry.
	idx, val, tidx, tval := s.idx, s.val, s.tidx, s.tval
	for i := range s.Rows() {
		lo, hi := s.span(i, p0, p1)
		for q, c := range idx[lo:hi] {
			t := next[int(c)-p0]
			tidx[t], tval[t] = int32(i), val[lo+q]
			next[int(c)-p0] = t + 1
		}
	}
}

// resize returns a slice of length n, reusing b's storage when it can.
func resize[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}
