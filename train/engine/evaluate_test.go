package engine

import (
	"encoding/binary"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"dlfs/mnist"
	"dlfs/network"
)

// firstImages returns a data set of the first n images of MNIST's test
// set, as both its halves: n not a multiple of the evaluation's chunk
// leaves a short last chunk.
func firstImages(t *testing.T, n int) *mnist.Dataset {
	t.Helper()
	d, err := mnist.Load()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, dims []int, data []byte) {
		h := []byte{0, 0, 8, byte(len(dims))}
		for _, v := range dims {
			h = binary.BigEndian.AppendUint32(h, uint32(v))
		}
		if err := os.WriteFile(filepath.Join(dir, name), append(h, data...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var img, lbl []byte
	for i := range n {
		img = append(img, d.Test.Image(i)...)
		lbl = append(lbl, byte(d.Test.Label(i)))
	}
	for _, half := range [][2]string{{mnist.TrainImages, mnist.TrainLabels}, {mnist.TestImages, mnist.TestLabels}} {
		write(half[0], []int{n, mnist.Rows, mnist.Cols}, img)
		write(half[1], []int{n}, lbl)
	}
	small, err := mnist.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return small
}

// TestEvaluatorMatchesTheBook: the chunked, parallel accuracy is
// TwoLayerNet.Accuracy on the whole set, exactly: the same count of right
// answers, from an untrained net that gets some right and some wrong.
func TestEvaluatorMatchesTheBook(t *testing.T) {
	d := firstImages(t, 1234)
	net := network.NewTwoLayerNet(mnist.Pixels, 8, 10, 0.5, rand.New(rand.NewPCG(3, 3)))
	x, labels := d.Test.Tensors(mnist.Options{Normalize: true, Flatten: true, OneHot: true})
	want := net.Accuracy(x, labels)
	ev := NewEvaluator(net)
	for range 2 { // the second time with the kept buffers
		if got := ev.Accuracy(d.Test); got != want {
			t.Errorf("Evaluator accuracy %v, TwoLayerNet.Accuracy %v", got, want)
		}
	}
	if want == 0 || want == 1 {
		t.Errorf("accuracy %v cannot tell right from wrong counting", want)
	}
}
