// Package mnisttest makes the data sets the tests train on in a moment:
// MNIST's format, made-up images whose label is plain to see.
package mnisttest

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"dlfs/mnist"
	"dlfs/tensor"
)

// Rows returns the normalized images of set's items idx as the rows of a
// (len(idx), 784) tensor, and their digits: x_train[batch_mask] and its
// labels, one pixel at a time from Image and mnist.Normalized, the plain
// reference the engine's batches are held to.
func Rows(set *mnist.Set, idx []int) (*tensor.Tensor, []int) {
	x := tensor.Zeros(len(idx), mnist.Pixels)
	labels := make([]int, len(idx))
	for r, i := range idx {
		for j, p := range set.Image(i) {
			x.Data()[r*mnist.Pixels+j] = mnist.Normalized(p)
		}
		labels[r] = set.Label(i)
	}
	return x, labels
}

// Small is a synthetic data set in MNIST's format: 30 training and 12
// test images whose label is the row where the image's bright bar is.
func Small(t testing.TB) *mnist.Dataset {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 7))
	set := func(n int) (img, lbl []byte) {
		img = make([]byte, n*mnist.Pixels)
		lbl = make([]byte, n)
		for i := range n {
			l := rng.IntN(10)
			lbl[i] = byte(l)
			for c := range mnist.Cols {
				img[i*mnist.Pixels+(2*l+4)*mnist.Cols+c] = byte(150 + rng.IntN(100))
			}
		}
		return img, lbl
	}
	dir := t.TempDir()
	write := func(name string, dims []int, data []byte) {
		b := []byte{0, 0, 8, byte(len(dims))}
		for _, d := range dims {
			b = append(b, byte(d>>24), byte(d>>16), byte(d>>8), byte(d))
		}
		if err := os.WriteFile(filepath.Join(dir, name), append(b, data...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ti, tl := set(30)
	write(mnist.TrainImages, []int{30, 28, 28}, ti)
	write(mnist.TrainLabels, []int{30}, tl)
	si, sl := set(12)
	write(mnist.TestImages, []int{12, 28, 28}, si)
	write(mnist.TestLabels, []int{12}, sl)
	d, err := mnist.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
