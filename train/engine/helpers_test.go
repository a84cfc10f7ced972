package engine

import (
	"math/rand/v2"

	"dlfs/tensor"
)

// mnistLike returns an (m, k) matrix with MNIST's density: each entry
// non-zero with probability 0.19, in (0, 1].
func mnistLike(rng *rand.Rand, m, k int) *tensor.Tensor {
	x := tensor.Zeros(m, k)
	for i := range x.Data() {
		if rng.Float64() < 0.19 {
			x.Data()[i] = float64(1+rng.IntN(255)) / 255
		}
	}
	return x
}
