package network_test

import (
	"fmt"
	"math/rand/v2"

	"dlfs/network"
	"dlfs/tensor"
)

// A 4-3-2 TwoLayerNet on a batch of two inputs: what §4.5.1's methods give.
// The untrained net is unsure and wrong on both (the loss is the mean of
// −ln 0.41 and −ln 0.489); the gradient has each parameter's shape, and one
// step down it lowers the loss.
func ExampleTwoLayerNet() {
	net := network.NewTwoLayerNet(4, 3, 2, 0.5, rand.New(rand.NewPCG(1, 2)))
	x := tensor.New([]float64{
		1, 0, 0.5, 0,
		0, 1, 0, 0.5}, 2, 4)
	t := tensor.OneHot([]int{0, 1}, 2)

	fmt.Printf("predict:\n%.3v\n", net.Predict(x))
	fmt.Printf("loss %.4f, accuracy %v\n", net.Loss(x, t), net.Accuracy(x, t))
	grad := net.Gradient(x, t)
	for name, g := range grad.All() {
		fmt.Println(name, g.Shape())
	}
	for _, p := range [][2]*tensor.Tensor{{net.W1, grad.W1}, {net.B1, grad.B1}, {net.W2, grad.W2}, {net.B2, grad.B2}} {
		tensor.SubTo(p[0], p[0], tensor.MulScalar(p[1], 1)) // params -= lr * grad, lr 1
	}
	fmt.Printf("loss after one step %.4f\n", net.Loss(x, t))
	// Output:
	// predict:
	// [[0.41  0.59 ]
	//  [0.511 0.489]]
	// loss 0.8042, accuracy 0
	// W1 [4 3]
	// b1 [3]
	// W2 [3 2]
	// b2 [2]
	// loss after one step 0.7289
}
