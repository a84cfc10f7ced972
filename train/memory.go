package train

import (
	"fmt"
	"runtime"

	"dlfs/mnist"
)

// Memory estimates the most memory a run of c takes on trainSize training
// and testSize test images, in bytes (a float64, as the sizes of a run
// that cannot be allocated overflow an int), with the tuned engine or,
// with book, the book's loop on dense tensors. It counts what grows with
// the settings; the data set itself is loaded already. An over-estimate
// by a small factor is intended: it is compared with the machine's memory
// to refuse a run that could not finish, before it starts.
//
// It is twice the sum below, as the garbage collector lets the heap grow
// to twice what is live before it collects (GOGC=100). With
// P = 795·hidden + 10 parameters, a batch of b and n updates:
//
//	every run     the network, its gradient, W1 before training and the
//	              copy kept for a checkpoint: 5·8P; the losses, their CSV
//	              and charts: 64 bytes an update; the figures of the hidden
//	              units: 6000 bytes a unit; the order the batches are
//	              drawn in and its copy for a checkpoint: 16 bytes a
//	              training image
//	the engine    a batch's activations, 6·8·b·hidden; a sparse batch,
//	              4·784·b; each core's evaluation buffers, a gradient and
//	              500 images' activations, 8P + 6·8·500·hidden
//	the book      the dense images and one-hot labels, 8·794 bytes an image,
//	              twice if a run that diverged is replayed; a step's
//	              temporaries, 4·8P and 8·b·(784 + 6·hidden); an
//	              evaluation's activations, 3·8·trainSize·hidden
func (c Config) Memory(trainSize, testSize int) float64 {
	h, b, n := float64(c.Hidden), float64(c.Batch), float64(c.Iters)
	p := params(h)
	images := float64(trainSize + testSize)
	total := sum(5*8*p, 64*n, 6000*h, 16*float64(trainSize))
	if c.Book {
		return 2 * sum(total, 2*8*(mnist.Pixels+mnist.Classes)*images, 4*8*p, 8*b*sum(mnist.Pixels, 6*h), 3*8*float64(trainSize)*h)
	}
	workers := float64(runtime.NumCPU())
	return 2 * sum(total, 6*8*b*h, 4*mnist.Pixels*b, workers*sum(8*p, 6*8*500*h))
}

// params is the number of parameters of a network of h hidden units,
// 795·h + 10.
func params(h float64) float64 { return sum(float64(mnist.Pixels+1+mnist.Classes)*h, mnist.Classes) }

// sum adds its terms in order, each rounded first: a product passed to
// it is never fused with the addition (package tensor's doc says why).
func sum(terms ...float64) float64 {
	s := 0.0
	for _, t := range terms {
		s += t
	}
	return s
}

// FitsMemory reports whether a run of c, of Memory(trainSize, testSize)
// bytes, fits in limit bytes. The error names the setting furthest
// above the book's, the likeliest cause.
func (c Config) FitsMemory(limit int64, trainSize, testSize int) error {
	need := c.Memory(trainSize, testSize)
	if need <= float64(limit) {
		return nil
	}
	name, value := "hidden", c.Hidden
	ratio := float64(c.Hidden) / float64(DefaultConfig.Hidden)
	if r := float64(c.Batch) / float64(DefaultConfig.Batch); r > ratio {
		name, value, ratio = "batch", c.Batch, r
	}
	if r := float64(c.Iters) / float64(DefaultConfig.Iters); r > ratio {
		name, value = "iters", c.Iters
	}
	return fmt.Errorf("%s %d: the run would need about %s of memory, more than this machine's %s", name, value, formatBytes(need), formatBytes(float64(limit)))
}

// formatBytes formats a number of bytes for a person, in three digits (more
// for a number over 999 of the largest unit) and powers of 1024: 1.5 GiB,
// 320 KiB, 12 bytes.
func formatBytes(n float64) string {
	units := []string{"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	i := 0
	for n >= 1024 && i < len(units)-1 {
		n /= 1024
		i++
	}
	if i == 0 || n >= 100 {
		return fmt.Sprintf("%.0f %s", n, units[i])
	}
	return fmt.Sprintf("%.3g %s", n, units[i])
}

// modelMemory estimates the memory that loading and evaluating a network
// of hidden units takes, as Memory does for a run, twice: the parameters
// read and written, each core's evaluation buffers, the figures of the
// hidden units.
func modelMemory(hidden int) float64 {
	h := float64(hidden)
	p := params(h)
	workers := float64(runtime.NumCPU())
	return 2 * sum(2*8*p, 6000*h, workers*sum(8*p, 6*8*500*h))
}
