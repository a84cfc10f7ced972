package engine

import (
	"math"
	"math/rand/v2"
	"testing"

	"dlfs/network"
	"dlfs/tensor"
)

// TestSigmoidRow: the row form, eight at a time in vector registers when
// built with GOEXPERIMENT=simd, gives sigmoidFast's bits for every element,
// whatever its position in the row, NaN and the clip's edges included. In
// the default build the row form is sigmoidFast's loop itself; the check
// bites in the vector build, which CI runs too.
func TestSigmoidRow(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	clip := sigmoidClip
	special := []float64{0, math.Copysign(0, -1), 1, -1, 1e-310, -1e-310, clip, -clip,
		math.Nextafter(clip, 0), math.Nextafter(-clip, 0), 40, -40, 1e300, -1e300,
		math.Inf(1), math.Inf(-1), math.NaN(), 0.5 * math.Ln2 / 64, 22.18070977791825, -22.18070977791825}
	for _, n := range []int{0, 1, 7, 8, 9, 50, 203} {
		for trial := range 200 {
			a := make([]float64, n)
			for j := range a {
				switch {
				case trial%4 == 0 && rng.IntN(4) == 0:
					a[j] = special[rng.IntN(len(special))]
				case trial%2 == 0:
					a[j] = float64(rng.Float64()*80) - 40
				default:
					a[j] = rng.NormFloat64() * 3
				}
			}
			z := make([]float64, n)
			sigmoidRow(z, a)
			for j, v := range a {
				if want := sigmoidFast(v); math.Float64bits(z[j]) != math.Float64bits(want) {
					t.Fatalf("n %d: sigmoid(%v) = %v at %d, sigmoidFast %v", n, v, z[j], j, want)
				}
			}
		}
	}
}

func BenchmarkSigmoidRow(b *testing.B) {
	rng := rand.New(rand.NewPCG(4, 4))
	a, z := make([]float64, 5000), make([]float64, 5000) // a batch of 100 × 50 hidden units
	for j := range a {
		a[j] = rng.NormFloat64() * 3
	}
	for b.Loop() {
		for i := 0; i < len(a); i += 50 {
			sigmoidRow(z[i:i+50], a[i:i+50])
		}
	}
}

// TestActivationsAgainstTheBook: the engine's sigmoid and softmax rows
// against network.Sigmoid and network.Softmax, which use math.Exp: within
// a few ulps, since exp is within one ulp of e^x.
func TestActivationsAgainstTheBook(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	a := tensor.Zeros(40, 50)
	for i := range a.Data() {
		a.Data()[i] = rng.NormFloat64() * 8
	}
	want := network.Sigmoid(a)
	z := make([]float64, a.Size())
	for i := range 40 {
		sigmoidRow(z[i*50:(i+1)*50], a.Data()[i*50:(i+1)*50])
	}
	for i, v := range z {
		if w := want.Data()[i]; !(math.Abs(v-w) <= 4*ulp(w)) {
			t.Fatalf("sigmoid(%v) = %v, network.Sigmoid %v", a.Data()[i], v, w)
		}
	}
	scores := tensor.MulScalar(a, 0.5).Reshape(200, 10)
	wantY := network.Softmax(scores)
	y := make([]float64, 10)
	for i := range 200 {
		softmaxRow(y, scores.Data()[i*10:(i+1)*10])
		for k, v := range y {
			if w := wantY.At(i, k); !(math.Abs(v-w) <= 8*ulp(w)) {
				t.Fatalf("softmax row %d [%d] = %v, network.Softmax %v", i, k, v, w)
			}
		}
	}
}

// ulp is the spacing of the floats at v.
func ulp(v float64) float64 {
	v = math.Abs(v)
	return math.Nextafter(v, math.Inf(1)) - v
}

// TestSigmoidClip: what the memo's clip changes against the book's
// unclipped 1/(1+exp(−x)): nothing inside ±sigmoidClip; past it σ is held
// at the book's σ(±sigmoidClip) = 1/(1+1e∓15), less than 1.2e-15 from the
// book's σ(x) (which is 1 from x = 36.7 on, and 0 below −745).
func TestSigmoidClip(t *testing.T) {
	book := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	for _, x := range []float64{-sigmoidClip, -20, -1, 0, 1, 20, math.Nextafter(sigmoidClip, 0)} {
		if got := sigmoidFast(x); !(math.Abs(got-book(x)) <= 2*ulp(book(x))) {
			t.Errorf("σ(%v) = %v, the book's %v", x, got, book(x))
		}
	}
	for _, x := range []float64{35, 40, 1e3, math.Inf(1), -35, -40, -800, math.Inf(-1)} {
		at := book(math.Copysign(sigmoidClip, x))
		if got := sigmoidFast(x); !(math.Abs(got-at) <= 2*ulp(at)) || got == book(x) || !(math.Abs(got-book(x)) <= 1.2e-15) {
			t.Errorf("σ(%v) = %v, want the book's σ at the clip %v (the book's σ(%v) = %v)", x, got, at, x, book(x))
		}
	}
}
