package tensor_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"dlfs/tensor"
)

// wantPanic runs f and checks that it panics with a message containing want.
func wantPanic(t *testing.T, want string, f func()) {
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

// randTensor returns a tensor of the shape with values in [-5, 5), some of
// them exactly 0, as MNIST pixels often are.
func randTensor(rng *rand.Rand, shape ...int) *tensor.Tensor {
	t := tensor.Zeros(shape...)
	for i := range t.Data() {
		if rng.IntN(4) > 0 {
			t.Data()[i] = rng.Float64()*10 - 5
		}
	}
	return t
}

// sameBits reports whether a and b hold identical shapes and bit patterns,
// with NaN equal to NaN.
func sameBits(a, b *tensor.Tensor) bool {
	if !slices.Equal(a.Shape(), b.Shape()) {
		return false
	}
	for i, x := range a.Data() {
		y := b.Data()[i]
		if x != y && !(x != x && y != y) {
			return false
		}
	}
	return true
}
