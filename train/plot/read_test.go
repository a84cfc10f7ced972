package plot

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"image/color"
	"image/png"
	"math"
	"strconv"
	"strings"
	"testing"
)

// An element is one element of an SVG, read back as a viewer reads it.
type element struct {
	name  string
	attr  map[string]string
	text  string
	inner []*element
}

// parseSVG reads an SVG into its tree of elements, failing the test if it
// is not well-formed XML.
func parseSVG(t *testing.T, svg []byte) *element {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	root := &element{}
	stack := []*element{root}
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
			e := &element{name: tok.Name.Local, attr: map[string]string{}}
			for _, a := range tok.Attr {
				e.attr[a.Name.Local] = a.Value
			}
			top.inner = append(top.inner, e)
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.text += string(tok)
		}
	}
	return root
}

// all returns the elements named name anywhere below e, in document order.
func (e *element) all(name string) []*element {
	var out []*element
	for _, c := range e.inner {
		if c.name == name {
			out = append(out, c)
		}
		out = append(out, c.all(name)...)
	}
	return out
}

func (e *element) num(t *testing.T, key string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(e.attr[key], 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", e.name, key, e.attr[key], err)
	}
	return v
}

// An axis maps data values to pixels as the tick labels say: the pixel of
// value v is a + b·v, fitted to the first and last tick.
type axis struct{ a, b float64 }

func (ax axis) value(pixel float64) float64 { return (pixel - ax.a) / ax.b }

// readChart reads a chart as a viewer would: the plot frame, and each
// axis from its tick labels and their positions.
func readChart(t *testing.T, root *element) (frame [4]float64, x, y axis, xTicks, yTicks []float64) {
	t.Helper()
	for _, r := range root.all("rect") {
		if r.attr["fill"] == "none" && r.attr["stroke"] == "#333" {
			frame = [4]float64{r.num(t, "x"), r.num(t, "y"), r.num(t, "width"), r.num(t, "height")}
		}
	}
	bottom := frame[1] + frame[3]
	var xs, xv, ys, yv []float64
	for _, e := range root.all("text") {
		v, err := strconv.ParseFloat(e.text, 64)
		if err != nil {
			continue // a title or an axis label
		}
		switch {
		case e.attr["text-anchor"] == "middle" && e.num(t, "y") > bottom && e.num(t, "y") < bottom+30:
			xs, xv = append(xs, e.num(t, "x")), append(xv, v)
		case e.attr["text-anchor"] == "end" && e.num(t, "x") < frame[0]:
			ys, yv = append(ys, e.num(t, "y")), append(yv, v)
		}
	}
	if len(xs) < 2 || len(ys) < 2 {
		t.Fatalf("tick labels: %v on x, %v on y", xv, yv)
	}
	fit := func(p, v []float64) axis {
		n := len(p) - 1
		b := (p[n] - p[0]) / (v[n] - v[0])
		return axis{p[0] - b*v[0], b}
	}
	return frame, fit(xs, xv), fit(ys, yv), xv, yv
}

