package train

import "math/rand/v2"

// A sampler draws the indices of one mini-batch at a time. Without
// replacement it runs a partial Fisher–Yates shuffle: the first batch
// entries of a permutation of 0..n−1 kept from draw to draw are swapped with
// uniformly chosen later ones, which makes them a uniform sample of
// distinct indices in O(batch), not O(n). With replacement, each index is
// drawn independently, as np.random.choice(n, batch) does.
type sampler struct {
	n   int
	rng *rand.Rand
	idx []int // the batch, with replacement
	// perm is the permutation kept from draw to draw, without replacement:
	// the sampler's state, which a checkpoint saves.
	perm []int
}

// newSampler returns a sampler of batches of batch indices from [0, n).
func newSampler(n, batch int, replace bool, rng *rand.Rand) *sampler {
	s := &sampler{n: n, rng: rng}
	if replace {
		s.idx = make([]int, batch)
		return s
	}
	s.perm = make([]int, n)
	for i := range s.perm {
		s.perm[i] = i
	}
	s.idx = s.perm[:batch]
	return s
}

// draw returns the next batch's indices, valid until the next draw.
func (s *sampler) draw() []int {
	if s.perm == nil {
		for i := range s.idx {
			s.idx[i] = s.rng.IntN(s.n)
		}
		return s.idx
	}
	for i := range s.idx {
		j := i + s.rng.IntN(s.n-i)
		s.perm[i], s.perm[j] = s.perm[j], s.perm[i]
	}
	return s.idx
}

// restore sets the permutation a checkpoint saved (nil with replacement).
func (s *sampler) restore(perm []int) {
	if s.perm != nil {
		copy(s.perm, perm)
	}
}
