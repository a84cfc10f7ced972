package kernel

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"dlfs/internal/bigref"
)

// ulpsFrom returns |got − want| in units of the last place of want
// rounded to float64 (the spacing of subnormals below 2^-1022).
func ulpsFrom(got float64, want *big.Float) float64 {
	w, _ := want.Float64()
	ulp := math.Max(math.Nextafter(math.Abs(w), math.Inf(1))-math.Abs(w), 0x1p-1074)
	if math.IsInf(w, 0) {
		return 0
	}
	d := bigref.New().Sub(bigref.New().SetFloat64(got), want)
	df, _ := d.Float64()
	return math.Abs(df) / ulp
}

// TestExp2Table: each entry is 2^(j/64) rounded to nearest, from 2^(1/64)
// by six square roots of 2 in math/big. On a difference it prints the
// table to paste into exp.go.
func TestExp2Table(t *testing.T) {
	root := new(big.Float).SetPrec(bigref.Prec).SetInt64(2)
	for range 6 {
		root.Sqrt(root)
	}
	v := new(big.Float).SetPrec(bigref.Prec).SetInt64(1)
	var want [64]float64
	for j := range want {
		want[j], _ = v.Float64()
		v.Mul(v, root)
	}
	if want == Exp2Table {
		return
	}
	var b strings.Builder
	for j, w := range want {
		fmt.Fprintf(&b, "%x,", w)
		if j%4 == 3 {
			b.WriteString("\n")
		} else {
			b.WriteString(" ")
		}
	}
	t.Errorf("Exp2Table is not 2^(j/64) rounded to nearest; it should be\n%s", b.String())
}

// TestExp: within 1.25 ulps of e^x across the whole range, the ends and
// the subnormal results included, and exact where the book's readers look.
func TestExp(t *testing.T) {
	for _, c := range []struct{ x, want float64 }{
		{0, 1}, {math.Copysign(0, -1), 1}, {1, 2.718281828459045},
		{-745.2, 0}, {-1000, 0}, {709.8, math.Inf(1)}, {math.Inf(1), math.Inf(1)},
		{math.Inf(-1), 0}, {709.782712893384, 1.7976931348622732e308},
	} {
		if got := Exp(c.x); got != c.want {
			t.Errorf("Exp(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	if got := Exp(math.NaN()); !math.IsNaN(got) {
		t.Errorf("Exp(NaN) = %v", got)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	xs := []float64{-745.13, -745.1332191019411, -744.44, -708.4, -700, -699.99, 1e-300, -1e-17, 0.5, 700, 709.78}
	for range 3000 {
		xs = append(xs, -745+float64(rng.Float64()*1455))
	}
	for range 1000 {
		xs = append(xs, (float64(rng.Float64())-0.5)*2) // the sigmoid's and softmax's usual range
	}
	within(t, "Exp", Exp, func(x float64) *big.Float { return bigref.Exp(bigref.New().SetFloat64(x)) }, xs, 1.25)
}

// within checks f(x) against ref(x), its value to bigref.Prec bits, for every x
// of xs: at most bound ulps apart.
func within(t *testing.T, name string, f func(float64) float64, ref func(float64) *big.Float, xs []float64, bound float64) {
	t.Helper()
	worst := 0.0
	for _, x := range xs {
		u := ulpsFrom(f(x), ref(x))
		worst = max(worst, u)
		if !(u <= bound) {
			t.Errorf("%s(%v) = %v: %.3f ulps from the reference", name, x, f(x), u)
		}
	}
	t.Logf("%d arguments, at most %.3f ulps from the reference", len(xs), worst)
}

// benchmark times each of fs, named, on every x of xs, in ns a call.
func benchmark(b *testing.B, xs []float64, fs map[string]func(float64) float64) {
	for name, f := range fs {
		b.Run(name, func(b *testing.B) {
			s := 0.0
			for b.Loop() {
				for _, x := range xs {
					s += f(x)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(xs)), "ns/call")
		})
	}
}

// BenchmarkExp times Exp against math.Exp over the sigmoid's range.
func BenchmarkExp(b *testing.B) {
	xs := make([]float64, 1024)
	for i := range xs {
		xs[i] = float64(float64(i)/1024*69) - 34.5
	}
	benchmark(b, xs, map[string]func(float64) float64{"math.Exp": math.Exp, "Exp": Exp})
}

// TestExpShifted: the softmax's exponentials, eight at a time in vector
// registers when built with GOEXPERIMENT=simd, give Exp's bits for every
// element wherever it sits in the row, the fast range's edges, NaN and
// infinities included (TestExp holds Exp itself to e^x).
func TestExpShifted(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	special := []float64{0, math.Copysign(0, -1), 1e-310, 699.9999, -699.9999, 700, -700,
		math.Nextafter(700, 0), math.Nextafter(-700, 0), 709, -745, 1e300, -1e300,
		math.Inf(1), math.Inf(-1), math.NaN(), 0.5 * math.Ln2 / 64}
	for _, n := range []int{0, 1, 7, 8, 9, 10, 16, 17, 64} {
		for trial := range 300 {
			a := make([]float64, n)
			m := 0.0
			if trial%3 == 1 {
				m = rng.NormFloat64() * 10
			}
			for k := range a {
				switch {
				case trial%4 == 0 && rng.IntN(4) == 0:
					a[k] = special[rng.IntN(len(special))] + m
				case trial%2 == 0:
					a[k] = float64(rng.Float64()*80) - 40
				default:
					a[k] = rng.NormFloat64() * 10
				}
			}
			y := make([]float64, n)
			ExpShifted(y, a, m)
			for k, v := range a {
				x := v - m
				if want := Exp(x); math.Float64bits(y[k]) != math.Float64bits(want) {
					t.Fatalf("n %d: exp(%v) = %v at %d, Exp %v", n, x, y[k], k, want)
				}
			}
		}
	}
	// Whole groups of eight between the vector range's ends and the scalar
	// one's, where e^x is subnormal or near overflow: they must take the
	// scalar path's bits too.
	var a []float64
	for x := -746.0; x < -699; x += 0.37 {
		a = append(a, x)
	}
	for x := 699.0; x < 710; x += 0.13 {
		a = append(a, x)
	}
	y := make([]float64, len(a))
	ExpShifted(y, a, 0)
	for k, x := range a {
		if want := Exp(x); math.Float64bits(y[k]) != math.Float64bits(want) {
			t.Fatalf("exp(%v) = %v, Exp %v", x, y[k], want)
		}
	}
}
