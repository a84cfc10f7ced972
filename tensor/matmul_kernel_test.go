package tensor

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestNonzeros: the indices nonzeros picks, against a plain loop's
// v != 0, on rows of every length up to three vectors of indices and
// beyond, zeros of both signs, NaN, infinities and subnormals among them,
// from all zeros to none.
func TestNonzeros(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	values := []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), 5e-324, -5e-324, 1, -0.25}
	for k := range 50 {
		for _, zeros := range []int{0, 3, 8, 10} {
			row := make([]float64, k)
			for p := range row {
				if rng.IntN(10) < zeros {
					row[p] = values[rng.IntN(2)]
				} else {
					row[p] = values[2+rng.IntN(len(values)-2)]
				}
			}
			var want []int32
			for p, v := range row {
				if v != 0 {
					want = append(want, int32(p))
				}
			}
			buf := make([]int32, k+nonzerosSlack)
			if got := nonzeros(buf, row); !slices.Equal(got, want) && len(got)+len(want) > 0 {
				t.Fatalf("nonzeros of %v = %v, want %v", row, got, want)
			}
		}
	}
}
