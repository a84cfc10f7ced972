package kernel

import "dlfs/internal/parallel"

// Gather copies row idx[i] of src, whose rows are width values long, into
// row i of dst: numpy's x_train[batch_mask], the book's mini-batch. The
// rows of MNIST's 376 MB of float64 training images that a batch draws
// are far apart in memory, and each is a wait for it to arrive; the cores
// share the rows, so that two such waits overlap. A copy is a copy on
// any number of cores.
func Gather(dst, src []float64, idx []int, width int) {
	dst = dst[:len(idx)*width]
	parallel.For(len(idx), 1, len(dst)*gatherWork, parallel.Func(func(lo, hi int) {
		for i, r := range idx[lo:hi] {
			copy(dst[(lo+i)*width:(lo+i+1)*width], src[r*width:(r+1)*width])
		}
	}))
}

// gatherWork is what copying a value from far away in memory is
// reckoned to cost, in the multiply-adds parallel.For counts: a batch of
// 100 images, 78400 values, is shared between the cores.
const gatherWork = 2
