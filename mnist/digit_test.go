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
	"slices"
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
		if !(mean <= tr.bound) { // NaN fails too
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

// gifOf is a GIF whose screen is w×h pixels, of a two-colour palette,
// holding one 1×1 image of no pixel data.
func gifOf(w, h byte) []byte {
	b := append([]byte("GIF89a"), w, 0, h, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255)
	return append(b, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 0, 0x3b)
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
		{"an image of 5000×4000 pixels", bytes.NewReader(large.Bytes()), 8 << 10, "an image of 5000×4000 pixels: at least 1×1, at most 16777216 in all"},
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
		// PNG's decoder refuses an empty image itself; GIF's does not.
		{"a GIF of 0×5", bytes.NewReader(gifOf(0, 5)), 8 << 10, "an image of 0×5 pixels: at least 1×1"},
		{"a GIF of 5×0", bytes.NewReader(gifOf(5, 0)), 8 << 10, "an image of 5×0 pixels: at least 1×1"},
		{"a GIF of 1×1", bytes.NewReader(gifOf(1, 1)), 8 << 10, "gif"},
		{"a header of 4096×4096 grey", bytes.NewReader(pngHeader(4096, 4096, 8, 0)), 8 << 10,
			"an image of 4096×4096 pixels of 1 bytes would take 528 MiB to read"},
		{"a header of 4096×4097 grey", bytes.NewReader(pngHeader(4096, 4097, 8, 0)), 8 << 10, "an image of 4096×4097 pixels: at least 1×1, at most 16777216 in all"},
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
	// A 40×40 box, its left half columns of full ink and none in turn, its
	// right half full: halved, each new pixel is the mean of a 2×2 block,
	// 0.5 on the left and 1 on the right. The centre of mass, (11.17, 9.5),
	// moves by (2.83, 4.5), rounded to (3, 5).
	striped := image.NewGray(image.Rect(0, 0, 44, 44))
	wantStriped := make([]float64, mnist.Pixels)
	for y := range 40 {
		for x := range 40 {
			if x >= 20 || x%2 == 0 {
				striped.SetGray(x+2, y+2, white)
			}
		}
	}
	for y := range 20 {
		for x := range 20 {
			wantStriped[(y+5)*mnist.Cols+x+3] = 0.5
			if x >= 10 {
				wantStriped[(y+5)*mnist.Cols+x+3] = 1
			}
		}
	}
	for _, c := range []struct {
		name string
		img  image.Image
		want []float64
	}{
		{"stripes beside full ink, halved", striped, wantStriped},
		{"ink at the field's left edge", pair(90, 252), edges(0, 90.0/252, 1)},
		{"ink past the field's right edge", pair(252, 90), edges(9, 1, 0)},
		{"ink at the field's top edge", transposed(pair(90, 252)), transposedField(edges(0, 90.0/252, 1))},
		{"ink past the field's bottom edge", transposed(pair(252, 90)), transposedField(edges(9, 1, 0))},
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

// transposed is g with its rows and columns swapped.
func transposed(g *image.Gray) *image.Gray {
	b := g.Bounds()
	t := image.NewGray(image.Rect(b.Min.Y, b.Min.X, b.Max.Y, b.Max.X))
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			t.SetGray(y, x, g.GrayAt(x, y))
		}
	}
	return t
}

// transposedField is a 28×28 input with its rows and columns swapped.
func transposedField(v []float64) []float64 {
	t := make([]float64, len(v))
	for y := range mnist.Rows {
		for x := range mnist.Cols {
			t[x*mnist.Cols+y] = v[y*mnist.Cols+x]
		}
	}
	return t
}

// TestFromImageSolidBoxes: a solid box of ink of any size from 1×1 to
// 40×40 is scaled so that its longer side is 20 pixels and the other in
// proportion (20·w/side, rounded either way, at least 1), and stays solid:
// a block of ones, zeros around it, centred on (14, 14) to within half a
// pixel; drawn in the image's top left corner, it reads the same.
func TestFromImageSolidBoxes(t *testing.T) {
	white := color.Gray{255}
	for w := 1; w <= 40; w++ {
		for h := 1; h <= 40; h++ {
			img := image.NewGray(image.Rect(0, 0, w+4, h+4))
			corner := image.NewGray(image.Rect(0, 0, w+4, h+4))
			for y := range h {
				for x := range w {
					img.SetGray(x+2, y+3, white)
					corner.SetGray(x, y, white)
				}
			}
			got, err := mnist.FromImage(img)
			if err != nil {
				t.Fatalf("%d×%d: %v", w, h, err)
			}
			if again, err := mnist.FromImage(corner); err != nil || !slices.Equal(again, got) {
				t.Errorf("a solid %d×%d box in the corner reads otherwise (%v)", w, h, err)
			}
			x0, y0, x1, y1 := mnist.Cols, mnist.Rows, -1, -1
			for i, v := range got {
				if v != 0 {
					x, y := i%mnist.Cols, i/mnist.Cols
					x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
				}
			}
			bw, bh := x1-x0+1, y1-y0+1
			ok := x1 >= 0
			for y := y0; ok && y <= y1; y++ {
				for x := x0; x <= x1; x++ {
					ok = ok && math.Abs(got[y*mnist.Cols+x]-1) <= 1e-9
				}
			}
			side := float64(max(w, h))
			sized := func(n, got int) bool {
				want := 20 * float64(n) / side
				return got >= 1 && (got == int(math.Floor(want)) || got == int(math.Ceil(want)) || got == 1 && want < 1)
			}
			centred := func(lo, n int) bool { return math.Abs(float64(lo)+float64(float64(n-1)/2)-14) <= 0.5 }
			if !ok || !sized(w, bw) || !sized(h, bh) || max(bw, bh) != 20 || !centred(x0, bw) || !centred(y0, bh) {
				t.Errorf("a solid %d×%d box reads as ink over (%d, %d)–(%d, %d), solid %v", w, h, x0, y0, x1, y1, ok)
			}
		}
	}
}

// TestFromImageMargin: a wider margin of paper around an image reads the
// same, where the image's own border has ink along two of its edges: the
// border, all four edges, decides that the paper is light and what level
// it is, and so does the margin, paper all round. Each image is read in
// its four turns, the ink along each pair of edges.
func TestFromImageMargin(t *testing.T) {
	const n = 22
	// A dark stroke along the top and left edges of white paper, and a dark
	// square inside: 39 of the border's 84 pixels are ink.
	onWhite := image.NewGray(image.Rect(0, 0, n, n))
	// Black along the top and left edges of grey paper, and a white square
	// inside: the median of the border is the paper's level.
	onGrey := image.NewGray(image.Rect(0, 0, n, n))
	for y := range n {
		for x := range n {
			edge := (y == 0 && x < 20) || (x == 0 && y < 20)
			square := x >= 6 && x < 16 && y >= 6 && y < 16
			onWhite.Pix[y*n+x], onGrey.Pix[y*n+x] = 255, 77
			switch {
			case edge:
				onWhite.Pix[y*n+x], onGrey.Pix[y*n+x] = 0, 0
			case square:
				onWhite.Pix[y*n+x], onGrey.Pix[y*n+x] = 0, 255
			}
		}
	}
	for _, c := range []struct {
		name  string
		img   *image.Gray
		paper uint8
	}{
		{"a dark stroke along two edges of white paper", onWhite, 255},
		{"black along two edges of grey paper", onGrey, 77},
	} {
		img := c.img
		for turn := range 4 {
			b := img.Bounds()
			margin := image.NewGray(image.Rect(0, 0, b.Dx()+6, b.Dy()+6))
			for i := range margin.Pix {
				margin.Pix[i] = c.paper
			}
			for y := range b.Dy() {
				copy(margin.Pix[(y+3)*margin.Stride+3:], img.Pix[y*img.Stride:y*img.Stride+b.Dx()])
			}
			got, err := mnist.FromImage(img)
			want, err2 := mnist.FromImage(margin)
			if err != nil || err2 != nil {
				t.Fatalf("%s, turned %d times: %v, %v", c.name, turn, err, err2)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("%s, turned %d times: pixel (%d, %d) is %v, with a margin of paper %v", c.name, turn, i%mnist.Cols, i/mnist.Cols, got[i], want[i])
					break
				}
			}
			img = turned(img)
		}
	}
}

