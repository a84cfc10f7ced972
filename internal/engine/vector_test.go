//go:build goexperiment.simd && amd64

package engine

import (
	"math"
	"math/rand/v2"
	"testing"

	"dlfs/internal/kernel"
	"dlfs/network"
)

// TestNumericalLossesVector: the W1 loop's losses eight at a time in
// vector registers (GOEXPERIMENT=simd) give the numerical gradient lossAt
// gives alone, bit for bit: on real images, and on a net whose large
// weights send some groups back to lossAt (exponents below −700). Built
// only with the vector code; the comparison with
// backprop (TestFastNumericalGradientMNIST100) checks both builds.
func TestNumericalLossesVector(t *testing.T) {
	x, labels := mnistBatch(t, 40)
	xs := SparseOf(x)
	for _, scale := range []float64{0.01, 300} {
		net := network.NewTwoLayerNet(784, 50, 10, scale, rand.New(rand.NewPCG(2, 0)))
		vector := NewTrainer(net).NumericalGradient(xs, labels)
		got := list(vector)
		was := kernel.Vector
		kernel.Vector = false
		alone := NewTrainer(net).NumericalGradient(xs, labels)
		kernel.Vector = was
		for i, name := range network.ParamNames() {
			a, b := got[i].Data(), list(alone)[i].Data()
			for k := range a {
				if math.Float64bits(a[k]) != math.Float64bits(b[k]) {
					t.Fatalf("weights ×%v: %s[%d] = %v in vectors, %v by lossAt", scale, name, k, a[k], b[k])
				}
			}
		}
	}
}
