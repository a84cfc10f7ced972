package mnist

import (
	"fmt"

	"dlfs/internal/parallel"
	"dlfs/tensor"
)

// Options are the switches of the book's load_mnist (dataset/mnist.py).
// The book's defaults are Normalize and Flatten on, OneHot off; §4.5 trains
// with all three on.
type Options struct {
	Normalize bool // pixels as x/255 in [0, 1]; otherwise 0–255
	Flatten   bool // each image a row of 784; otherwise (1, 28, 28)
	OneHot    bool // each label a one-hot row of 10; otherwise the digit itself
	// Float32 gives the normalized pixels the book's values: load_mnist
	// converts the bytes to float32 and divides by 255 in float32, and
	// numpy widens the result to float64 in np.dot. Those differ from
	// x/255 in float64 after the 8th digit. Tensors holds them as float64.
	Float32 bool
}

// pixelScale[p] is p/255, the normalized value of pixel p: a table look-up
// gives the same bits as the division, at a fraction of its cost.
// pixelScale32 holds the Float32 values, and pixelValue the pixels as they
// are.
var pixelScale, pixelScale32, pixelValue = func() (t, t32, v [256]float64) {
	for p := range t {
		t[p] = float64(p) / 255
		t32[p] = float64(float32(p) / 255)
		v[p] = float64(p)
	}
	return t, t32, v
}()

// Normalized returns the value of a pixel p with Normalize: p/255, in
// [0, 1].
func Normalized(p uint8) float64 { return pixelScale[p] }

// Tensors returns the whole set as the book's load_mnist does: x is
// (Len, 784) or (Len, 1, 28, 28); t is (Len) digits or (Len, 10) one-hot.
// For the training set with Normalize that is a 376 MB float64 copy, as
// the book's is.
func (s *Set) Tensors(opt Options) (x, t *tensor.Tensor) {
	n := s.Len()
	if opt.Flatten {
		x = tensor.Zeros(n, Pixels)
	} else {
		x = tensor.Zeros(n, 1, Rows, Cols)
	}
	value := &pixelValue
	switch {
	case opt.Normalize && opt.Float32:
		value = &pixelScale32
	case opt.Normalize:
		value = &pixelScale
	}
	xd := x.Data()
	parallel.For(len(xd), 1, len(xd), parallel.Func(func(lo, hi int) {
		for i, p := range s.images[lo:hi] {
			xd[lo+i] = value[p]
		}
	}))
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

// Chunk writes the normalized images of the consecutive items start,
// start+1, ... into the rows of x, (rows, 784), as many as x has rows,
// fewer at the end of the set, and their digits into labels, straight from
// the raw bytes. It returns how many it wrote, which is how an evaluation
// walks the set in fixed-size pieces, allocating nothing.
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
