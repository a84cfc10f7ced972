package main

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"time"

	"dlfs/mnist"
	"dlfs/tensor"
)

func main() {
	data, _ := mnist.Load()
	opt := mnist.Options{Normalize: true, Flatten: true, OneHot: true, Float32: true}
	x, _ := data.Test.Tensors(opt)
	xb := tensor.Rows(x, rand.New(rand.NewPCG(1, 1)).Perm(10000)[:100])
	w := tensor.MulScalar(tensor.RandN(rand.New(rand.NewPCG(1, 2)), 784, 50), 0.01)
	for range 3 {
		for _, p := range []int{1, 2} {
			runtime.GOMAXPROCS(p)
			for range 100 {
				tensor.MatMul(x, w)
			}
			t := time.Now()
			for range 50 {
				tensor.MatMul(x, w)
			}
			d1 := time.Since(t) / 50
			t = time.Now()
			for range 2000 {
				tensor.MatMul(xb, w)
			}
			fmt.Println(p, d1, time.Since(t)/2000)
		}
	}
}
