package engine

import (
	"fmt"
	"slices"

	"dlfs/tensor"
)

// A Sparse is a matrix stored by rows with only its non-zero entries (the
// compressed sparse row form): row i holds the columns idx[ptr[i]:ptr[i+1]]
// with values val[ptr[i]:ptr[i+1]], columns increasing.
//
// MNIST images are 81% zero pixels, so in x·W1 and xᵀ·dz1 of a training
// step only one multiply-add in five does any work; a Sparse x skips the
// rest. Gather and Chunk build one from MNIST's raw bytes, SparseOf from a
// dense matrix.
type Sparse struct {
	cols int
	ptr  []int32 // len rows+1
	idx  []int32
	val  []float64

	// The column form, built by transposeCols after prepareTMul: column
	// p's entries are tidx (row) and tval at tptr[p]:tptr[p+1]. tnext is
	// its scratch space.
	tptr, tnext, tidx []int32
	tval              []float64
}

// NewSparse returns an empty sparse matrix with cols columns and no rows.
func NewSparse(cols int) *Sparse {
	return &Sparse{cols: cols, ptr: []int32{0}}
}

// SparseOf returns the sparse form of the matrix a.
func SparseOf(a *tensor.Tensor) *Sparse {
	if a.Rank() != 2 {
		panic(fmt.Sprintf("engine: SparseOf: shape %v is not a matrix", a.Shape()))
	}
	s := NewSparse(a.Dim(1))
	for i := range a.Dim(0) {
		row := a.Data()[i*s.cols : (i+1)*s.cols]
		n := 0
		for _, v := range row {
			if v != 0 {
				n++
			}
		}
		cols, vals := s.appendRow(n)
		n = 0
		for j, v := range row {
			if v != 0 {
				cols[n], vals[n] = int32(j), v
				n++
			}
		}
	}
	return s
}

// reset removes every row, keeping the storage.
func (s *Sparse) reset() {
	s.ptr, s.idx, s.val = s.ptr[:1], s.idx[:0], s.val[:0]
}

// appendRow adds a row of n entries and returns the slices to fill with
// its columns (increasing) and values.
func (s *Sparse) appendRow(n int) (cols []int32, vals []float64) {
	m := len(s.idx)
	s.idx = slices.Grow(s.idx, n)[:m+n]
	s.val = slices.Grow(s.val, n)[:m+n]
	s.ptr = append(s.ptr, int32(m+n))
	return s.idx[m:], s.val[m:]
}

// row returns the columns and values of row i's entries, shared, not
// copied: the way to fill rows added by appendRow later, or in parallel.
func (s *Sparse) row(i int) (cols []int32, vals []float64) {
	return s.idx[s.ptr[i]:s.ptr[i+1]], s.val[s.ptr[i]:s.ptr[i+1]]
}

// Rows returns the number of rows.
func (s *Sparse) Rows() int { return len(s.ptr) - 1 }

// Cols returns the number of columns.
func (s *Sparse) Cols() int { return s.cols }

// NNZ returns the number of stored (non-zero) entries.
func (s *Sparse) NNZ() int { return len(s.idx) }

// Dense returns s as a dense matrix.
func (s *Sparse) Dense() *tensor.Tensor {
	d := tensor.Zeros(s.Rows(), s.cols)
	dd := d.Data()
	for i := range s.Rows() {
		cols, vals := s.row(i)
		for q, c := range cols {
			dd[i*s.cols+int(c)] = vals[q]
		}
	}
	return d
}

// nnzBefore returns the number of entries in rows [0, i).
func (s *Sparse) nnzBefore(i int) int { return int(s.ptr[i]) }

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

// prepareTMul counts the entries of each column and sizes the buffers that
// transposeCols fills; call it once after the matrix changes, before the
// concurrent transposeCols calls.
func (s *Sparse) prepareTMul() {
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

// transposeCols writes columns [p0, p1) of s in column form, after
// prepareTMul: the entries of column p are then col(p), rows increasing.
// Calls for disjoint ranges may run concurrently; each fills its own
// stretch of the buffers.
func (s *Sparse) transposeCols(p0, p1 int) {
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

// transpose builds the whole column form.
func (s *Sparse) transpose() {
	s.prepareTMul()
	s.transposeCols(0, s.cols)
}

// col returns the rows and values of column p's entries, rows increasing,
// shared; valid once the column form covers p, until s changes.
func (s *Sparse) col(p int) (rows []int32, vals []float64) {
	return s.tidx[s.tptr[p]:s.tptr[p+1]], s.tval[s.tptr[p]:s.tptr[p+1]]
}

// nnzBeforeCol returns the number of entries in columns [0, p), once
// prepareTMul has counted them.
func (s *Sparse) nnzBeforeCol(p int) int { return int(s.tptr[p]) }

// resize returns a slice of length n, reusing b's storage when it can.
func resize[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}
