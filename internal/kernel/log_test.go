package kernel

import (
	"math"
	"math/rand/v2"
	"testing"

	"dlfs/internal/bigref"
)

// TestLog: within one ulp of ln x for x from the smallest subnormal to
// the largest float64, near 1 where ln x is small, and exact at the ends.
func TestLog(t *testing.T) {
	for _, c := range []struct{ x, want float64 }{
		{1, 0}, {0, math.Inf(-1)}, {math.Copysign(0, -1), math.Inf(-1)},
		{math.Inf(1), math.Inf(1)}, {math.E, 1}, {2, math.Ln2},
	} {
		if got := Log(c.x); got != c.want {
			t.Errorf("Log(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	for _, x := range []float64{-1, math.Inf(-1), math.NaN(), -0x1p-1074} {
		if got := Log(x); !math.IsNaN(got) {
			t.Errorf("Log(%v) = %v, want NaN", x, got)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	xs := []float64{0x1p-1074, 0x1p-1022, math.MaxFloat64, 1e-7, 1 + 1e-7, 0.7071067811865476, 1.414213562373095, 1 - 0x1p-53, 1 + 0x1p-52}
	for range 2000 {
		xs = append(xs, math.Ldexp(1+float64(rng.Float64()), rng.IntN(2098)-1074))
	}
	for range 1000 {
		xs = append(xs, 1e-7+float64(rng.Float64())) // a loss's log(y + 1e-7)
	}
	within(t, "Log", Log, bigref.Log, xs, 1)
}

// BenchmarkLog times Log against math.Log over a loss's range.
func BenchmarkLog(b *testing.B) {
	xs := make([]float64, 1024)
	for i := range xs {
		xs[i] = float64(i+1) / 1024
	}
	benchmark(b, xs, map[string]func(float64) float64{"math.Log": math.Log, "Log": Log})
}
