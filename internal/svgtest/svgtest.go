// Package svgtest reads the project's SVG figures back as a viewer does,
// for the tests of the packages that draw them: the elements, a chart's
// axes from its tick labels, a polyline's points, an embedded image.
package svgtest

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"image"
	"image/png"
	"strconv"
	"strings"
	"testing"
)

// An Element is one element of an SVG, read back as a viewer reads it.
type Element struct {
	Name  string
	Attr  map[string]string
	Text  string
	Inner []*Element
}

// Parse reads an SVG into its tree of elements, failing the test if it
// is not well-formed XML.
func Parse(t *testing.T, svg []byte) *Element {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	root := &Element{}
	stack := []*Element{root}
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("not well-formed XML: %v", err)
			}
			break
		}
		top := stack[len(stack)-1]
		switch tok := tok.(type) {
		case xml.StartElement:
			e := &Element{Name: tok.Name.Local, Attr: map[string]string{}}
			for _, a := range tok.Attr {
				e.Attr[a.Name.Local] = a.Value
			}
			top.Inner = append(top.Inner, e)
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.Text += string(tok)
		}
	}
	return root
}

// All returns the elements named name anywhere below e, in document order.
func (e *Element) All(name string) []*Element {
	var out []*Element
	for _, c := range e.Inner {
		if c.Name == name {
			out = append(out, c)
		}
		out = append(out, c.All(name)...)
	}
	return out
}

func (e *Element) Num(t *testing.T, key string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(e.Attr[key], 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", e.Name, key, e.Attr[key], err)
	}
	return v
}

// An Axis maps data values to pixels as the tick labels say: the pixel of
// value v is A + B·v, fitted to the first and last tick.
type Axis struct{ A, B float64 }

// Value is the data value at pixel.
func (ax Axis) Value(pixel float64) float64 { return (pixel - ax.A) / ax.B }

// ReadChart reads a chart as a viewer would: the plot frame, and each
// axis from its tick labels and their positions.
func ReadChart(t *testing.T, root *Element) (frame [4]float64, x, y Axis, xTicks, yTicks []float64) {
	t.Helper()
	for _, r := range root.All("rect") {
		if r.Attr["fill"] == "none" && r.Attr["stroke"] == "#333" {
			frame = [4]float64{r.Num(t, "x"), r.Num(t, "y"), r.Num(t, "width"), r.Num(t, "height")}
		}
	}
	bottom := frame[1] + frame[3]
	var xs, xv, ys, yv []float64
	for _, e := range root.All("text") {
		v, err := strconv.ParseFloat(e.Text, 64)
		if err != nil {
			continue // a title or an axis label
		}
		switch {
		case e.Attr["text-anchor"] == "middle" && e.Num(t, "y") > bottom && e.Num(t, "y") < bottom+30:
			xs, xv = append(xs, e.Num(t, "x")), append(xv, v)
		case e.Attr["text-anchor"] == "end" && e.Num(t, "x") < frame[0]:
			ys, yv = append(ys, e.Num(t, "y")), append(yv, v)
		}
	}
	if len(xs) < 2 || len(ys) < 2 {
		t.Fatalf("tick labels: %v on x, %v on y", xv, yv)
	}
	fit := func(p, v []float64) Axis {
		n := len(p) - 1
		b := (p[n] - p[0]) / (v[n] - v[0])
		return Axis{p[0] - float64(b*v[0]), b}
	}
	return frame, fit(xs, xv), fit(ys, yv), xv, yv
}

// Points reads a polyline's points.
func Points(t *testing.T, e *Element) [][2]float64 {
	t.Helper()
	var out [][2]float64
	for _, p := range strings.Fields(e.Attr["points"]) {
		a, b, ok := strings.Cut(p, ",")
		px, err1 := strconv.ParseFloat(a, 64)
		py, err2 := strconv.ParseFloat(b, 64)
		if !ok || err1 != nil || err2 != nil {
			t.Fatalf("point %q", p)
		}
		out = append(out, [2]float64{px, py})
	}
	return out
}

// Image decodes the PNG an <image> element carries in its href.
func Image(t *testing.T, e *Element) image.Image {
	t.Helper()
	data, ok := strings.CutPrefix(e.Attr["href"], "data:image/png;base64,")
	raw, err := base64.StdEncoding.DecodeString(data)
	if !ok || err != nil {
		t.Fatalf("<image href=%.40q>: %v", e.Attr["href"], err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("<image>: %v", err)
	}
	return img
}
