package network

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestExpAgainstMath(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	ulp := func(v float64) float64 { return math.Nextafter(v, math.Inf(1)) - v }
	check := func(x float64) {
		got, want := exp(x), math.Exp(x)
		// Both are within an ulp of e^x, so within two of each other.
		if math.Abs(got-want) > 2*ulp(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("exp(%v) = %v, math.Exp %v: more than 2 ulps apart", x, got, want)
		}
	}
	for range 1000000 {
		check(rng.Float64()*1400 - 700)
		check(rng.Float64()*70 - 35)
	}
	for _, x := range []float64{0, -0.0, 1, -1, 1e-300, 699.99, -699.99, 700, -700, 709, -745, -800, 800, math.Inf(1), math.Inf(-1), math.NaN(), SigmoidClip, -SigmoidClip} {
		check(x)
	}
}

func BenchmarkExp(b *testing.B) {
	xs := make([]float64, 1024)
	for i := range xs {
		xs[i] = float64(i)/1024*69 - 34.5
	}
	b.Run("math.Exp", func(b *testing.B) {
		s := 0.0
		for b.Loop() {
			for _, x := range xs {
				s += math.Exp(x)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(xs)), "ns/exp")
	})
	b.Run("exp", func(b *testing.B) {
		s := 0.0
		for b.Loop() {
			for _, x := range xs {
				s += exp(x)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(xs)), "ns/exp")
	})
}
