package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"dlfs/internal/regular"
	"dlfs/internal/report"
	"dlfs/mnist"
	"dlfs/network"
	"dlfs/train"
)

// defaultModel is where `go run .` leaves the trained parameters.
const defaultModel = "out/params.npz"

// loadNet reads the parameters for predict and serve, saying how to make
// them when the default file is missing.
func loadNet(path string) (*network.TwoLayerNet, error) {
	net, err := train.LoadModel(path, memoryLimit())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s does not exist: run `go run .` first to train the network, or give -load FILE", path)
	}
	return net, err
}

// inputPNG draws the 28×28 input as a PNG, ink white on black as MNIST's.
func inputPNG(r *report.Reading) []byte {
	g := image.NewGray(image.Rect(0, 0, mnist.Cols, mnist.Rows))
	for i, v := range r.Input {
		g.Pix[i] = uint8(float64(v*255) + 0.5)
	}
	var b bytes.Buffer
	png.Encode(&b, g)
	return b.Bytes()
}

// predictCommand is `go run . predict [-load FILE] [-out DIR] IMAGE...`:
// for each image, the three most probable digits.
func predictCommand(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("dlfs predict", stderr, func(fs *flag.FlagSet) {
		fmt.Fprintf(stderr, "usage: go run . predict [-load FILE] [-out DIR] IMAGE...   read handwritten digits (PNG, JPEG or GIF)\n")
		fs.PrintDefaults()
	})
	load := fs.String("load", defaultModel, "the trained parameters, a params.npz")
	out := fs.String("out", "", "`DIR` for each image's 28×28 input as a PNG, what the network saw")
	if err := fs.parse(args, true); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fs.bad("no image given")
	}
	if *out != "" {
		// Two images of one name would write one input file, the second
		// over the first.
		written := map[string]string{}
		for _, path := range fs.Args() {
			name := inputName(path)
			if first, ok := written[name]; ok {
				return fs.bad("-out: %s and %s would both be written as %s; give them different names, or predict them into different folders",
					first, path, filepath.Join(*out, name))
			}
			written[name] = path
		}
		// Nor may a file written be one read: an input named like
		// another's output, or the model.
		for name := range written {
			dest := filepath.Join(*out, name)
			for _, in := range append(fs.Args(), *load) {
				if in != "" && sameFile(dest, in) {
					return fs.bad("-out: %s would be written over %s, which predict reads; choose another -out", dest, in)
				}
			}
		}
		if err := report.PrepareOutput(*out); err != nil {
			return fs.bad("-out: %v", err)
		}
		lock, err := report.LockFolder(*out)
		if err != nil {
			return fmt.Errorf("-out: %w", err)
		}
		defer lock.Unlock()
	}
	net, err := loadNet(*load)
	if err != nil {
		return err
	}
	failed := 0
	for i, path := range fs.Args() {
		if err := predictOne(net, path, *out, stdout, stderr); err != nil {
			fmt.Fprintf(stderr, "dlfs predict: %v\n", err)
			failed++
		}
		if i+1 < fs.NArg() {
			// An image's pixels are garbage once read: collected now, ten
			// large images take the memory of one, not of the heap's
			// doubling over them.
			runtime.GC()
		}
	}
	if failed > 0 {
		return errReported
	}
	return nil
}

// predictOne prints one image's reading and, with out, writes its input.
func predictOne(net *network.TwoLayerNet, path, out string, stdout, stderr io.Writer) error {
	f, err := regular.Open(path)
	if err != nil {
		return err // it names the file
	}
	r, err := report.ReadImage(net, f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	var b strings.Builder
	for _, d := range r.Top()[:3] {
		fmt.Fprintf(&b, "  %d (%.3f)", d, r.Probabilities[d])
	}
	fmt.Fprintf(stdout, "%s:%s\n", path, b.String())
	if out == "" {
		return nil
	}
	p := filepath.Join(out, inputName(path))
	if err := regular.WriteFile(p, inputPNG(r)); err != nil {
		return err
	}
	fmt.Fprintln(stderr, "wrote", p)
	return nil
}

// sameFile reports whether paths a and b name one file: the same path, or
// the same file on disk under two names.
func sameFile(a, b string) bool {
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	if errA == nil && errB == nil && absA == absB {
		return true
	}
	infoA, errA := os.Stat(a)
	infoB, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(infoA, infoB)
}

// inputName is the name under which predict -out writes what the network
// saw of the image at path: seven.png's is seven_input.png.
func inputName(path string) string {
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)) + "_input.png"
}
