package tensor_test

import (
	"math/rand/v2"
	"runtime"
	"testing"

	"dlfs/internal/tensortest"
	"dlfs/tensor"
)

// TestExpShared: an Exp large enough for the cores to share gives every
// element the bits of Map with the one-value exponential, on one core and
// on three.
func TestExpShared(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	a := tensortest.RandTensor(rng, 300, 500)
	want := tensor.Map(a, func(x float64) float64 { return tensor.Exp(tensor.Scalar(x)).Item() })
	for _, procs := range []int{1, 3} {
		prev := runtime.GOMAXPROCS(procs)
		got := tensor.Exp(a)
		runtime.GOMAXPROCS(prev)
		if !tensortest.SameBits(got, want) {
			t.Fatalf("%d cores: Exp differs from the exponential taken element by element", procs)
		}
	}
}
