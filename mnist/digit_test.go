package mnist_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"strings"
	"testing"

	"dlfs/mnist"
	"dlfs/tensor"
	"dlfs/train"
)

// asImage returns image i of the set as a grey image, light ink on black.
func asImage(set *mnist.Set, i int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, mnist.Cols, mnist.Rows))
	copy(g.Pix, set.Image(i))
	return g
}

// Transforms a user's picture of an MNIST digit might have gone through.
var transforms = []struct {
	name  string
	bound float64 // of the mean absolute difference per pixel
	f     func(*image.Gray) image.Image
}{
	{"as is", 0.002, func(g *image.Gray) image.Image { return g }},
	{"enlarged 4×", 0.002, func(g *image.Gray) image.Image {
		big := image.NewGray(image.Rect(0, 0, 112, 112))
		for y := range 112 {
			for x := range 112 {
				big.SetGray(x, y, g.GrayAt(x/4, y/4))
			}
		}
		return big
	}},
	{"shifted into 70×50", 0.002, func(g *image.Gray) image.Image {
		c := image.NewGray(image.Rect(0, 0, 70, 50))
		for y := range 28 {
			for x := range 28 {
				c.SetGray(x+37, y+5, g.GrayAt(x, y))
			}
		}
		return c
	}},
	{"dark on light", 0.002, func(g *image.Gray) image.Image {
		inv := image.NewGray(g.Rect)
		for i, p := range g.Pix {
			inv.Pix[i] = 255 - p
		}
		return inv
	}},
	{"alpha channel", 0.002, func(g *image.Gray) image.Image {
		a := image.NewNRGBA(g.Rect) // black ink, its opacity the pixel
		for i, p := range g.Pix {
			a.Pix[4*i+3] = p
		}
		return a
	}},
	{"blue ink on white", 0.002, func(g *image.Gray) image.Image {
		c := image.NewRGBA(g.Rect) // the ink #1428c8, as much as the pixel says
		for i, p := range g.Pix {
			t := float64(p) / 255
			mix := func(ink float64) uint8 { return uint8(math.Round(255 + float64(t*(ink-255)))) }
			c.Pix[4*i], c.Pix[4*i+1], c.Pix[4*i+2], c.Pix[4*i+3] = mix(0x14), mix(0x28), mix(0xc8), 255
		}
		return c
	}},
	{"pencil on grey paper", 0.006, func(g *image.Gray) image.Image {
		c := image.NewGray(g.Rect) // paper 180, the darkest stroke 60
		for i, p := range g.Pix {
			c.Pix[i] = uint8(math.Round(180 - float64(p)*120/255))
		}
		return c
	}},
	{"faint, the darkest ink mid-grey", 0.006, func(g *image.Gray) image.Image {
		c := image.NewGray(g.Rect) // white paper, the darkest stroke 128
		for i, p := range g.Pix {
			c.Pix[i] = uint8(math.Round(255 - float64(p)*127/255))
		}
		return c
	}},
	{"JPEG, quality 90", 0.01, func(g *image.Gray) image.Image {
		var buf bytes.Buffer
		jpeg.Encode(&buf, g, &jpeg.Options{Quality: 90})
		img, _ := jpeg.Decode(&buf)
		return img
	}},
}

