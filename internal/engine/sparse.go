package engine

import (
	"fmt"
	"math"
	"slices"

	"dlfs/mnist"
	"dlfs/tensor"
)

// A Sparse is a batch of 8-bit images stored by rows with only their
// non-zero entries (the compressed sparse row form): row i holds the
// columns idx[ptr[i]:ptr[i+1]], increasing, with levels code[...], each
// entry's value being level[code]. MNIST's files store exactly this: a
// byte per pixel, which load_mnist's normalize turns into byte/255.
//
// MNIST images are 81% zero pixels, so in x·W1 and xᵀ·da1 of a training
// step only one multiply-add in five does any work; a Sparse x skips the
// rest. Three bytes an entry, against twelve for a column and a float64,
// make a batch quick to copy and light on the caches: Gather and Chunk
// copy MNIST's own bytes, SparseOf builds one from a dense matrix of at
// most 256 distinct non-zero values. Columns and rows are at most 65536.
type Sparse struct {
	cols  int
	ptr   []int32 // len rows+1
	idx   []uint16
	code  []uint8
	level *[256]float64

	// The column form, built by transposeCols after prepareTMul: column
	// p's entries are tidx (row) and tcode at tptr[p]:tptr[p+1]. tnext is
	// its scratch space.
	tptr, tnext []int32
	tidx        []uint16
	tcode       []uint8
}

// maxDim is the most rows or columns a Sparse can index: a uint16 each.
const maxDim = 1 << 16

// pixelLevels are MNIST's pixel values, normalized as load_mnist does.
var pixelLevels = func() (t [256]float64) {
	for p := range t {
		t[p] = mnist.Normalized(uint8(p))
	}
	return t
}()

// NewSparse returns an empty sparse matrix with cols columns and no rows,
// whose levels are MNIST's normalized pixels.
func NewSparse(cols int) *Sparse {
	if cols < 0 || cols > maxDim {
		panic(fmt.Sprintf("engine: NewSparse: %d columns, at most %d", cols, maxDim))
	}
	return &Sparse{cols: cols, ptr: []int32{0}, level: &pixelLevels}
}

// SparseOf returns the sparse form of the matrix a, whose non-zero values
// must be at most 256 distinct ones (an image's levels).
func SparseOf(a *tensor.Tensor) *Sparse {
	if a.Rank() != 2 || a.Dim(1) > maxDim || a.Dim(0) > maxDim {
		panic(fmt.Sprintf("engine: SparseOf: shape %v is not a matrix of at most %d rows and columns", a.Shape(), maxDim))
	}
	s := NewSparse(a.Dim(1))
	s.level = new([256]float64)
	codes := map[uint64]uint8{}
	for _, v := range a.Data() {
		if _, ok := codes[math.Float64bits(v)]; !ok && v != 0 {
			if len(codes) == len(s.level) {
				panic(fmt.Sprintf("engine: SparseOf: more than %d distinct non-zero values", len(s.level)))
			}
			s.level[len(codes)] = v
			codes[math.Float64bits(v)] = uint8(len(codes))
		}
	}
	for i := range a.Dim(0) {
		row := a.Data()[i*s.cols : (i+1)*s.cols]
		n := 0
		for _, v := range row {
			if v != 0 {
				n++
			}
		}
		cols, code := s.appendRow(n)
		n = 0
		for j, v := range row {
			if v != 0 {
				cols[n], code[n] = uint16(j), codes[math.Float64bits(v)]
				n++
			}
		}
	}
	return s
}

// reset removes every row, keeping the storage.
func (s *Sparse) reset() {
	s.ptr, s.idx, s.code = s.ptr[:1], s.idx[:0], s.code[:0]
}

// appendRow adds a row of n entries and returns the slices to fill with
// its columns (increasing) and levels.
func (s *Sparse) appendRow(n int) (cols []uint16, code []uint8) {
	if s.Rows() == maxDim {
		panic(fmt.Sprintf("engine: Sparse: more than %d rows", maxDim))
	}
	m := len(s.idx)
	s.idx = slices.Grow(s.idx, n)[:m+n]
	s.code = slices.Grow(s.code, n)[:m+n]
	s.ptr = append(s.ptr, int32(m+n))
	return s.idx[m:], s.code[m:]
}

// row returns the columns and levels of row i's entries, shared, not
// copied: the way to fill rows added by appendRow later, or in parallel.
func (s *Sparse) row(i int) (cols []uint16, code []uint8) {
	return s.idx[s.ptr[i]:s.ptr[i+1]], s.code[s.ptr[i]:s.ptr[i+1]]
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
		cols, code := s.row(i)
		for q, c := range cols {
			dd[i*s.cols+int(c)] = s.level[code[q]]
		}
	}
	return d
}

// nnzBefore returns the number of entries in rows [0, i).
func (s *Sparse) nnzBefore(i int) int { return int(s.ptr[i]) }

// span returns where row i's entries with columns in [p0, p1) lie in idx
// and code: a run, since a row's columns increase, found by binary search.
// A bound at the matrix's edge needs no search: in a split in two halves,
// each half has one.
func (s *Sparse) span(i, p0, p1 int) (lo, hi int) {
	lo, hi = int(s.ptr[i]), int(s.ptr[i+1])
	if p0 > 0 {
		a, _ := slices.BinarySearch(s.idx[lo:hi], uint16(p0))
		lo += a
	}
	if p1 < s.cols {
		b, _ := slices.BinarySearch(s.idx[lo:hi], uint16(p1))
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
	s.tcode = resize(s.tcode, len(s.code))
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
	next := s.tnext[:p1] // by column: next[c] is where column c's next entry goes
	copy(next[p0:], s.tptr[p0:p1])
	// The slices in locals: stores through s's fields would make the
	// compiler reload them for every entry.
	tidx, tcode := s.tidx, s.tcode
	for i := range s.Rows() {
		lo, hi := s.span(i, p0, p1)
		cols, code := s.idx[lo:hi], s.code[lo:hi]
		code = code[:len(cols)]
		row := uint16(i)
		for q, c := range cols {
			t := next[c]
			tidx[t], tcode[t] = row, code[q]
			next[c] = t + 1
		}
	}
}

// transpose builds the whole column form.
func (s *Sparse) transpose() {
	s.prepareTMul()
	s.transposeCols(0, s.cols)
}

// col returns the rows and levels of column p's entries, rows increasing,
// shared; valid once the column form covers p, until s changes.
func (s *Sparse) col(p int) (rows []uint16, code []uint8) {
	return s.tidx[s.tptr[p]:s.tptr[p+1]], s.tcode[s.tptr[p]:s.tptr[p+1]]
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
