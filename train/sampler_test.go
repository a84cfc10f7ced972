package train

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"dlfs/tensor/nprand"
)

// The mini-batch samplers tested as random draws, both streams: the engine's
// (PCG, newSampler) and the book's (numpy's, nprand.Choice as book.go calls
// it), with and without replacement. A batch must hold valid indices,
// distinct without replacement; over many batches every index must come
// up equally often; and consecutive batches must be independent draws, not
// a slow drift of one batch into the next. Each limit is about 5.2 standard
// deviations (or the chi-square quantile of the same tail), so a correct
// sampler fails a test with probability below one in a million; the seeds
// are fixed, so CI sees the same draws every time.

// A batchSource draws the next batch of size indices from [0, n).
type batchSource struct {
	name    string
	replace bool
	draw    func() []int
}

func samplers(n, size int) []batchSource {
	var out []batchSource
	for _, replace := range []bool{false, true} {
		pcg := newSampler(n, size, replace, rand.New(rand.NewPCG(7, 11)))
		np := nprand.New(7)
		out = append(out,
			batchSource{fmt.Sprintf("PCG replace=%v", replace), replace, pcg.draw},
			batchSource{fmt.Sprintf("numpy replace=%v", replace), replace, func() []int { return np.Choice(n, size, replace) }})
	}
	return out
}

// chiSquareLimit is the value a chi-square variable with df degrees of
// freedom exceeds with probability ≈ 1e-7 (Wilson–Hilferty, z = 5.2).
func chiSquareLimit(df int) float64 {
	d := float64(df)
	return d * math.Pow(1-2/(9*d)+float64(5.2*math.Sqrt(2/(9*d))), 3)
}

func TestSamplersAreRandomDraws(t *testing.T) {
	const n, size, draws = 60, 25, 20000 // n not a power of two: rejection sampling shows
	for _, src := range samplers(n, size) {
		name, replace, draw := src.name, src.replace, src.draw
		counts := make([]float64, n)
		prev := make([]int, size)
		var overlaps, matches, runs float64 // consecutive batches; neighbours in a batch
		for d := range draws {
			idx := draw()
			if len(idx) != size {
				t.Fatalf("%s: batch of %d, want %d", name, len(idx), size)
			}
			in := make([]bool, n)
			for j, i := range idx {
				if i < 0 || i >= n {
					t.Fatalf("%s: index %d outside [0, %d)", name, i, n)
				}
				if in[i] && !replace {
					t.Fatalf("%s: batch %v repeats %d", name, idx, i)
				}
				in[i] = true
				counts[i]++
				if j > 0 && idx[j-1] == i {
					runs++
				}
			}
			if d > 0 {
				for j, i := range prev {
					if in[i] && !replace {
						overlaps++
					}
					if idx[j] == i {
						matches++
					}
				}
			}
			copy(prev, idx)
		}
		// Uniformity: each index in a fraction size/n of the draws. Without
		// replacement each count is binomial, with (1 − size/n) of the
		// multinomial's variance.
		e := float64(draws) * size / n
		scale := 1.0
		if !replace {
			scale = 1 - float64(size)/n
		}
		chi := 0.0
		for _, c := range counts {
			chi += (c - e) * (c - e) / (e * scale)
		}
		if lim := chiSquareLimit(n - 1); chi > lim {
			t.Errorf("%s: counts of the indices have chi-square %.1f, over %.1f for %d degrees of freedom", name, chi, lim, n-1)
		}
		pairs := float64(draws - 1)
		check := func(what string, got, mean, variance, count float64) {
			if sd := math.Sqrt(variance / count); !(math.Abs(got/count-mean) <= 5.2*sd) {
				t.Errorf("%s: %s %.4f on average, want %.4f ± %.4f", name, what, got/count, mean, 5.2*sd)
			}
		}
		p := 1.0 / n
		if replace {
			// Independent draws: the same index at position j of two
			// consecutive batches, or at neighbouring positions of one,
			// with probability 1/n each.
			check("positions equal in consecutive batches", matches, size*p, size*p*(1-p), pairs)
			check("equal neighbours in a batch", runs, (size-1)*p, (size-1)*p*(1-p), draws)
			continue
		}
		// Independent batches of distinct indices: the overlap of two is
		// hypergeometric, mean size²/n, variance size²(n−size)²/(n²(n−1)).
		sz := float64(size)
		check("overlap of consecutive batches", overlaps, sz*sz/n, sz*sz*(n-sz)*(n-sz)/(n*n*(n-1)), pairs)
		// Position by position, too: the index at position j of a batch is
		// uniform whatever the last batch held there.
		check("positions equal in consecutive batches", matches, size*p, size*p*(1-p), pairs)
	}
}

// TestBatchesAtTheDataSize: a batch larger than the data is drawn with
// replacement (np.random.choice(5, 12) is valid), every index in range and
// each of the five over a few batches; without replacement a batch of the
// whole data is a permutation of it, every draw; one larger is refused by
// FitsData, which takes the whole data.
func TestBatchesAtTheDataSize(t *testing.T) {
	s := newSampler(5, 12, true, rand.New(rand.NewPCG(1, 2)))
	seen := map[int]bool{}
	for range 4 {
		b := s.draw()
		if len(b) != 12 {
			t.Fatalf("a batch of %d", len(b))
		}
		for _, i := range b {
			if i < 0 || i >= 5 {
				t.Fatalf("index %d of a set of 5", i)
			}
			seen[i] = true
		}
	}
	if len(seen) != 5 {
		t.Errorf("48 draws from 5 images gave %v", seen)
	}
	s = newSampler(5, 5, false, rand.New(rand.NewPCG(1, 2)))
	for range 4 {
		count := map[int]int{}
		for _, i := range s.draw() {
			count[i]++
		}
		if len(count) != 5 {
			t.Errorf("a batch of all 5 images without replacement: %v", count)
		}
	}
	c := DefaultConfig
	for _, tt := range []struct {
		batch   int
		replace bool
		ok      bool
	}{{5, false, true}, {6, false, false}, {6, true, true}, {1000, true, true}} {
		c.Batch, c.Replace = tt.batch, tt.replace
		if err := c.FitsData(5); (err == nil) != tt.ok {
			t.Errorf("a batch of %d from 5 images, replace %v: %v", tt.batch, tt.replace, err)
		}
	}
}
