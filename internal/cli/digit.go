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

	"dlfs/internal/regular"
	"dlfs/mnist"
)

// digitScale is how many pixels of the PNG a pixel of the digit takes:
// 280×280, the size of the lab's drawing pad.
const digitScale = 10

// digitCommand is `go run . digit [-index N] FILE`: MNIST's test image N
// as a PNG, dark ink on white as if drawn on paper, ten times its size: a
// digit to try predict on (test image 0 is a 7).
func digitCommand(args []string, stdout, stderr io.Writer) error {
	flags := newFlags("dlfs digit", stderr, func(f *flag.FlagSet) {
		fmt.Fprintf(stderr, "usage: go run . digit [-index N] FILE   write MNIST's test image N as a PNG, to try predict on\n")
		f.PrintDefaults()
	})
	index := flags.Int("index", 0, "which test image (0 is a 7)")
	if err := flags.parse(args, true); err != nil {
		return err
	}
	if flags.NArg() != 1 {
		return flags.bad("give one FILE to write, as in: go run . digit seven.png")
	}
	path := flags.Arg(0)
	data, err := mnist.Load()
	if err != nil {
		return err
	}
	if *index < 0 || *index >= data.Test.Len() {
		return flags.bad("-index %d: the test set's images are 0 to %d", *index, data.Test.Len()-1)
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		if err == nil {
			return flags.bad("%s exists: digit writes a new file only", path)
		}
		return err
	}
	px := data.Test.Image(*index)
	img := image.NewGray(image.Rect(0, 0, mnist.Cols*digitScale, mnist.Rows*digitScale))
	for y := range img.Rect.Dy() {
		for x := range img.Rect.Dx() {
			img.Pix[y*img.Stride+x] = 255 - px[(y/digitScale)*mnist.Cols+x/digitScale]
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return err
	}
	if err := regular.WriteFile(path, b.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: test image %d, a %d\n", path, *index, data.Test.Label(*index))
	return nil
}
