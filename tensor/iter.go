package tensor

import "iter"

// Indices yields every multi-index of t in row-major (C) order, the order of
// np.nditer with flags=['multi_index']: for shape (2, 2) that is [0 0], [0 1],
// [1 0], [1 1]. A scalar yields one empty index. The yielded slice is reused
// between steps; copy it to keep it.
//
//	for idx := range t.Indices() {
//		t.Set(t.At(idx...)*2, idx...)
//	}
func (t *Tensor) Indices() iter.Seq[[]int] {
	return func(yield func([]int) bool) {
		if len(t.data) == 0 {
			return
		}
		idx := make([]int, len(t.shape))
		for {
			if !yield(idx) {
				return
			}
			d := len(idx) - 1
			for ; d >= 0; d-- {
				idx[d]++
				if idx[d] < t.shape[d] {
					break
				}
				idx[d] = 0
			}
			if d < 0 {
				return
			}
		}
	}
}
