// Package tensortest holds the helpers that the tests of dlfs/tensor and
// of the training engine share: random operands, bit-for-bit comparison,
// and the check of a shape mismatch's panic.
package tensortest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"dlfs/tensor"
)

// WantPanic runs f and checks that it panics with a message containing
// want.
func WantPanic(t testing.TB, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Fatalf("no panic, want one containing %q", want)
		}
		if msg := fmt.Sprint(r); !strings.Contains(msg, want) {
			t.Fatalf("panic %q, want it to contain %q", msg, want)
		}
	}()
	f()
}

// RandTensor returns a tensor of the shape with values in [-5, 5), a
// quarter of them exactly 0, as MNIST pixels often are.
func RandTensor(rng *rand.Rand, shape ...int) *tensor.Tensor {
	t := tensor.Zeros(shape...)
	for i := range t.Data() {
		if rng.IntN(4) > 0 {
			t.Data()[i] = float64(rng.Float64()*10) - 5
		}
	}
	return t
}

// SameBits reports whether a and b hold identical shapes and bit patterns
// (so −0 differs from +0), any NaN equal to any NaN.
func SameBits(a, b *tensor.Tensor) bool {
	if !slices.Equal(a.Shape(), b.Shape()) {
		return false
	}
	for i, x := range a.Data() {
		y := b.Data()[i]
		if math.Float64bits(x) != math.Float64bits(y) && !(math.IsNaN(x) && math.IsNaN(y)) {
			return false
		}
	}
	return true
}
