package mnist

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // the formats DecodeImage reads
	_ "image/jpeg"
	_ "image/png"
	"io"
	"math"
	"slices"
)

// ErrNoInk is FromImage's error for an image with nothing drawn on it.
var ErrNoInk = errors.New("mnist: the image has no ink (it is all one shade)")

// MaxImagePixels bounds the images FromImage and DecodeImage take: 4096×4096.
const MaxImagePixels = 4096 * 4096

// MaxImageBytes bounds the memory DecodeImage lets an image take, from
// its header: its pixels decoded (1 to 8 bytes each, by its colour
// model) and FromImage's levels of each (imageLevelBytes), so that a small
// file declaring many deep pixels is refused before it is decoded.
const MaxImageBytes = 256 << 20

// imageLevelBytes is what FromImage keeps of a pixel: its grey, opacity
// and ink levels, and the paper's level sorted, as float64.
const imageLevelBytes = 32

// DecodeImage decodes a PNG, JPEG or GIF image from r. Its header is read
// first, and an image larger than MaxImagePixels, or that would take more
// than MaxImageBytes to read, is refused before anything more is read;
// then only what the decoder needs for the pixels the header declares is
// read, however long the rest of r is.
func DecodeImage(r io.Reader) (image.Image, error) {
	var head bytes.Buffer
	cfg, _, err := image.DecodeConfig(io.TeeReader(r, &head))
	if err != nil {
		return nil, fmt.Errorf("not a PNG, JPEG or GIF image: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxImagePixels/cfg.Height {
		return nil, fmt.Errorf("an image of %d×%d pixels: at least 1×1, at most %d in all", cfg.Width, cfg.Height, MaxImagePixels)
	}
	px, per := cfg.Width*cfg.Height, pixelBytes(cfg.ColorModel)+imageLevelBytes
	if px > MaxImageBytes/per {
		return nil, fmt.Errorf("an image of %d×%d pixels of %d bytes would take %d MiB to read, more than %d MiB: scale it to at most %d pixels",
			cfg.Width, cfg.Height, pixelBytes(cfg.ColorModel), px*per>>20, MaxImageBytes>>20, MaxImageBytes/per)
	}
	img, _, err := image.Decode(io.MultiReader(&head, r))
	if err != nil {
		return nil, fmt.Errorf("not a PNG, JPEG or GIF image: %w", err)
	}
	return img, nil
}

// pixelBytes is the memory of a pixel of colour model m, decoded.
func pixelBytes(m color.Model) int {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 4 // RGBA, NRGBA, YCbCr (at most), CMYK
}

// inkThreshold is the ink level, in [0, 1], from which a pixel counts as
// drawn: fainter ones (JPEG noise, a paper's grain) are background for
// the bounding box and for telling an empty image.
const inkThreshold = 0.1

// FromImage turns any image of a digit into the network's input the way
// MNIST's images were made, 784 values in [0, 1], row by row, ink high:
//
//  1. grey levels, ink from the background's opposite: the border decides
//     whether the ink is dark on light or light on dark, and transparent
//     pixels are background (on a transparent background the ink is
//     whatever is opaque); the paper's level, the border's median, is
//     taken off, so that grey paper is no ink;
//  2. crop to the bounding box of the ink;
//  3. scale, keeping the aspect ratio, so that the longer side is 20
//     pixels, each new pixel the average of the area it covers;
//  4. paste into 28×28 so that the ink's centre of mass is at the centre;
//  5. stretch so that the darkest ink is 1, as MNIST's strokes are.
//
// An image without ink is ErrNoInk, not a guess.
func FromImage(img image.Image) ([]float64, error) {
	if b := img.Bounds(); b.Dx() <= 0 || b.Dy() <= 0 || b.Dx() > MaxImagePixels/b.Dy() {
		return nil, fmt.Errorf("mnist: an image of %d×%d pixels: at least 1×1, at most %d in all", b.Dx(), b.Dy(), MaxImagePixels)
	}
	ink, w, h := inkLevels(img)
	x0, y0, x1, y1 := w, h, -1, -1
	for y := range h {
		for x := range w {
			if ink[y*w+x] >= inkThreshold {
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			}
		}
	}
	if x1 < 0 {
		return nil, ErrNoInk
	}
	cw, ch := x1-x0+1, y1-y0+1
	side := max(cw, ch)
	tw := max(1, int(math.Round(float64(cw)*20/float64(side))))
	th := max(1, int(math.Round(float64(ch)*20/float64(side))))
	box := scaleArea(ink, w, x0, y0, cw, ch, tw, th)

	// The centre of mass, in pixel indices, moved to pixel (14, 14) of the
	// 28×28 field: where MNIST's digits have theirs (its test images'
	// centres of mass round to 14).
	var sum, sx, sy float64
	for y := range th {
		for x := range tw {
			v := box[y*tw+x]
			sum += v
			sx += float64(v * float64(x))
			sy += float64(v * float64(y))
		}
	}
	dx := int(math.Round(Cols/2 - sx/sum))
	dy := int(math.Round(Rows/2 - sy/sum))
	out := make([]float64, Pixels)
	peak := 0.0
	for y := range th {
		for x := range tw {
			tx, ty := x+dx, y+dy
			if tx >= 0 && tx < Cols && ty >= 0 && ty < Rows {
				out[ty*Cols+tx] = box[y*tw+x]
				peak = max(peak, box[y*tw+x])
			}
		}
	}
	for i := range out {
		out[i] = min(1, out[i]/peak)
	}
	return out, nil
}

// inkLevels returns the ink of every pixel of img, in [0, 1], row by row,
// and the image's width and height.
func inkLevels(img image.Image) (ink []float64, w, h int) {
	b := img.Bounds()
	w, h = b.Dx(), b.Dy()
	grey := make([]float64, w*h)  // luminance of the colour, in [0, 1]
	alpha := make([]float64, w*h) // opacity, in [0, 1]
	for y := range h {
		for x := range w {
			r, g, bl, a := img.At(b.Min.X+x, b.Min.Y+y).RGBA() // alpha-premultiplied, 16 bits
			i := y*w + x
			alpha[i] = float64(a) / 0xffff
			if a > 0 {
				grey[i] = (float64(0.299*float64(r)) + float64(0.587*float64(g)) + float64(0.114*float64(bl))) / float64(a)
			}
		}
	}
	// The border: its opacity says whether the background is transparent,
	// its mean grey whether it is light or dark.
	var borderAlpha, borderGrey float64
	n := 0
	for y := range h {
		for x := range w {
			if x == 0 || y == 0 || x == w-1 || y == h-1 {
				i := y*w + x
				borderAlpha += alpha[i]
				borderGrey += float64(alpha[i] * grey[i])
				n++
			}
		}
	}
	ink = make([]float64, w*h)
	switch {
	case n == 0:
	case borderAlpha < float64(n)/2: // a transparent background: opaque is ink
		copy(ink, alpha)
	case borderGrey/borderAlpha > 0.5: // dark ink on a light background
		for i := range ink {
			ink[i] = alpha[i] * (1 - grey[i])
		}
	default: // light ink on a dark background, as MNIST's
		for i := range ink {
			ink[i] = alpha[i] * grey[i]
		}
	}
	// The paper's own level, grey paper or a photograph's shadow, is not
	// ink: the median of the border's levels, which a stroke crossing the
	// border does not move, is taken off, and what is left stretched back
	// to [0, 1].
	var border []float64
	for y := range h {
		for x := range w {
			if x == 0 || y == 0 || x == w-1 || y == h-1 {
				border = append(border, ink[y*w+x])
			}
		}
	}
	slices.Sort(border)
	if bg := border[len(border)/2]; bg > 0 && bg < 1 {
		for i, v := range ink {
			ink[i] = max(0, v-bg) / (1 - bg)
		}
	}
	return ink, w, h
}

// scaleArea scales the cw×ch region at (x0, y0) of src (width w) to tw×th
// pixels, each the average of src over the area it covers: pixels cut by
// its edges count by the fraction inside. It is separable: rows first,
// then columns.
func scaleArea(src []float64, w, x0, y0, cw, ch, tw, th int) []float64 {
	rows := make([]float64, tw*ch)
	for y := range ch {
		line := src[(y0+y)*w+x0 : (y0+y)*w+x0+cw]
		areaRow(rows[y*tw:(y+1)*tw], line)
	}
	out := make([]float64, tw*th)
	col := make([]float64, ch)
	dst := make([]float64, th)
	for x := range tw {
		for y := range ch {
			col[y] = rows[y*tw+x]
		}
		areaRow(dst, col)
		for y := range th {
			out[y*tw+x] = dst[y]
		}
	}
	return out
}

// areaRow sets each of dst's values to the average of src over the part of
// it that value covers, src's length mapped onto dst's.
func areaRow(dst, src []float64) {
	scale := float64(len(src)) / float64(len(dst))
	for i := range dst {
		lo, hi := float64(i)*scale, float64(i+1)*scale
		sum := 0.0
		for j := int(lo); j < len(src) && float64(j) < hi; j++ {
			part := min(hi, float64(j+1)) - max(lo, float64(j))
			sum += float64(part * src[j])
		}
		dst[i] = sum / scale
	}
}