// TestFromImageRecoversMNIST: MNIST's first 1000 test images (200 with
// -short), transformed as above, come back close to the original inputs.
// The measure: the mean over the images of the mean absolute difference
// per pixel from the original (pixel/255), at most 0.002 for the lossless
// transforms, 0.006 where the ink's contrast is halved (its levels
// rounded to half as many) and 0.01 for JPEG's. Without -short, a network
// trained briefly must read them as it reads the originals.
func TestFromImageRecoversMNIST(t *testing.T) {
	d, err := mnist.Load()
	if err != nil {
		t.Fatal(err)
	}
	n := 1000
	predict := func([]float64) int { return 0 }
	if testing.Short() {
		n = 200
	} else {
		// A network trained briefly (2000 updates of the book's settings)
		// must read at least 97% of the transformed images as it reads the
		// originals.
		cfg := train.DefaultConfig
		cfg.Iters = 2000
		net := train.Run(cfg, d, train.Hooks{}).Net
		predict = func(x []float64) int { return tensor.ArgmaxAll(net.Predict(tensor.New(x, 1, mnist.Pixels))) }
	}
	orig, _ := d.Test.Tensors(mnist.Options{Normalize: true, Flatten: true})
	for _, tr := range transforms {
		total, same, right := 0.0, 0, 0
		for i := range n {
			got, err := mnist.FromImage(tr.f(asImage(d.Test, i)))
			if err != nil {
				t.Fatalf("%s, image %d: %v", tr.name, i, err)
			}
			diff := 0.0
			for j, p := range d.Test.Image(i) {
				diff += math.Abs(got[j] - float64(p)/255)
			}
			total += diff / mnist.Pixels
			digit := predict(got)
			if digit == predict(orig.Data()[i*mnist.Pixels:(i+1)*mnist.Pixels]) {
				same++
			}
			if digit == d.Test.Label(i) {
				right++
			}
		}
		mean := total / float64(n)
		if testing.Short() {
			t.Logf("%-32s mean |Δ| per pixel %.4f", tr.name, mean)
		} else {
			t.Logf("%-32s mean |Δ| per pixel %.4f, read as the original %.1f%%, right %.1f%%", tr.name, mean, 100*float64(same)/float64(n), 100*float64(right)/float64(n))
		}
		if mean > tr.bound {
			t.Errorf("%s: mean absolute difference per pixel %.4f, want ≤ %v", tr.name, mean, tr.bound)
		}
		if same < n*97/100 {
			t.Errorf("%s: %d of %d read as the original, want at least 97%%", tr.name, same, n)
		}
	}
}

// TestFromImageEmpty: an image of no pixels is refused for its size,
// before its ink is looked for.
func TestFromImageEmpty(t *testing.T) {
	for _, r := range []image.Rectangle{image.Rect(0, 0, 0, 5), image.Rect(0, 0, 5, 0), image.Rect(3, 3, 3, 3)} {
		if _, err := mnist.FromImage(image.NewGray(r)); err == nil || !strings.Contains(err.Error(), "at least 1×1") {
			t.Errorf("an image of %v: %v", r, err)
		}
	}
}

func TestFromImageNoInk(t *testing.T) {
	white := image.NewGray(image.Rect(0, 0, 9, 9))
	for i := range white.Pix {
		white.Pix[i] = 255
	}
	for _, img := range []image.Image{
		image.NewGray(image.Rect(0, 0, 10, 10)),
		image.NewNRGBA(image.Rect(0, 0, 5, 7)),
		white,
	} {
		if _, err := mnist.FromImage(img); err != mnist.ErrNoInk {
			t.Errorf("%T: %v, want ErrNoInk", img, err)
		}
	}
	for _, img := range []image.Image{image.NewUniform(color.White), image.NewGray(image.Rect(0, 0, 0, 5))} {
		if _, err := mnist.FromImage(img); err == nil {
			t.Errorf("an image of bounds %v was taken", img.Bounds())
		}
	}
}

// FuzzFromImage: whatever bytes DecodeImage accepts, FromImage returns 784
// values in [0, 1] or an error, never a panic.
func FuzzFromImage(f *testing.F) {
	var buf bytes.Buffer
	g := image.NewGray(image.Rect(0, 0, 3, 2))
	g.Pix[2] = 200
	png.Encode(&buf, g)
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		img, err := mnist.DecodeImage(bytes.NewReader(b))
		if err != nil {
			return
		}
		x, err := mnist.FromImage(img)
		if err != nil {
			return
		}
		if len(x) != mnist.Pixels {
			t.Fatalf("%d values", len(x))
		}
		for _, v := range x {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("value %v outside [0, 1]", v)
			}
		}
	})
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// pngHeader is the start of a PNG file, its signature and its IHDR chunk,
// declaring w×h pixels of the bit depth and colour type given.
func pngHeader(w, h int, depth, colorType byte) []byte {
	ihdr := []byte("IHDR")
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, depth, colorType, 0, 0, 0)
	b := []byte("\x89PNG\r\n\x1a\n")
	b = binary.BigEndian.AppendUint32(b, uint32(len(ihdr)-4))
	b = append(b, ihdr...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(ihdr))
}

