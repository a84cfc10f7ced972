package engine

import (
	"fmt"
	"sync"

	"dlfs/internal/parallel"
	"dlfs/mnist"
)

// Gather makes x the mini-batch of the set's images idx, one row each
// holding only the image's non-zero pixels (their bytes, which x's levels
// normalize as load_mnist does), and writes their
// digits into t: the x_batch = x_train[batch_mask], t_batch of §4.5.2,
// straight from the raw bytes, allocating nothing once x has grown.
//
// The rows are sized first, then filled on all cores: the copying waits
// mostly on memory (the images are scattered over 27 MB), and two cores
// wait side by side.
func Gather(x *Sparse, t []int, set *mnist.Set, idx []int) {
	if x.Cols() != mnist.Pixels || len(t) != len(idx) {
		panic(fmt.Sprintf("engine: Gather: %d images into %d columns and %d labels", len(idx), x.Cols(), len(t)))
	}
	x.reset()
	x.level = &pixelLevels
	for r, i := range idx {
		cols, _ := set.NonZero(i)
		x.appendRow(len(cols))
		t[r] = set.Label(i)
	}
	g := gathers.Get().(*gatherPass)
	*g = gatherPass{set: set, x: x, idx: idx}
	parallel.ForBalanced(len(idx), x.NNZ()*10, g, g) // an entry: ~10 multiply-adds
	*g = gatherPass{}
	gathers.Put(g)
}

// gatherPass copies the pixels of the rows [lo, hi) of a Gather, already
// sized. Its cost is the rows' entries.
type gatherPass struct {
	set *mnist.Set
	x   *Sparse
	idx []int
}

// gathers keeps gatherPasses, so that a Gather allocates none.
var gathers = sync.Pool{New: func() any { return new(gatherPass) }}

func (g *gatherPass) Run(lo, hi int) {
	for r := lo; r < hi; r++ {
		fillRow(g.x, r, g.set, g.idx[r])
	}
}

func (g *gatherPass) Before(r int) int { return g.x.nnzBefore(r) }

// Chunk makes x the batch of the up to len(t) consecutive images of the
// set from start, as Gather does, and returns how many it holds: how an
// evaluation walks a set in pieces.
func Chunk(x *Sparse, t []int, set *mnist.Set, start int) int {
	if x.Cols() != mnist.Pixels || start < 0 || start > set.Len() {
		panic(fmt.Sprintf("engine: Chunk: images from %d of %d into %d columns", start, set.Len(), x.Cols()))
	}
	n := min(len(t), set.Len()-start)
	x.reset()
	x.level = &pixelLevels
	for r := range n {
		cols, _ := set.NonZero(start + r)
		x.appendRow(len(cols))
		fillRow(x, r, set, start+r)
		t[r] = set.Label(start + r)
	}
	return n
}

// fillRow copies image i's non-zero pixels into row r of x, sized for
// them: its columns and bytes, which x's levels normalize.
func fillRow(x *Sparse, r int, set *mnist.Set, i int) {
	cols, code := x.row(r)
	nzCols, nzPix := set.NonZero(i)
	copy(cols, nzCols)
	copy(code, nzPix)
}
