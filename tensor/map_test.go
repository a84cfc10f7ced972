package tensor_test

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"dlfs/internal/tensortest"
	"dlfs/tensor"
)

// TestMapShared: a Map large enough for the cores to share gives every
// element f's own value, on one core and on three.
func TestMapShared(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	a := tensortest.RandTensor(rng, 300, 500)
	for _, procs := range []int{1, 3} {
		prev := runtime.GOMAXPROCS(procs)
		got := tensor.Map(a, math.Exp)
		runtime.GOMAXPROCS(prev)
		for i, x := range a.Data() {
			if y := got.Data()[i]; math.Float64bits(y) != math.Float64bits(math.Exp(x)) {
				t.Fatalf("%d cores: element %d: Map gives %v, math.Exp %v", procs, i, y, math.Exp(x))
			}
		}
	}
}