// TestDecodeImageReadsOnlyTheImage: DecodeImage reads a header's worth of
// a file that is not an image, and of one too large in pixels or in the
// memory its pixels would take, before refusing it;
// of an image followed by a long tail, no more than the image; and it
// decodes the image whole.
func TestDecodeImageReadsOnlyTheImage(t *testing.T) {
	var small bytes.Buffer
	g := image.NewGray(image.Rect(0, 0, 28, 28))
	g.Pix[300] = 255
	png.Encode(&small, g)
	var large bytes.Buffer
	png.Encode(&large, image.NewGray(image.Rect(0, 0, 5000, 4000)))
	tail := bytes.Repeat([]byte{0}, 64<<20)
	for _, c := range []struct {
		name    string
		r       io.Reader
		maxRead int
		err     string
	}{
		{"64 MiB of zeros", bytes.NewReader(tail), 8 << 10, "not a PNG, JPEG or GIF image"},
		{"an image of 5000×4000 pixels", bytes.NewReader(large.Bytes()), 8 << 10, "an image of 5000×4000 pixels: at most 16777216 in all"},
		{"an image and 64 MiB after it", io.MultiReader(bytes.NewReader(small.Bytes()), bytes.NewReader(tail)), small.Len() + 8<<10, ""},
		// 4096² pixels of 16-bit RGBA, 8 bytes and 32 of levels each: 640 MiB.
		{"a header of 4096×4096 RGBA64", bytes.NewReader(pngHeader(4096, 4096, 16, 6)), 8 << 10,
			"an image of 4096×4096 pixels of 8 bytes would take 640 MiB to read, more than 256 MiB: scale it to at most 6710886 pixels"},
		// 2048² of 8-bit grey: 132 MiB, let through to the decoder.
		{"a header of 2048×2048 grey", bytes.NewReader(pngHeader(2048, 2048, 8, 0)), 8 << 10, "not a PNG, JPEG or GIF image: unexpected EOF"},
		// The ends of both bounds: 4096² is the most pixels, refused for
		// its bytes (33 each, 528 MiB), one row more for its pixels;
		// 256 MiB / 33 = 8134407 grey pixels are the most bytes allowed.
		{"a header of 0×5", bytes.NewReader(pngHeader(0, 5, 8, 0)), 8 << 10, "not a PNG, JPEG or GIF image"},
		{"a header of 4096×4096 grey", bytes.NewReader(pngHeader(4096, 4096, 8, 0)), 8 << 10,
			"an image of 4096×4096 pixels of 1 bytes would take 528 MiB to read"},
		{"a header of 4096×4097 grey", bytes.NewReader(pngHeader(4096, 4097, 8, 0)), 8 << 10, "an image of 4096×4097 pixels: at most 16777216 in all"},
		{"a header of 8134407×1 grey", bytes.NewReader(pngHeader(8134407, 1, 8, 0)), 8 << 10, "not a PNG, JPEG or GIF image: unexpected EOF"},
		{"a header of 8134408×1 grey", bytes.NewReader(pngHeader(8134408, 1, 8, 0)), 8 << 10, "an image of 8134408×1 pixels of 1 bytes would take 256 MiB to read"},
	} {
		cr := &countingReader{r: c.r}
		img, err := mnist.DecodeImage(cr)
		switch {
		case c.err == "" && (err != nil || img.At(300%28, 300/28) != color.Gray{255}):
			t.Errorf("%s: %v", c.name, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%s: %v, want %q", c.name, err, c.err)
		}
		if cr.n > c.maxRead {
			t.Errorf("%s: read %d bytes, want at most %d", c.name, cr.n, c.maxRead)
		}
	}
}

// TestFromImageByHand: images whose preparation is worked by hand. A
// stroke 10 pixels wide and 40 tall in a 14×56 image, and the same turned
// in a 56×14 one, scale to 5×20 (each new pixel the mean of a 2×2 block of
// full ink) with the centre of mass at (2, 9.5), moved to (14, 14) by
// (12, 4.5 rounded away from zero to 5). A colour stroke 20 pixels
// square, columns of pure red at its sides and pure green in its middle,
// is ink of the colours' luminance, 0.299 and 0.587 (ITU-R BT.601), then
// stretched so that the darkest ink, the green, is 1; it needs no scaling
// and its centre is (9.5, 9.5), moved by (5, 5).
func TestFromImageByHand(t *testing.T) {
	white := color.Gray{255}
	tall := image.NewGray(image.Rect(0, 0, 14, 56))
	wide := image.NewGray(image.Rect(0, 0, 56, 14))
	for y := 4; y < 44; y++ {
		for x := 2; x < 12; x++ {
			tall.SetGray(x, y, white)
			wide.SetGray(y, x, white)
		}
	}
	bar := func(x0, y0, w, h int) []float64 {
		want := make([]float64, mnist.Pixels)
		for y := y0; y < y0+h; y++ {
			for x := x0; x < x0+w; x++ {
				want[y*mnist.Cols+x] = 1
			}
		}
		return want
	}
	colour := image.NewRGBA(image.Rect(0, 0, 28, 28))
	for y := range 28 {
		for x := range 28 {
			colour.Set(x, y, color.Black)
		}
	}
	ratio := float64(0.299*0xffff) / 0xffff / (float64(0.587*0xffff) / 0xffff)
	wantColour := make([]float64, mnist.Pixels)
	for y := range 20 {
		for x := range 20 {
			c, v := color.RGBA{0, 255, 0, 255}, 1.0
			if x < 5 || x >= 15 {
				c, v = color.RGBA{255, 0, 0, 255}, ratio
			}
			colour.Set(4+x, 4+y, c)
			wantColour[(5+y)*mnist.Cols+5+x] = v
		}
	}
	// Strokes along the top row and down the left column, on the border:
	// boxes 20×1 and 1×20, whose centres (9.5, 0) and (0, 9.5) move by
	// (5, 14) and (14, 5).
	top := image.NewGray(image.Rect(0, 0, 28, 28))
	left := image.NewGray(image.Rect(0, 0, 28, 28))
	for i := 4; i < 24; i++ {
		top.SetGray(i, 0, white)
		left.SetGray(0, i, white)
	}
	// Black ink on grey paper (200 of 255): the paper, the border's
	// median, is no ink; the square, 20×20 at (4, 4), is all ink, and
	// needs no scaling: moved by (5, 5).
	paper := image.NewGray(image.Rect(0, 0, 28, 28))
	for i := range paper.Pix {
		if x, y := i%28, i/28; x < 4 || x >= 24 || y < 4 || y >= 24 {
			paper.Pix[i] = 200
		}
	}
	// Two columns 19 apart, 19 tall, of ink levels 90 and 252 in a black
	// 40×40 image: no scaling; the centre of mass, 19·252/342 = 14 or
	// 19·90/342 = 5 across and 9 down, moved to (14, 14) puts the fainter
	// column at the field's left edge, x = 0, or the darker one just past
	// its right, x = 28, where it is cut off.
	pair := func(left, right uint8) *image.Gray {
		g := image.NewGray(image.Rect(0, 0, 40, 40))
		for y := 10; y < 29; y++ {
			g.SetGray(10, y, color.Gray{left})
			g.SetGray(29, y, color.Gray{right})
		}
		return g
	}
	edges := func(x0 int, left, right float64) []float64 {
		want := make([]float64, mnist.Pixels)
		for y := 5; y < 24; y++ {
			want[y*mnist.Cols+x0] = left
			if x0+19 < mnist.Cols {
				want[y*mnist.Cols+x0+19] = right
			}
		}
		return want
	}
	for _, c := range []struct {
		name string
		img  image.Image
		want []float64
	}{
		{"ink at the field's left edge", pair(90, 252), edges(0, 90.0/252, 1)},
		{"ink past the field's right edge", pair(252, 90), edges(9, 1, 0)},
		{"black on grey paper", paper, bar(5, 5, 20, 20)},
		{"the top row", top, bar(5, 14, 20, 1)},
		{"the left column", left, bar(14, 5, 1, 20)},
		{"14×56", tall, bar(12, 5, 5, 20)},
		{"56×14", wide, bar(5, 12, 20, 5)},
		{"red and green", colour, wantColour},
	} {
		got, err := mnist.FromImage(c.img)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for i, w := range c.want {
			if !(math.Abs(got[i]-w) <= 1e-9) { // NaN is no match
				t.Errorf("%s: pixel (%d, %d) is %v, want %v", c.name, i%mnist.Cols, i/mnist.Cols, got[i], w)
				break
			}
		}
	}
}
