// Package network holds the mathematics of Chapter 4 of "Deep Learning from
// Scratch": activations, loss functions, numerical differentiation, gradients,
// gradient descent, simpleNet and TwoLayerNet, each on the tensor package.
package network
