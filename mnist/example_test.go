package mnist_test

import (
	"fmt"

	"dlfs/mnist"
)

// Loading the embedded MNIST as the book's load_mnist(normalize=True,
// flatten=True, one_hot_label=True) does (§3.6.1).
func ExampleLoad() {
	data, err := mnist.Load()
	if err != nil {
		fmt.Println(err)
		return
	}
	x, t := data.Train.Tensors(mnist.Options{Normalize: true, Flatten: true, OneHot: true})
	fmt.Println("x_train", x.Shape(), "t_train", t.Shape())
	fmt.Println("the first image is a", data.Train.Label(0), "with one-hot label", t.Data()[:10])
	cols, pixels := data.Train.NonZero(0)
	fmt.Printf("%d of its %d pixels are ink; the brightest is %v\n", len(cols), mnist.Pixels, x.Data()[cols[argmax(pixels)]])
	fmt.Println(data.Test.Len(), "test images")
	// Output:
	// x_train [60000 784] t_train [60000 10]
	// the first image is a 5 with one-hot label [0 0 0 0 0 1 0 0 0 0]
	// 166 of its 784 pixels are ink; the brightest is 1
	// 10000 test images
}

func argmax(p []uint8) int {
	best := 0
	for i, v := range p {
		if v > p[best] {
			best = i
		}
	}
	return best
}
