// Command dlfs is Chapter 4 of "Deep Learning from Scratch" (Koki Saito,
// O'Reilly Japan) in Go: a two-layer network learning MNIST.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "usage: go run . (the training run arrives with the network and train packages)")
}
