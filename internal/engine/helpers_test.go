package engine

import (
	"math/rand/v2"

	"dlfs/tensor"
)

// mnistLike returns an (m, k) matrix with MNIST's density: each entry
// non-zero with probability 0.19, one of the levels 1/255 … 254/255: room
// for a NaN and an infinity among the 256 levels of a Sparse.
func mnistLike(rng *rand.Rand, m, k int) *tensor.Tensor {
	x := tensor.Zeros(m, k)
	for i := range x.Data() {
		if rng.Float64() < 0.19 {
			x.Data()[i] = float64(1+rng.IntN(254)) / 255
		}
	}
	return x
}

// step is one update of §4.5.2 on the batch (x, t) as train's loop makes
// it: Backward, Update, UpdatedLoss. It returns the loss after the update.
func step(tr *Trainer, x *Sparse, t []int, lr float64) float64 {
	tr.Backward(x, t)
	tr.Update(lr)
	return tr.UpdatedLoss()
}
