package nprand

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"dlfs/internal/bigref"
)

// TestLogCorrectlyRounded: Log against ln computed to 60 digits by
// Python's decimal module and rounded once: three r² of the polar method
// where glibc's log is a unit off, large, small and subnormal arguments.
func TestLogCorrectlyRounded(t *testing.T) {
	for _, c := range []struct{ x, want float64 }{
		{1, 0}, {2, math.Ln2}, {0.5, -math.Ln2},
		{0x1.cc0ae828bf7bcp-1, -0x1.b64b6ba650c68p-4},
		{0x1.5cb8ac50d3660p-2, -0x1.13c3489e5a106p+0},
		{0x1.4ff03e62bdac2p-1, -0x1.af829b3045bb7p-2},
		{0x1.ab36d48e1acf0p+1023, 0x1.62cd03a53c251p+9},
		{0x1.56e1fc2f8f359p-997, -0x1.5963447f87fb5p+9},
		{0x1.999999999999ap-4, -0x1.26bb1bbb55515p+1},
		{3, 0x1.193ea7aad030bp+0},
		{0x0.012688b70e62bp-1022, -0x1.64e69394d9508p+9},
	} {
		if got := Log(c.x); got != c.want {
			t.Errorf("Log(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	if !math.IsNaN(Log(-1)) || !math.IsInf(Log(0), -1) || !math.IsInf(Log(math.Inf(1)), 1) {
		t.Error("Log of -1, 0, +Inf is not NaN, -Inf, +Inf")
	}
}

// TestLogDD: the double-double before its one rounding is ln x to 100
// bits, far past the 53 a float64 keeps: what makes Log correctly rounded
// on all but the rarest inputs. Each x is in (0, 1), as the polar method's
// r² is, or from across the range, near 1 and at the ends of the
// reduction to [√½, √2); the reference is math/big's (internal/bigref).
// Log itself is then that value rounded once.
func TestLogDD(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	xs := []float64{0x1p-1074, 0x1p-1022, math.MaxFloat64, math.Sqrt2 / 2, math.Nextafter(math.Sqrt2/2, 0),
		math.Sqrt2, math.Nextafter(math.Sqrt2, 2), 1 - 0x1p-53, 1 + 0x1p-52, 0.5, 2, 3, 1e-300}
	for range 500 {
		xs = append(xs, rng.Float64())
	}
	for range 300 {
		xs = append(xs, math.Ldexp(1+float64(rng.Float64()), rng.IntN(2098)-1074))
	}
	for _, x := range xs {
		if x == 1 {
			continue // ln 1 = 0, exactly
		}
		got := logDD(x)
		want := bigref.Log(x)
		diff := bigref.New().Sub(bigref.New().Add(bigref.New().SetFloat64(got.hi), bigref.New().SetFloat64(got.lo)), want)
		rel, _ := new(big.Float).Quo(diff, want).Float64()
		if !(math.Abs(rel) <= 0x1p-100) {
			t.Errorf("ln %v (%x): the double-double is %g relatively off, past 2^-100", x, x, rel)
		}
		if w, _ := want.Float64(); Log(x) != w {
			t.Errorf("Log(%x) = %x, ln x rounded is %x", x, Log(x), w)
		}
	}
}
