package kernel

import (
	"math/rand/v2"
	"testing"
)

// TestApply: each operation on two whole operands, and on a whole one
// with one value on either side, against ApplyNaive bit for bit: every
// length to 40 (each remainder of the vector build's groups of eight),
// with −0, subnormals, ±1e300 (so that products overflow and quotients
// underflow), NaN and ±Inf among the values and as the single value.
func TestApply(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	layouts := []struct{ xs, ys int }{{1, 1}, {1, 0}, {0, 1}}
	for _, op := range []Arith{Add, Sub, Mul, Div} {
		for _, l := range layouts {
			for n := 0; n <= 40; n++ {
				for trial := range 20 {
					x, y := randomRow(rng, max(n*l.xs, 1), len(special), 4), randomRow(rng, max(n*l.ys, 1), len(special), 4)
					if trial < len(special) && l.xs+l.ys == 1 { // each special value as the one value
						if l.xs == 0 {
							x[0] = special[trial]
						} else {
							y[0] = special[trial]
						}
					}
					got, want := randomRow(rng, n, 0, 1), make([]float64, n)
					if !op.Apply(got, x, l.xs, y, l.ys) {
						t.Fatalf("op %d, strides %d and %d: Apply refused", op, l.xs, l.ys)
					}
					op.ApplyNaive(want, x, l.xs, y, l.ys)
					if !sameBits(got, want) {
						t.Fatalf("op %d, strides %d and %d, %d elements: Apply %v, ApplyNaive %v (x %v, y %v)", op, l.xs, l.ys, n, got, want, x, y)
					}
				}
			}
		}
	}
}

// TestApplyRefuses: strides other than 1 and 0, or two single values,
// are left to the caller, dst untouched.
func TestApplyRefuses(t *testing.T) {
	x, y := []float64{1, 2, 3, 4}, []float64{5, 6, 7, 8}
	for _, s := range []struct{ xs, ys int }{{2, 1}, {1, 2}, {0, 0}, {-1, 1}, {1, -1}} {
		dst := []float64{9, 9}
		if Add.Apply(dst, x, s.xs, y, s.ys) || dst[0] != 9 || dst[1] != 9 {
			t.Errorf("strides %d and %d: Apply did the work (dst %v), want it refused", s.xs, s.ys, dst)
		}
	}
}
