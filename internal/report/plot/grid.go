package plot

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"math"
	"strconv"
	"sync"
)

// A Grid is a figure of small images in rows, each with an optional
// caption: the hidden units' weights, the digits a network gets wrong. Its
// panels stand side by side, each with a subtitle and, if it has a colour
// scale, the scale drawn under it. Each image is a PNG inside the SVG, one
// square per pixel.
type Grid struct {
	Title  string
	Panels []Panel
}

// A Panel is one block of a Grid's images.
type Panel struct {
	Subtitle string
	Cols     int     // images per row
	Width    int     // pixels of each image's rows
	Zoom     int     // screen pixels per image pixel
	Tiles    []Tile  // the images, row by row
	Scale    Colours // how a value becomes a colour
}

// A Tile is one image: Width values per row, and a caption under it.
type Tile struct {
	Values  []float64
	Caption string
}

// Colours turns values into colours.
type Colours interface {
	Colour(v float64) color.RGBA
	// Legend describes the scale, with the values at its ends; Legend
	// returns ok false for a scale not worth a legend.
	Legend() (lo, hi float64, label string, ok bool)
}

// Grey draws 0 black and 1 white: MNIST's pixels as the network sees them.
type Grey struct{}

// Colour returns v's grey.
func (Grey) Colour(v float64) color.RGBA {
	g := uint8(math.Round(255 * max(0, min(1, v))))
	return color.RGBA{g, g, g, 255}
}

// Legend reports no legend: black is 0, white 1.
func (Grey) Legend() (float64, float64, string, bool) { return 0, 1, "", false }

// Diverging draws −Max blue, 0 white and +Max red, a scale on which the
// sign of a weight shows at once; Max is the largest magnitude shown.
type Diverging struct {
	Max   float64
	Label string
}

// Colour returns v's colour: white fading to red or blue as |v| grows.
func (d Diverging) Colour(v float64) color.RGBA {
	t := 0.0
	if d.Max > 0 {
		t = max(-1, min(1, v/d.Max))
	}
	// From white to #b2182b (red) or #2166ac (blue).
	end := [3]float64{0xb2, 0x18, 0x2b}
	if t < 0 {
		end, t = [3]float64{0x21, 0x66, 0xac}, -t
	}
	mix := func(c float64) uint8 { return uint8(math.Round(255 + float64(t*(c-255)))) }
	return color.RGBA{mix(end[0]), mix(end[1]), mix(end[2]), 255}
}

// Legend reports the scale's ends.
func (d Diverging) Legend() (float64, float64, string, bool) { return -d.Max, d.Max, d.Label, true }

const (
	gridGap     = 6  // between images
	gridCaption = 14 // the height of a caption line
	gridPanel   = 28 // between panels
	gridTop     = 40 // the title
	gridSub     = 22 // a subtitle
	gridLegend  = 44 // a colour scale
)

// SVG renders the grid.
func (g *Grid) SVG() []byte {
	// Lay out the panels: each as wide as its columns, as tall as its rows.
	type box struct{ x, w, h, tile, tileH int }
	boxes := make([]box, len(g.Panels))
	x, height := gridPanel/2, 0
	for i, p := range g.Panels {
		rows := (len(p.Tiles) + p.Cols - 1) / p.Cols
		tile := p.Width * p.Zoom
		tileH := tile
		if len(p.Tiles) > 0 {
			tileH = len(p.Tiles[0].Values) / p.Width * p.Zoom
		}
		capH := 0
		if hasCaptions(p.Tiles) {
			capH = gridCaption
		}
		w := p.Cols*(tile+gridGap) - gridGap
		h := gridSub + rows*(tileH+capH+gridGap)
		if _, _, _, ok := p.Scale.Legend(); ok {
			h += gridLegend
		}
		boxes[i] = box{x, w, h, tile, tileH + capH}
		x += w + gridPanel
		height = max(height, h)
	}
	width, height := max(x-gridPanel/2, 320), height+gridTop+8

	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif" font-size="11">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<text x="%d" y="24" text-anchor="middle" font-size="16" font-weight="bold">%s</text>`+"\n", width/2, html.EscapeString(g.Title))
	for i, p := range g.Panels {
		bx := boxes[i]
		top := gridTop
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="13">%s</text>`+"\n", bx.x+bx.w/2, top+14, html.EscapeString(p.Subtitle))
		top += gridSub
		for k, t := range p.Tiles {
			tx := bx.x + (k%p.Cols)*(bx.tile+gridGap)
			ty := top + (k/p.Cols)*(bx.tileH+gridGap)
			w, h := p.Width, len(t.Values)/p.Width
			fmt.Fprintf(&b, `<image x="%d" y="%d" width="%d" height="%d" style="image-rendering:pixelated" href="data:image/png;base64,%s"/>`+"\n",
				tx, ty, w*p.Zoom, h*p.Zoom, tilePNG(t.Values, w, h, p.Scale))
			if t.Caption != "" {
				fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">%s</text>`+"\n", tx+bx.tile/2, ty+h*p.Zoom+11, html.EscapeString(t.Caption))
			}
		}
		if lo, hi, label, ok := p.Scale.Legend(); ok {
			ly := top + bx.h - gridSub - gridLegend + 8
			const steps = 40
			sw := float64(bx.w) / steps
			for s := range steps {
				v := lo + (hi-lo)*(float64(s)+0.5)/steps
				c := p.Scale.Colour(v)
				fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="10" fill="#%02x%02x%02x"/>`, float64(bx.x)+float64(float64(s)*sw), ly, sw+0.5, c.R, c.G, c.B)
			}
			b.WriteString("\n")
			fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text><text x="%d" y="%d" text-anchor="middle">0</text><text x="%d" y="%d" text-anchor="end">%s</text>`+"\n",
				bx.x, ly+22, strconv.FormatFloat(lo, 'g', 3, 64), bx.x+bx.w/2, ly+22, bx.x+bx.w, ly+22, strconv.FormatFloat(hi, 'g', 3, 64))
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">%s</text>`+"\n", bx.x+bx.w/2, ly+34, html.EscapeString(label))
		}
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

func hasCaptions(tiles []Tile) bool {
	for _, t := range tiles {
		if t.Caption != "" {
			return true
		}
	}
	return false
}

// tilePNG encodes one image's values, w×h, as a base64 PNG.
func tilePNG(values []float64, w, h int, scale Colours) string {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i, v := range values[:w*h] {
		img.SetRGBA(i%w, i/w, scale.Colour(v))
	}
	var b bytes.Buffer
	tileEncoder.Encode(&b, img)
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

// tileEncoder encodes the tiles with one compressor, kept between them: a
// new one per image would allocate about a megabyte each time.
var tileEncoder = &png.Encoder{BufferPool: &encoderPool{}}

// encoderPool keeps one png.EncoderBuffer for reuse.
type encoderPool struct {
	mu  sync.Mutex
	buf *png.EncoderBuffer
}

func (p *encoderPool) Get() *png.EncoderBuffer {
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.buf
	p.buf = nil
	return b
}

func (p *encoderPool) Put(b *png.EncoderBuffer) {
	p.mu.Lock()
	p.buf = b
	p.mu.Unlock()
}