// points reads a polyline's points.
func points(t *testing.T, e *element) [][2]float64 {
	t.Helper()
	var out [][2]float64
	for _, p := range strings.Fields(e.attr["points"]) {
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

// TestChartReadBack draws lines and reads the SVG back as a viewer: every
// point lands where the tick labels say its value is, within the
// rounding of points and ticks to a tenth of a pixel; y grows upwards; the ticks are evenly
// spaced; the axes' ranges hold the data inside the frame; points that
// are not finite are left out; each legend entry is drawn in its line's
// colour and dash.
func TestChartReadBack(t *testing.T) {
	xs := []float64{0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100}
	a := []float64{2.3, 1.1, 0.7, 0.55, 0.4, 0.35, 0.3, 0.32, 0.25, 0.2, 0.21}
	b := []float64{-3, -1, 0, 2, 4, 7, math.NaN(), 5, 3, 1, 0}
	for _, c := range []*Chart{
		{Title: "fitted", Lines: []Line{{Label: "a", X: xs, Y: a}, {Label: "b", X: xs, Y: b, Dashed: true, Markers: true}}},
		{Title: "fixed", YMin: -5, YMax: 10, LegendAt: "bottom-right", Lines: []Line{{Label: "a", X: xs, Y: a}, {Label: "b", X: xs, Y: b, Dashed: true}}},
		{Title: "small", Lines: []Line{{X: []float64{0.001, 0.002, 0.003}, Y: []float64{1e-5, 3e-5, 2e-5}}}},
	} {
		root := parseSVG(t, c.SVG())
		frame, x, y, xTicks, yTicks := readChart(t, root)
		if y.b >= 0 || x.b <= 0 {
			t.Errorf("%s: x grows %v a unit, y %v: want x to the right, y upwards", c.Title, x.b, y.b)
		}
		for _, tk := range [][]float64{xTicks, yTicks} {
			for i := 2; i < len(tk); i++ {
				if math.Abs((tk[i]-tk[i-1])-(tk[1]-tk[0])) > 1e-9*math.Abs(tk[1]-tk[0]) {
					t.Errorf("%s: ticks %v are not evenly spaced", c.Title, tk)
				}
			}
		}
		lines := root.all("polyline")
		if len(lines) != len(c.Lines) {
			t.Fatalf("%s: %d polylines for %d lines", c.Title, len(lines), len(c.Lines))
		}
		for i, l := range c.Lines {
			var want [][2]float64
			for j := range l.X {
				if !math.IsNaN(l.Y[j]) {
					want = append(want, [2]float64{l.X[j], l.Y[j]})
				}
			}
			got := points(t, lines[i])
			if len(got) != len(want) {
				t.Fatalf("%s, line %d: %d points, want %d", c.Title, i, len(got), len(want))
			}
			for j, p := range got {
				gx, gy := x.value(p[0]), y.value(p[1])
				if math.Abs(gx-want[j][0]) > 0.15/x.b || math.Abs(gy-want[j][1]) > 0.15/-y.b {
					t.Errorf("%s, line %d: point %d reads as (%v, %v), want %v", c.Title, i, j, gx, gy, want[j])
				}
				if p[0] < frame[0] || p[0] > frame[0]+frame[2] || p[1] < frame[1] || p[1] > frame[1]+frame[3] {
					t.Errorf("%s, line %d: point %d at %v, outside the frame %v", c.Title, i, j, p, frame)
				}
			}
			if c.YMin != c.YMax && (yTicks[0] != c.YMin || yTicks[len(yTicks)-1] != c.YMax) {
				t.Errorf("%s: y ticks %v, want the range %v to %v", c.Title, yTicks, c.YMin, c.YMax)
			}
		}
		// The legend: an entry a labelled line, its sample drawn as the line is.
		var legend []*element
		for _, l := range root.all("line") {
			if l.attr["stroke-width"] == "2" {
				legend = append(legend, l)
			}
		}
		n := 0
		for i, l := range c.Lines {
			if l.Label == "" {
				continue
			}
			if n >= len(legend) {
				t.Fatalf("%s: %d legend samples", c.Title, len(legend))
			}
			s := legend[n]
			if s.attr["stroke"] != lines[i].attr["stroke"] || s.attr["stroke-dasharray"] != lines[i].attr["stroke-dasharray"] {
				t.Errorf("%s: the legend of %q is drawn %s %q, the line %s %q", c.Title, l.Label,
					s.attr["stroke"], s.attr["stroke-dasharray"], lines[i].attr["stroke"], lines[i].attr["stroke-dasharray"])
			}
			n++
		}
		if n != len(legend) {
			t.Errorf("%s: %d legend samples for %d labelled lines", c.Title, len(legend), n)
		}
	}
}

// rgb reads a fill "rgb(r,g,b)" as its brightness, r+g+b.
func rgb(t *testing.T, fill string) int {
	t.Helper()
	var r, g, b int
	if _, err := fmt.Sscanf(fill, "rgb(%d,%d,%d)", &r, &g, &b); err != nil {
		t.Fatalf("fill %q: %v", fill, err)
	}
	return r + g + b
}

// TestMatrixReadBack reads a confusion matrix back as a viewer: each count
// stands in the row its row label names and the column its column label
// names, on a square shaded darker for a larger count (white for none);
// no count is drawn for a zero; each note stands beside its row.
func TestMatrixReadBack(t *testing.T) {
	m := &Matrix{Title: "confusion", Labels: []string{"0", "1", "2"},
		Counts:   [][]int{{50, 3, 0}, {1, 40, 7}, {0, 12, 35}},
		RowNotes: []string{"94%", "83%", "74%"}, NotesTitle: "right"}
	root := parseSVG(t, m.SVG())
	rowAt, colAt := map[string]string{}, map[string]string{} // a label's y (rows) and x (columns)
	var cells []*element
	for _, e := range root.all("text") {
		switch {
		case e.attr["font-weight"] == "bold" && e.attr["text-anchor"] == "end":
			rowAt[e.attr["y"]] = e.text
		case e.attr["font-weight"] == "bold" && e.attr["text-anchor"] == "middle" && e.attr["font-size"] == "":
			colAt[e.attr["x"]] = e.text
		case e.attr["fill"] != "":
			cells = append(cells, e)
		}
	}
	index := map[string]int{"0": 0, "1": 1, "2": 2}
	seen := 0
	for _, e := range cells {
		r, okR := rowAt[e.attr["y"]]
		c, okC := colAt[e.attr["x"]]
		if !okR || !okC {
			t.Errorf("count %s at (%s, %s) is in no labelled row or column", e.text, e.attr["x"], e.attr["y"])
			continue
		}
		if want := strconv.Itoa(m.Counts[index[r]][index[c]]); e.text != want {
			t.Errorf("row %s, column %s reads %s, want %s", r, c, e.text, want)
		}
		seen++
	}
	if seen != 7 {
		t.Errorf("%d counts drawn, want the 7 that are not zero", seen)
	}
	// The squares, row by row: brightness falls as the count grows.
	var squares []*element
	for _, r := range root.all("rect") {
		if r.attr["stroke"] == "#ccc" {
			squares = append(squares, r)
		}
	}
	if len(squares) != 9 {
		t.Fatalf("%d squares, want 9", len(squares))
	}
	flat := []int{50, 3, 0, 1, 40, 7, 0, 12, 35}
	for i := range squares {
		for j := range squares {
			if flat[i] < flat[j] && rgb(t, squares[i].attr["fill"]) <= rgb(t, squares[j].attr["fill"]) {
				t.Errorf("a square of %d is no lighter than one of %d", flat[i], flat[j])
			}
		}
		if flat[i] == 0 && squares[i].attr["fill"] != "rgb(255,255,255)" {
			t.Errorf("a square of 0 is %s, want white", squares[i].attr["fill"])
		}
	}
	for i, note := range m.RowNotes {
		found := false
		for _, e := range root.all("text") {
			if e.text == note && rowAt[e.attr["y"]] == m.Labels[i] {
				found = true
			}
		}
		if !found {
			t.Errorf("note %q is not beside row %s", note, m.Labels[i])
		}
	}
}

// TestGridReadBack reads a grid back as a viewer: the images stand in
// row-major order, Cols to a row, each a PNG whose pixel (x, y) is value
// y·Width + x of its tile in the panel's colours (positive red, negative
// blue, zero white on the diverging scale), at the zoom asked, with its
// caption under it.
func TestGridReadBack(t *testing.T) {
	tile := func(k int) Tile {
		v := make([]float64, 12) // 4 wide, 3 high
		for i := range v {
			v[i] = float64((i*7+k*5)%11-5) / 5
		}
		return Tile{Values: v, Caption: "tile " + strconv.Itoa(k)}
	}
	g := &Grid{Title: "units", Panels: []Panel{{Subtitle: "W1", Cols: 3, Width: 4, Zoom: 5,
		Tiles: []Tile{tile(0), tile(1), tile(2), tile(3), tile(4)}, Scale: Diverging{Max: 1, Label: "weight"}}}}
	root := parseSVG(t, g.SVG())
	images := root.all("image")
	if len(images) != 5 {
		t.Fatalf("%d images, want 5", len(images))
	}
	x0, y0 := images[0].num(t, "x"), images[0].num(t, "y")
	for k, e := range images {
		x, y := e.num(t, "x"), e.num(t, "y")
		if col, row := k%3, k/3; (x > x0) != (col > 0) || (y > y0) != (row > 0) || (col == 0 && x != x0) || (row == 0 && y != y0) {
			t.Errorf("image %d at (%v, %v), the first at (%v, %v): not at row %d, column %d", k, x, y, x0, y0, row, col)
		}
		if e.num(t, "width") != 20 || e.num(t, "height") != 15 {
			t.Errorf("image %d is %v×%v, want 20×15 (4×3 pixels at zoom 5)", k, e.attr["width"], e.attr["height"])
		}
		data, ok := strings.CutPrefix(e.attr["href"], "data:image/png;base64,")
		raw, err := base64.StdEncoding.DecodeString(data)
		if !ok || err != nil {
			t.Fatalf("image %d: href %.40q: %v", k, e.attr["href"], err)
		}
		img, err := png.Decode(bytes.NewReader(raw))
		if err != nil || img.Bounds().Dx() != 4 || img.Bounds().Dy() != 3 {
			t.Fatalf("image %d: %v, %v", k, img.Bounds(), err)
		}
		want := tile(k).Values
		for py := range 3 {
			for px := range 4 {
				v := want[py*4+px]
				r, _, bl, _ := img.At(px, py).RGBA()
				switch {
				case v > 0 && r <= bl, v < 0 && bl <= r, v == 0 && (r>>8 != 255 || bl>>8 != 255):
					t.Errorf("image %d, pixel (%d, %d) of value %v is red %d, blue %d", k, px, py, v, r>>8, bl>>8)
				}
				if c := g.Panels[0].Scale.Colour(v); (color.RGBAModel.Convert(img.At(px, py))) != c {
					t.Errorf("image %d, pixel (%d, %d) is %v, want %v", k, px, py, img.At(px, py), c)
				}
			}
		}
		caption := false
		for _, c := range root.all("text") {
			if c.text == tile(k).Caption && c.num(t, "x") == x+10 && c.num(t, "y") > y+15 {
				caption = true
			}
		}
		if !caption {
			t.Errorf("image %d: no caption %q under it", k, tile(k).Caption)
		}
	}
}
