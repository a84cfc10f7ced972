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
