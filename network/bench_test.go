package network_test

import (
	"math/rand/v2"
	"testing"

	"dlfs/network"
	"dlfs/tensor"
)

// batch100 returns the book's net and a batch of 100 inputs shaped like
// MNIST (81% zeros, the rest in (0, 1]) with one-hot targets.
func batch100() (*network.TwoLayerNet, *tensor.Tensor, *tensor.Tensor) {
	rng := rand.New(rand.NewPCG(1, 2))
	net := network.NewTwoLayerNet(784, 50, 10, 0.01, rng)
	x := tensor.Zeros(100, 784)
	for i := range x.Data() {
		if rng.Float64() < 0.19 {
			x.Data()[i] = rng.Float64()
		}
	}
	labels := make([]int, 100)
	for i := range labels {
		labels[i] = rng.IntN(10)
	}
	return net, x, tensor.OneHot(labels, 10)
}

func BenchmarkPredict(b *testing.B) {
	net, x, _ := batch100()
	b.ReportAllocs()
	for b.Loop() {
		net.Predict(x)
	}
}

func BenchmarkLoss(b *testing.B) {
	net, x, t := batch100()
	b.ReportAllocs()
	for b.Loop() {
		net.Loss(x, t)
	}
}

func BenchmarkGradient(b *testing.B) {
	net, x, t := batch100()
	b.ReportAllocs()
	for b.Loop() {
		net.Gradient(x, t)
	}
}

// BenchmarkNumericalGradientSmall is §4.5's numerical gradient on a 20-10-3
// net and a batch of 5: 2·(200+10+30+3) forward passes.
func BenchmarkNumericalGradientSmall(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	net := network.NewTwoLayerNet(20, 10, 3, 0.1, rng)
	x, t := tensor.RandN(rng, 5, 20), tensor.OneHot([]int{0, 1, 2, 0, 1}, 3)
	b.ReportAllocs()
	for b.Loop() {
		net.NumericalGradient(x, t)
	}
}
