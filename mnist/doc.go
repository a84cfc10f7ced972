// Package mnist reads the MNIST handwritten-digit data set in its IDX file
// format and serves it as tensors and as normalized mini-batches.
package mnist
