// The end-to-end checks and the headline benchmarks: `go test -bench .` in
// this folder prints the numbers that matter, at the book's shapes.
package main

import (
	"math/rand/v2"
	"testing"

	"dlfs/tensor"
)

// benchProduct times f on operands of the given shapes and reports GFLOP/s,
// counting a multiply and an add for each of the m·k·n terms.
func benchProduct(b *testing.B, m, k, n int, f func(x, w *tensor.Tensor)) {
	rng := rand.New(rand.NewPCG(1, 2))
	x, w := tensor.RandN(rng, m, k), tensor.RandN(rng, k, n)
	b.ReportAllocs()
	for b.Loop() {
		f(x, w)
	}
	b.ReportMetric(2*float64(m*k*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkBookShapes times the products of a training step and of an
// evaluation pass: x·W1 for a batch of 100, xᵀ·δ of the backward pass,
// z1·W2, and x·W1 for the 10000 test images.
func BenchmarkBookShapes(b *testing.B) {
	dst := tensor.Zeros(100, 50)
	b.Run("x·W1/100x784x50", func(b *testing.B) {
		benchProduct(b, 100, 784, 50, func(x, w *tensor.Tensor) { tensor.MatMulTo(dst, x, w) })
	})
	b.Run("xT·δ/784x100x50", func(b *testing.B) {
		benchProduct(b, 784, 100, 50, func(x, w *tensor.Tensor) { tensor.MatMul(x, w) })
	})
	b.Run("z1·W2/100x50x10", func(b *testing.B) {
		benchProduct(b, 100, 50, 10, func(x, w *tensor.Tensor) { tensor.MatMul(x, w) })
	})
	b.Run("test·W1/10000x784x50", func(b *testing.B) {
		benchProduct(b, 10000, 784, 50, func(x, w *tensor.Tensor) { tensor.MatMul(x, w) })
	})
	b.Run("naive/100x784x50", func(b *testing.B) {
		benchProduct(b, 100, 784, 50, func(x, w *tensor.Tensor) { tensor.MatMulNaive(x, w) })
	})
}
