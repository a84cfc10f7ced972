// Package network is the mathematics of Chapter 4 of "Deep Learning from
// Scratch" (Koki Saito): how a neural network learns. Each concept lives in
// one file, in the order of the chapter:
//
//	activation.go  sigmoid and softmax (§3.2.4, §3.5), which the chapter's nets use
//	loss.go        sum of squares and cross-entropy error, mini-batch form (§4.2)
//	diff.go        numerical differentiation and its pitfalls (§4.3)
//	gradient.go    the gradient of any tensor, gradient descent (§4.4, §4.4.1)
//	simplenet.go   simpleNet, the gradient of a 2×3 weight (§4.4.2)
//	twolayer.go    TwoLayerNet: predict, loss, accuracy, gradients (§4.5.1)
//	gradcheck.go   numerical against backpropagation gradients
//
// Every function is written on the tensor package as the book writes it in
// numpy, and pinned by tests to the numbers the book prints. The training
// run uses the same formulas through a tuned engine, dlfs/internal/engine,
// which the tests hold to this package's numbers.
//
// A product added to something is written float64(x*y) + z, as in
// Function1: Go may otherwise compute it with one rounding instead of two
// (on arm64, and amd64 with GOAMD64=v3), and a learner's Mac would print
// other last digits than the book (dlfs/internal/kernel says more).
package network