// turned is g turned a quarter, clockwise.
func turned(g *image.Gray) *image.Gray {
	b := g.Bounds()
	t := image.NewGray(image.Rect(0, 0, b.Dy(), b.Dx()))
	for y := range b.Dy() {
		for x := range b.Dx() {
			t.SetGray(b.Dy()-1-y, x, g.GrayAt(b.Min.X+x, b.Min.Y+y))
		}
	}
	return t
}

// TestFromImageGreyPaper: strokes on grey paper read as the same strokes on
// white, their ink measured from the paper's level and stretched back to
// [0, 1]: a faint mark, 0.12 of the way from the paper to black, is ink
// on either, and draws the bounding box out to it.
func TestFromImageGreyPaper(t *testing.T) {
	draw := func(paper, mark uint8) *image.Gray {
		g := image.NewGray(image.Rect(0, 0, 40, 40))
		for i := range g.Pix {
			g.Pix[i] = paper
		}
		for y := 5; y < 15; y++ {
			for x := 5; x < 15; x++ {
				g.Pix[y*40+x] = 0
			}
		}
		g.Pix[30*40+30] = mark
		return g
	}
	grey, err := mnist.FromImage(draw(200, 176)) // (200 − 176) / 200 = 0.12
	if err != nil {
		t.Fatal(err)
	}
	white, err := mnist.FromImage(draw(255, 224)) // (255 − 224) / 255 = 0.1216
	if err != nil {
		t.Fatal(err)
	}
	for i := range grey {
		if !(math.Abs(grey[i]-white[i]) <= 0.01) {
			t.Fatalf("pixel (%d, %d) reads %v on grey paper, %v on white", i%mnist.Cols, i/mnist.Cols, grey[i], white[i])
		}
	}
	if solid := countAtLeast(white, 0.5); solid >= 200 {
		t.Errorf("%d pixels of the field are solid ink: the faint mark was left out of the bounding box", solid)
	}
}

