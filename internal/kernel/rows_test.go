package kernel

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestNonZeros: the indices nonZeros picks, against a plain loop's
// v != 0, on rows of every length up to three vectors of indices and
// beyond, zeros of both signs, NaN, infinities and subnormals among them,
// from all zeros to none.
func TestNonZeros(t *testing.T) {
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
			buf := make([]int32, k+nonZerosSlack)
			if got := nonZeros(buf, row); !slices.Equal(got, want) && len(got)+len(want) > 0 {
				t.Fatalf("nonZeros of %v = %v, want %v", row, got, want)
			}
		}
	}
}

// TestFinite: Finite against math.IsInf and math.IsNaN, for every length
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
		if !Finite(x) {
			t.Fatalf("Finite(%v) = false, want true", x)
		}
		for p := range n {
			for _, bad := range []float64{math.Inf(1), math.Inf(-1), math.NaN()} {
				old := x[p]
				x[p] = bad
				if Finite(x) {
					t.Fatalf("Finite of %d values with %v at %d = true, want false", n, bad, p)
				}
				x[p] = old
			}
		}
	}
}

// special are the values every loop must carry through as the naive loop
// does: signed zeros, subnormals, huge values, NaN and the infinities.
var special = []float64{0, math.Copysign(0, -1), 5e-324, -1e-310, 1e300, -1e300, math.NaN(), math.Inf(1), math.Inf(-1)}

// randomRow returns n values, normal deviates but for about one in
// specialEvery drawn from special[:specials].
func randomRow(rng *rand.Rand, n, specials, specialEvery int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64()
		if specials > 0 && rng.IntN(specialEvery) == 0 {
			x[i] = special[rng.IntN(specials)]
		}
	}
	return x
}

// sameBits reports whether a and b hold the same bits, value for value
// (so −0 differs from +0), any NaN equal to any NaN: a NaN's sign and
// payload are the hardware's, and numpy does not promise them either.
func sameBits(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool {
		return math.Float64bits(x) == math.Float64bits(y) || math.IsNaN(x) && math.IsNaN(y)
	})
}

// TestSumRows: SumRows against SumRowsNaive, bit for bit, for both kinds
// of index and code, every width to 20 and around the vector passes (49,
// 56, 105, 112), strides wider than the row, more terms than a piece of
// 64, rows repeated and the last row of w among them, into an out that
// held other values; w and the values with every special value.
func TestSumRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	widths := []int{49, 50, 55, 56, 57, 64, 105, 112, 113}
	for n := range 21 {
		widths = append(widths, n)
	}
	for _, n := range widths {
		for _, pad := range []int{0, 3} {
			stride, k := n+pad, 9
			w := randomRow(rng, k*stride, len(special), 10)
			for _, terms := range []int{0, 1, 4, 9, 30, 65, 150} {
				rows32 := make([]int32, terms)
				rows16 := make([]uint16, terms)
				for q := range rows32 {
					rows32[q] = int32(rng.IntN(k))
					if q == 0 {
						rows32[q] = int32(k - 1) // w's last row: the vector loop's copied tail
					}
					rows16[q] = uint16(rows32[q])
				}
				level := randomRow(rng, 256, len(special), 8)
				codes32 := make([]int32, terms)
				codes8 := make([]uint8, terms)
				for q := range codes32 {
					codes8[q] = uint8(rng.IntN(256))
					codes32[q] = int32(codes8[q])
				}
				want := make([]float64, n)
				SumRowsNaive(want, level, codes32, rows32, w, stride)
				got := randomRow(rng, n, 3, 4) // whatever out held is overwritten
				SumRows(got, level, codes32, rows32, w, stride)
				got16 := randomRow(rng, n, 3, 4)
				SumRows(got16, level, codes8, rows16, w, stride)
				if !sameBits(got, want) || !sameBits(got16, want) {
					t.Fatalf("n %d, stride %d, %d terms: SumRows %v (uint16 %v), naive %v", n, stride, terms, got, got16, want)
				}
			}
		}
	}
}

// TestVecMat: VecMat and VecMat2 against VecMatNaive, bit for bit, for
// every width to 20 and past the vector passes, strides 1 and wider, with
// every special value in x and w.
func TestVecMat(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	widths := []int{49, 50, 57}
	for n := range 21 {
		widths = append(widths, n)
	}
	for _, n := range widths {
		for _, m := range []int{0, 1, 5, 50} {
			w := randomRow(rng, m*n, len(special), 10)
			for _, stride := range []int{1, 3} {
				x := randomRow(rng, max(m*stride, 1), len(special), 10)
				want, got := make([]float64, n), make([]float64, n)
				VecMatNaive(want, x, stride, m, w)
				VecMat(got, x, stride, m, w)
				if !sameBits(got, want) {
					t.Fatalf("n %d, m %d, stride %d: VecMat %v, naive %v", n, m, stride, got, want)
				}
			}
			x0, x1 := randomRow(rng, m, len(special), 10), randomRow(rng, m, len(special), 10)
			want0, want1 := make([]float64, n), make([]float64, n)
			VecMatNaive(want0, x0, 1, m, w)
			VecMatNaive(want1, x1, 1, m, w)
			got0, got1 := make([]float64, n), make([]float64, n)
			VecMat2(got0, got1, x0, x1, w)
			if !sameBits(got0, want0) || !sameBits(got1, want1) {
				t.Fatalf("n %d, m %d: VecMat2 differs from the naive loop", n, m)
			}
		}
	}
}
