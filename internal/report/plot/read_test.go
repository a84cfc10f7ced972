package plot

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"testing"

	"dlfs/internal/svgtest"
)

// TestChartReadBack draws lines and reads the SVG back as a viewer: every
// point lands where the tick labels say its value is, within the rounding
// of points and ticks to a tenth of a pixel; y grows upwards; the ticks
// are evenly spaced; the axes' ranges hold the data inside the frame; points that
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
		root := svgtest.Parse(t, c.SVG())
		frame, x, y, xTicks, yTicks := svgtest.ReadChart(t, root)
		if y.B >= 0 || x.B <= 0 {
			t.Errorf("%s: x grows %v a unit, y %v: want x to the right, y upwards", c.Title, x.B, y.B)
		}
		for _, tk := range [][]float64{xTicks, yTicks} {
			for i := 2; i < len(tk); i++ {
				if !(math.Abs((tk[i]-tk[i-1])-(tk[1]-tk[0])) <= 1e-9*math.Abs(tk[1]-tk[0])) {
					t.Errorf("%s: ticks %v are not evenly spaced", c.Title, tk)
				}
			}
		}
		lines := root.All("polyline")
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
			got := svgtest.Points(t, lines[i])
			if len(got) != len(want) {
				t.Fatalf("%s, line %d: %d points, want %d", c.Title, i, len(got), len(want))
			}
			for j, p := range got {
				gx, gy := x.Value(p[0]), y.Value(p[1])
				if !(math.Abs(gx-want[j][0]) <= 0.15/x.B) || !(math.Abs(gy-want[j][1]) <= 0.15/-y.B) {
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
		var legend []*svgtest.Element
		for _, l := range root.All("line") {
			if l.Attr["stroke-width"] == "2" {
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
			if s.Attr["stroke"] != lines[i].Attr["stroke"] || s.Attr["stroke-dasharray"] != lines[i].Attr["stroke-dasharray"] {
				t.Errorf("%s: the legend of %q is drawn %s %q, the line %s %q", c.Title, l.Label,
					s.Attr["stroke"], s.Attr["stroke-dasharray"], lines[i].Attr["stroke"], lines[i].Attr["stroke-dasharray"])
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
	root := svgtest.Parse(t, m.SVG())
	rowAt, colAt := map[string]string{}, map[string]string{} // a label's y (rows) and x (columns)
	var cells []*svgtest.Element
	for _, e := range root.All("text") {
		switch {
		case e.Attr["font-weight"] == "bold" && e.Attr["text-anchor"] == "end":
			rowAt[e.Attr["y"]] = e.Text
		case e.Attr["font-weight"] == "bold" && e.Attr["text-anchor"] == "middle" && e.Attr["font-size"] == "":
			colAt[e.Attr["x"]] = e.Text
		case e.Attr["fill"] != "":
			cells = append(cells, e)
		}
	}
	index := map[string]int{"0": 0, "1": 1, "2": 2}
	seen := 0
	for _, e := range cells {
		r, okR := rowAt[e.Attr["y"]]
		c, okC := colAt[e.Attr["x"]]
		if !okR || !okC {
			t.Errorf("count %s at (%s, %s) is in no labelled row or column", e.Text, e.Attr["x"], e.Attr["y"])
			continue
		}
		if want := strconv.Itoa(m.Counts[index[r]][index[c]]); e.Text != want {
			t.Errorf("row %s, column %s reads %s, want %s", r, c, e.Text, want)
		}
		seen++
	}
	if seen != 7 {
		t.Errorf("%d counts drawn, want the 7 that are not zero", seen)
	}
	// The squares, row by row: brightness falls as the count grows.
	var squares []*svgtest.Element
	for _, r := range root.All("rect") {
		if r.Attr["stroke"] == "#ccc" {
			squares = append(squares, r)
		}
	}
	if len(squares) != 9 {
		t.Fatalf("%d squares, want 9", len(squares))
	}
	flat := []int{50, 3, 0, 1, 40, 7, 0, 12, 35}
	for i := range squares {
		for j := range squares {
			if flat[i] < flat[j] && rgb(t, squares[i].Attr["fill"]) <= rgb(t, squares[j].Attr["fill"]) {
				t.Errorf("a square of %d is no lighter than one of %d", flat[i], flat[j])
			}
		}
		if flat[i] == 0 && squares[i].Attr["fill"] != "rgb(255,255,255)" {
			t.Errorf("a square of 0 is %s, want white", squares[i].Attr["fill"])
		}
	}
	for i, note := range m.RowNotes {
		found := false
		for _, e := range root.All("text") {
			if e.Text == note && rowAt[e.Attr["y"]] == m.Labels[i] {
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
	root := svgtest.Parse(t, g.SVG())
	images := root.All("image")
	if len(images) != 5 {
		t.Fatalf("%d images, want 5", len(images))
	}
	x0, y0 := images[0].Num(t, "x"), images[0].Num(t, "y")
	for k, e := range images {
		x, y := e.Num(t, "x"), e.Num(t, "y")
		if col, row := k%3, k/3; (x > x0) != (col > 0) || (y > y0) != (row > 0) || (col == 0 && x != x0) || (row == 0 && y != y0) {
			t.Errorf("image %d at (%v, %v), the first at (%v, %v): not at row %d, column %d", k, x, y, x0, y0, row, col)
		}
		if e.Num(t, "width") != 20 || e.Num(t, "height") != 15 {
			t.Errorf("image %d is %v×%v, want 20×15 (4×3 pixels at zoom 5)", k, e.Attr["width"], e.Attr["height"])
		}
		img := svgtest.Image(t, e)
		if img.Bounds().Dx() != 4 || img.Bounds().Dy() != 3 {
			t.Fatalf("image %d: %v", k, img.Bounds())
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
		for _, c := range root.All("text") {
			if c.Text == tile(k).Caption && c.Num(t, "x") == x+10 && c.Num(t, "y") > y+15 {
				caption = true
			}
		}
		if !caption {
			t.Errorf("image %d: no caption %q under it", k, tile(k).Caption)
		}
	}
}
