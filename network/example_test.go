package network_test

import (
	"fmt"

	"dlfs/network"
	"dlfs/tensor"
)

func ExampleSumSquaredError() {
	// §4.2.1: the output y gives "2" the highest probability, and 2 is right.
	y := tensor.New([]float64{0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0}, 10)
	t := tensor.OneHot([]int{2}, 10).Reshape(10)
	fmt.Println(network.SumSquaredError(y, t))
	// Output: 0.09750000000000003
}

func ExampleCrossEntropyError() {
	// §4.2.2: only the probability of the correct class counts.
	y := tensor.New([]float64{0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0}, 10)
	fmt.Println(network.CrossEntropyError(y, tensor.Scalar(2))) // the label
	fmt.Println(network.CrossEntropyError(y, tensor.OneHot([]int{7}, 10).Reshape(10)))
	// Output:
	// 0.510825457099338
	// 2.302584092994546
}

func ExampleNumericalDiff() {
	// §4.3.2: the true derivatives are 0.2 and 0.3.
	fmt.Println(network.NumericalDiff(network.Function1, 5))
	fmt.Println(network.NumericalDiff(network.Function1, 10))
	// Output:
	// 0.1999999999990898
	// 0.2999999999986347
}

func ExampleForwardDiff() {
	// §4.3.1's bad example: h = 1e-50 vanishes against 5.
	fmt.Println(network.ForwardDiff(network.Function1, 5, 1e-50))
	// Output: 0
}

func ExampleNumericalGradient() {
	// §4.4: the gradient of x0² + x1² at (3, 4).
	x := tensor.New([]float64{3, 4}, 2)
	g := network.NumericalGradient(network.Function2, x)
	fmt.Println(g.Data())
	// Output: [6.00000000000378 7.999999999999119]
}

func ExampleGradientDescent() {
	// §4.4.1: 100 steps from (−3, 4) with learning rate 0.1.
	x, _ := network.GradientDescent(network.Function2, tensor.New([]float64{-3, 4}, 2), 0.1, 100)
	fmt.Println(x)
	// Output: [-6.11110793e-10  8.14814391e-10]
}

func ExampleSimpleNet() {
	// §4.4.2 with the book's printed weights.
	net := &network.SimpleNet{W: tensor.New([]float64{
		0.47355232, 0.9977393, 0.84668094,
		0.85557411, 0.03563661, 0.69422093}, 2, 3)}
	x := tensor.New([]float64{0.6, 0.9}, 2)
	t := tensor.New([]float64{0, 0, 1}, 3)
	fmt.Println(net.Predict(x))
	fmt.Println(tensor.Argmax(net.Predict(x), 0))
	fmt.Printf("%.10f\n", net.Loss(x, t))
	fmt.Printf("%.4v\n", net.NumericalGradient(x, t))
	// Output:
	// [1.05414809 0.63071653 1.1328074 ]
	// [2]
	// 0.9280682858
	// [[ 0.2192  0.1436 -0.3628]
	//  [ 0.3289  0.2153 -0.5442]]
}

func ExampleSoftmax() {
	fmt.Println(network.Softmax(tensor.New([]float64{0.3, 2.9, 4.0}, 3)))
	// Output: [0.01821127 0.24519181 0.73659691]
}
