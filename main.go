// Command dlfs is Chapter 4 of "Deep Learning from Scratch" (Koki Saito,
// O'Reilly Japan) in Go: a two-layer network learning MNIST by mini-batch
// stochastic gradient descent, and the chapter's examples as commands.
//
//	go run .                  train with the book's settings (§4.5)
//	go run . -h               every flag and command
//	go run . diff -out figs   one of the chapter's examples (loss, diff, gradient, descent, simplenet, gradcheck)
//	go run . serve            the learning lab: watch the network learn in a browser
//
// The commands are in internal/cli; the book's code in tensor, network,
// mnist and train.
package main

import (
	"os"

	"dlfs/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
