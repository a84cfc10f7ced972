package mnist

import (
	"encoding/binary"
	"fmt"
	"sync"

	"dlfs/tensor"
)

// Options are the switches of the book's load_mnist (dataset/mnist.py).
// The book's defaults are Normalize and Flatten on, OneHot off; §4.5 trains
// with all three on.
type Options struct {
	Normalize bool // pixels as x/255 in [0, 1]; otherwise 0–255
	Flatten   bool // each image a row of 784; otherwise (1, 28, 28)
	OneHot    bool // each label a one-hot row of 10; otherwise the digit itself
}

// pixelScale[p] is p/255, the normalized value of pixel p: a table look-up
// gives the same bits as the division, at a fraction of its cost.
var pixelScale = func() (t [256]float64) {
	for p := range t {
		t[p] = float64(p) / 255
	}
	return t
}()

// Tensors returns the whole set as the book's load_mnist does: x is
// (Len, 784) or (Len, 1, 28, 28); t is (Len) digits or (Len, 10) one-hot.
// For the training set with Normalize that is a 376 MB float64 copy; a
// training loop should use Gather instead.
func (s *Set) Tensors(opt Options) (x, t *tensor.Tensor) {
	n := s.Len()
	if opt.Flatten {
		x = tensor.Zeros(n, Pixels)
	} else {
		x = tensor.Zeros(n, 1, Rows, Cols)
	}
	xd := x.Data()
	for i, p := range s.images {
		if opt.Normalize {
			xd[i] = pixelScale[p]
		} else {
			xd[i] = float64(p)
		}
	}
	labels := make([]int, n)
	for i, l := range s.labels {
		labels[i] = int(l)
	}
	if opt.OneHot {
		return x, tensor.OneHot(labels, Classes)
	}
	t = tensor.Zeros(n)
	for i, l := range labels {
		t.Data()[i] = float64(l)
	}
	return x, t
}

// Gather writes the normalized images of items idx into the rows of x, a
// (len(idx), 784) tensor, and their digits into labels (len(idx)), the
// x_train[batch_mask], t_train[batch_mask] of §4.5.2 straight from the raw
// bytes. It allocates nothing.
func (s *Set) Gather(x *tensor.Tensor, labels []int, idx []int) {
	if x.Rank() != 2 || x.Dim(0) != len(idx) || x.Dim(1) != Pixels || len(labels) != len(idx) {
		panic(fmt.Sprintf("mnist: Gather: %d items into x of shape %v and %d labels", len(idx), x.Shape(), len(labels)))
	}
	xd := x.Data()
	for r, i := range idx {
		row := xd[r*Pixels : (r+1)*Pixels]
		for j, p := range s.Image(i) {
			row[j] = pixelScale[p]
		}
		labels[r] = int(s.labels[i])
	}
}

// Chunk is Gather for the consecutive items start, start+1, ...: as many as
// x has rows, fewer at the end of the set. It returns how many it wrote,
// which is how an evaluation walks the set in fixed-size pieces.
func (s *Set) Chunk(x *tensor.Tensor, labels []int, start int) int {
	if x.Rank() != 2 || x.Dim(1) != Pixels || len(labels) != x.Dim(0) || start < 0 || start > s.Len() {
		panic(fmt.Sprintf("mnist: Chunk: items from %d of %d into x of shape %v and %d labels", start, s.Len(), x.Shape(), len(labels)))
	}
	n := min(x.Dim(0), s.Len()-start)
	xd := x.Data()
	for i, p := range s.images[start*Pixels : (start+n)*Pixels] {
		xd[i] = pixelScale[p]
	}
	for r := range n {
		labels[r] = int(s.labels[start+r])
	}
	return n
}

