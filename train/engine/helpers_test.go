package engine

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

// randTensor returns a tensor of the shape with values in [-5, 5), a
// quarter of them exactly 0.
func randTensor(rng *rand.Rand, shape ...int) *tensor.Tensor {
	t := tensor.Zeros(shape...)
	for i := range t.Data() {
		if rng.IntN(4) > 0 {
			t.Data()[i] = rng.Float64()*10 - 5
		}
	}
	return t
}

// mnistLike returns an (m, k) matrix with MNIST's density: each entry
// non-zero with probability 0.19, in (0, 1].
func mnistLike(rng *rand.Rand, m, k int) *tensor.Tensor {
	x := tensor.Zeros(m, k)
	for i := range x.Data() {
		if rng.Float64() < 0.19 {
			x.Data()[i] = float64(1+rng.IntN(255)) / 255
		}
	}
	return x
}

// sameBits reports whether a and b hold identical shapes and values, with
// NaN equal to NaN.
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