func countAtLeast(x []float64, level float64) int {
	n := 0
	for _, v := range x {
		if v >= level {
			n++
		}
	}
	return n
}

// TestFromImageInkThreshold: a pixel counts as drawn from an ink level of
// 0.1 on. On a transparent background whose border is of opacity 5/65535,
// the paper's level, a pixel of opacity 6558/65535 is ink of exactly
// (6558 − 5) / (65535 − 5) = 0.1, and draws the bounding box of a 4×4
// square out to it; one of 6557 is background, and the square alone fills
// 20×20 of the field.
func TestFromImageInkThreshold(t *testing.T) {
	for _, c := range []struct {
		mark  uint16
		solid int // pixels of the field at 0.5 or more
		drawn bool
	}{
		{6558, 0, true},
		{6557, 400, false},
	} {
		img := image.NewAlpha16(image.Rect(0, 0, 10, 10))
		for y := range 10 {
			for x := range 10 {
				a := uint16(5)
				if x >= 2 && x < 6 && y >= 2 && y < 6 {
					a = 0xffff
				}
				img.SetAlpha16(x, y, color.Alpha16{A: a})
			}
		}
		img.SetAlpha16(8, 8, color.Alpha16{A: c.mark})
		got, err := mnist.FromImage(img)
		if err != nil {
			t.Fatal(err)
		}
		solid := countAtLeast(got, 0.5)
		if c.drawn && solid >= 200 || !c.drawn && solid != c.solid {
			t.Errorf("a mark of opacity %d/65535: %d pixels of solid ink, drawn %v", c.mark, solid, c.drawn)
		}
	}
}

// TestFromImageTransparentPixels: on opaque white paper, transparent pixels
// are paper, wherever they are, on the border or inside the ink.
func TestFromImageTransparentPixels(t *testing.T) {
	draw := func(hole color.NRGBA) *image.NRGBA {
		img := image.NewNRGBA(image.Rect(0, 0, 30, 30))
		for y := range 30 {
			for x := range 30 {
				c := color.NRGBA{255, 255, 255, 255}
				if x >= 5 && x < 25 && y >= 5 && y < 25 {
					c = color.NRGBA{0, 0, 0, 255}
				}
				img.SetNRGBA(x, y, c)
			}
		}
		img.SetNRGBA(0, 7, hole)
		img.SetNRGBA(12, 12, hole)
		return img
	}
	got, err := mnist.FromImage(draw(color.NRGBA{}))
	if err != nil {
		t.Fatal(err)
	}
	want, err := mnist.FromImage(draw(color.NRGBA{255, 255, 255, 255}))
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if !(math.Abs(got[i]-want[i]) <= 1e-9) {
			t.Fatalf("pixel (%d, %d) is %v with transparent holes, %v with white ones", i%mnist.Cols, i/mnist.Cols, got[i], want[i])
		}
	}
}
