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

// TestFinite: finite against math.IsInf and math.IsNaN, for every length
// past the vector code's 32 values and the scalar loop's 4, with one
// infinity or NaN at each position, or none among the largest and
// smallest finite values.
func TestFinite(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	finiteValues := []float64{0, math.Copysign(0, -1), math.MaxFloat64, -math.MaxFloat64, 5e-324, 1, -3.5}
	for n := range 70 {
		x := make([]float64, n)
		for i := range x {
			x[i] = finiteValues[rng.IntN(len(finiteValues))]
		}
		if !finite(x) {
			t.Fatalf("finite(%v) = false, want true", x)
		}
		for p := range n {
			for _, bad := range []float64{math.Inf(1), math.Inf(-1), math.NaN()} {
				old := x[p]
				x[p] = bad
				if finite(x) {
					t.Fatalf("finite of %d values with %v at %d = true, want false", n, bad, p)
				}
				x[p] = old
			}
		}
	}
}