// GatherSparse is Gather into the sparse form: it appends one row per item
// of idx to x (a Sparse with 784 columns, emptied first) holding only the
// non-zero pixels, normalized, and writes the digits into labels. With 81%
// of the pixels zero, this is what lets the products of a training step
// skip four multiply-adds in five.
//
// The rows are sized first, then filled on all cores: the copying waits
// mostly on memory (the images are scattered over 27 MB), and two cores
// wait side by side (a training batch: 94 → 64 µs).
func (s *Set) GatherSparse(x *tensor.Sparse, labels []int, idx []int) {
	if x.Cols() != Pixels || len(labels) != len(idx) {
		panic(fmt.Sprintf("mnist: GatherSparse: %d items into %d columns and %d labels", len(idx), x.Cols(), len(labels)))
	}
	s.nzOnce.Do(s.listNonZero)
	x.Reset()
	for r, i := range idx {
		x.AppendRow(int(s.nzPtr[i+1] - s.nzPtr[i]))
		labels[r] = int(s.labels[i])
	}
	g := gathers.Get().(*gather)
	g.set, g.x, g.idx = s, x, idx
	tensor.ParallelForBalanced(len(idx), x.NNZ()*10, g.costFn, g.fillFn) // an entry: ~10 multiply-adds
	*g = gather{costFn: g.costFn, fillFn: g.fillFn}
	gathers.Put(g)
}

// A gather is the state of one GatherSparse call for the cores sharing its
// rows, kept in a pool with its functions bound once, so that a call
// allocates nothing.
type gather struct {
	set    *Set
	x      *tensor.Sparse
	idx    []int
	costFn func(r int) int
	fillFn func(r0, r1 int)
}

var gathers = sync.Pool{New: func() any {
	g := new(gather)
	g.costFn = func(r int) int { return g.x.NNZBefore(r) }
	g.fillFn = g.fill
	return g
}}

// fill copies the entries of rows [r0, r1), already sized.
func (g *gather) fill(r0, r1 int) {
	for r := r0; r < r1; r++ {
		g.set.fillRow(g.x, r, g.idx[r])
	}
}

// ChunkSparse is Chunk into the sparse form: the up to len(labels)
// consecutive items from start. It returns how many it wrote.
func (s *Set) ChunkSparse(x *tensor.Sparse, labels []int, start int) int {
	if x.Cols() != Pixels || start < 0 || start > s.Len() {
		panic(fmt.Sprintf("mnist: ChunkSparse: items from %d of %d into %d columns", start, s.Len(), x.Cols()))
	}
	n := min(len(labels), s.Len()-start)
	x.Reset()
	for r := range n {
		s.appendSparse(x, start+r)
		labels[r] = int(s.labels[start+r])
	}
	return n
}

// appendSparse appends image i as a row of x from its list of non-zero
// pixels.
func (s *Set) appendSparse(x *tensor.Sparse, i int) {
	s.nzOnce.Do(s.listNonZero)
	x.AppendRow(int(s.nzPtr[i+1] - s.nzPtr[i]))
	s.fillRow(x, x.Rows()-1, i)
}

// fillRow copies image i's non-zero pixels, normalized, into row r of x,
// sized for them.
func (s *Set) fillRow(x *tensor.Sparse, r, i int) {
	cols, vals := x.Row(r)
	lo := s.nzPtr[i]
	vals = vals[:len(cols)]
	for q, c := range s.nzCol[lo:][:len(cols)] {
		cols[q] = int32(c)
		vals[q] = pixelScale[s.nzPix[lo+int32(q)]]
	}
}

// listNonZero lists the non-zero pixels of every image once, as a column
// (uint16) and a value (the byte): 3 bytes for each of MNIST's 9 million
// non-zero training pixels, 27 MB, after which building a sparse batch
// copies ~150 entries an image instead of scanning 784 bytes. Zeros are
// found eight at a time, testing whole 64-bit words.
func (s *Set) listNonZero() {
	s.nzPtr = make([]int32, s.Len()+1)
	tensor.ParallelFor(s.Len(), 1, s.Len()*Pixels, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			n := int32(0)
			for _, p := range s.Image(i) {
				if p != 0 {
					n++
				}
			}
			s.nzPtr[i+1] = n
		}
	})
	for i := range s.Len() {
		s.nzPtr[i+1] += s.nzPtr[i]
	}
	n := s.nzPtr[s.Len()]
	s.nzCol, s.nzPix = make([]uint16, n), make([]uint8, n)
	tensor.ParallelFor(s.Len(), 1, s.Len()*Pixels, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			img, q := s.Image(i), s.nzPtr[i]
			for k := 0; k < Pixels; k += 8 {
				if binary.LittleEndian.Uint64(img[k:k+8]) == 0 {
					continue
				}
				for j, p := range img[k : k+8] {
					if p != 0 {
						s.nzCol[q], s.nzPix[q] = uint16(k+j), p
						q++
					}
				}
			}
		}
	})
}
