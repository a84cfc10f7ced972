package tensor_test

import (
	"math/rand/v2"
	"runtime"
	"testing"

	"dlfs/internal/kernel"
	"dlfs/internal/tensortest"
	"dlfs/tensor"
)

// TestExpShared: an Exp large enough for the cores to share (and, in the
// vector build, taken eight at a time) gives every element the bits of the
// scalar exponential applied one element at a time, on one core and on
// three.
func TestExpShared(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	a := tensortest.RandTensor(rng, 300, 500)
	want := tensor.Map(a, kernel.Exp)
	for _, procs := range []int{1, 3} {
		prev := runtime.GOMAXPROCS(procs)
		got := tensor.Exp(a)
		runtime.GOMAXPROCS(prev)
		if !tensortest.SameBits(got, want) {
			t.Fatalf("%d cores: Exp differs from the exponential taken element by element", procs)
		}
	}
}
