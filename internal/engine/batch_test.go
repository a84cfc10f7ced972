package engine

import (
	"math/rand/v2"
	"slices"
	"testing"

	"dlfs/internal/mnisttest"
	"dlfs/internal/tensortest"
	"dlfs/mnist"
	"dlfs/tensor"
)

// TestGatherAndChunk: the sparse batches are the book's dense ones
// (mnist.Set.Gather and Chunk) without their zeros.
func TestGatherAndChunk(t *testing.T) {
	d, err := mnist.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := NewSparse(mnist.Pixels)
	// A batch of 100 is filled on all cores; the small ones reuse s.
	for _, idx := range [][]int{{59999, 0, 12345}, rand.New(rand.NewPCG(5, 6)).Perm(60000)[:100], {7}} {
		x, labels := mnisttest.Rows(d.Train, idx)
		sl := make([]int, len(idx))
		Gather(s, sl, d.Train, idx)
		if !tensortest.SameBits(s.Dense(), x) || !slices.Equal(sl, labels) {
			t.Errorf("Gather of %d images differs from the dense one", len(idx))
		}
		nz := 0
		for _, v := range x.Data() {
			if v != 0 {
				nz++
			}
		}
		if s.NNZ() != nz {
			t.Errorf("%d stored entries for %d non-zero pixels", s.NNZ(), nz)
		}
	}
	// The last chunk of the test set is short.
	cl := make([]int, 4)
	if n := Chunk(s, cl, d.Test, 9998); n != 2 || s.Rows() != 2 || cl[1] != d.Test.Label(9999) {
		t.Errorf("Chunk at 9998: %d images, %d rows, labels %v", n, s.Rows(), cl)
	}
	c := tensor.Zeros(2, mnist.Pixels)
	d.Test.Chunk(c, make([]int, 2), 9998)
	if !tensortest.SameBits(s.Dense(), c) {
		t.Error("Chunk differs from the dense one")
	}
	if n := Chunk(s, cl, d.Test, d.Test.Len()); n != 0 || s.Rows() != 0 {
		t.Errorf("Chunk at the set's end: %d images, %d rows", n, s.Rows())
	}
	tensortest.WantPanic(t, "engine: Chunk: images from 10001 of 10000 into 784 columns", func() { Chunk(s, cl, d.Test, 10001) })
	tensortest.WantPanic(t, "engine: Gather: 2 images into 784 columns and 1 labels", func() { Gather(s, make([]int, 1), d.Test, []int{0, 1}) })
}

func BenchmarkGather(b *testing.B) {
	d, err := mnist.Load()
	if err != nil {
		b.Fatal(err)
	}
	labels := make([]int, 100)
	idx := make([]int, 100)
	for i := range idx {
		idx[i] = i * 599
	}
	s := NewSparse(mnist.Pixels)
	b.Run("spread", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Gather(s, labels, d.Train, idx)
		}
	})
	// As in training: a fresh random batch each time, mostly not in cache.
	rng := rand.New(rand.NewPCG(7, 8))
	b.Run("random", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for i := range idx {
				idx[i] = rng.IntN(d.Train.Len())
			}
			Gather(s, labels, d.Train, idx)
		}
	})
}
