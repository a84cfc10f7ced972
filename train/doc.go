// Package train runs the mini-batch stochastic gradient descent of §4.5 on
// MNIST: the book's hyperparameters, batches, updates, evaluation and charts.
package train
