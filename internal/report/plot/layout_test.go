package plot

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"
	"testing"

	"dlfs/internal/svgtest"
)

// The layout tests read a figure as a viewer sees it: every mark on the
// canvas, no two texts on top of each other, and each title and label
// where it names what it names.

// A box is a rectangle of the canvas: its left, top, width and height.
type box struct{ x, y, w, h float64 }

func (b box) right() float64  { return b.x + b.w }
func (b box) bottom() float64 { return b.y + b.h }

// The middle of a box; the explicit conversions keep the compiler from
// fusing the halving and the sum, which TestNoFusedMultiplyAdd forbids.
func (b box) midX() float64 { return b.x + float64(b.w/2) }
func (b box) midY() float64 { return b.y + float64(b.h/2) }

// overlaps reports whether a and b share more than a pixel's sliver.
func (a box) overlaps(b box) bool {
	return a.x+1 < b.right() && b.x+1 < a.right() && a.y+1 < b.bottom() && b.y+1 < a.bottom()
}

// A label is a text of the figure and where a viewer sees it.
type label struct {
	e    *svgtest.Element
	text string
	at   box
}

// figure is an SVG read back: its canvas, root and texts.
type figure struct {
	root   *svgtest.Element
	w, h   float64
	labels []label
}

// readFigure parses svg and checks what holds of every figure: every
// text, line, rectangle, image and circle lies on the canvas, and no two
// texts overlap. A text's box is estimated as a viewer's font draws it:
// each character about 0.6 of the font size wide (Helvetica's digits are
// 0.556 of it), a line a font size high above its baseline, or centred on
// y with dominant-baseline="middle"; placed by its anchor; a text turned
// by rotate(-90) about translate(x y) stands along x.
func readFigure(t *testing.T, name string, svg []byte) *figure {
	t.Helper()
	root := svgtest.Parse(t, svg)
	top := root.All("svg")[0]
	f := &figure{root: root, w: top.Num(t, "width"), h: top.Num(t, "height")}
	size := top.Num(t, "font-size")
	if !(f.w > 0 && f.h > 0) {
		t.Fatalf("%s: a canvas of %v×%v", name, f.w, f.h)
	}
	inside := func(what string, b box) {
		if b.x < -0.5 || b.y < -0.5 || b.right() > f.w+0.5 || b.bottom() > f.h+0.5 {
			t.Errorf("%s: %s at %+v, off the %v×%v canvas", name, what, b, f.w, f.h)
		}
	}
	for _, e := range root.All("text") {
		fs := size
		if v, ok := e.Attr["font-size"]; ok {
			fs, _ = strconv.ParseFloat(v, 64)
		}
		length := float64(0.6 * fs * float64(len([]rune(e.Text))))
		var b box
		if tr, ok := e.Attr["transform"]; ok {
			var x, y float64
			if _, err := fmt.Sscanf(tr, "translate(%g %g) rotate(-90)", &x, &y); err != nil {
				t.Fatalf("%s: text %q turned by %q", name, e.Text, tr)
			}
			b = box{x - fs, y - float64(length/2), fs, length}
		} else {
			x, y := e.Num(t, "x"), e.Num(t, "y")
			b = box{x, y - float64(0.8*fs), length, fs}
			if e.Attr["dominant-baseline"] == "middle" {
				b.y = y - float64(fs/2)
			}
			switch e.Attr["text-anchor"] {
			case "middle":
				b.x -= float64(length / 2)
			case "end":
				b.x -= length
			}
		}
		inside(fmt.Sprintf("text %q", e.Text), b)
		f.labels = append(f.labels, label{e, e.Text, b})
	}
	for i, a := range f.labels {
		for _, b := range f.labels[i+1:] {
			if a.text != "" && b.text != "" && a.at.overlaps(b.at) {
				t.Errorf("%s: text %q at %+v overlaps %q at %+v", name, a.text, a.at, b.text, b.at)
			}
		}
	}
	for _, e := range root.All("line") {
		inside("a line", box{min(e.Num(t, "x1"), e.Num(t, "x2")), min(e.Num(t, "y1"), e.Num(t, "y2")),
			math.Abs(e.Num(t, "x2") - e.Num(t, "x1")), math.Abs(e.Num(t, "y2") - e.Num(t, "y1"))})
	}
	for _, name := range []string{"rect", "image"} {
		for _, e := range root.All(name) {
			if e.Attr["width"] == "100%" || e.Attr["x"] == "" {
				continue // the background, and the clip's path inside defs
			}
			inside("a "+name, box{e.Num(t, "x"), e.Num(t, "y"), e.Num(t, "width"), e.Num(t, "height")})
		}
	}
	for _, e := range root.All("circle") {
		r := e.Num(t, "r")
		inside("a marker", box{e.Num(t, "cx") - r, e.Num(t, "cy") - r, 2 * r, 2 * r})
	}
	// The images: none over another, no text over one.
	var images []box
	for _, e := range root.All("image") {
		images = append(images, box{e.Num(t, "x"), e.Num(t, "y"), e.Num(t, "width"), e.Num(t, "height")})
	}
	for i, a := range images {
		for _, b := range images[i+1:] {
			if a.overlaps(b) {
				t.Errorf("%s: an image at %+v overlaps one at %+v", name, a, b)
			}
		}
		for _, l := range f.labels {
			if l.text != "" && l.at.overlaps(a) {
				t.Errorf("%s: text %q at %+v overlaps an image at %+v", name, l.text, l.at, a)
			}
		}
	}
	// The canvas fits what is drawn: no side left empty wider than 40
	// pixels.
	right, bottom := 0.0, 0.0
	for _, l := range f.labels {
		right, bottom = max(right, l.at.right()), max(bottom, l.at.bottom())
	}
	for _, b := range images {
		right, bottom = max(right, b.right()), max(bottom, b.bottom())
	}
	for _, e := range root.All("rect") {
		if e.Attr["x"] != "" && e.Attr["width"] != "100%" {
			right, bottom = max(right, e.Num(t, "x")+e.Num(t, "width")), max(bottom, e.Num(t, "y")+e.Num(t, "height"))
		}
	}
	if f.w-right > 40 || f.h-bottom > 40 {
		t.Errorf("%s: the %v×%v canvas is empty right of %v or below %v", name, f.w, f.h, right, bottom)
	}
	return f
}

// find returns the label whose text is s.
func (f *figure) find(t *testing.T, name, s string) label {
	t.Helper()
	for _, l := range f.labels {
		if l.text == s {
			return l
		}
	}
	t.Fatalf("%s: no text %q", name, s)
	return label{}
}

// near reports whether a and b are within half a pixel.
func near(a, b float64) bool { return math.Abs(a-b) <= 0.5 }

// TestChartLayout: the title centred above the frame, the x label centred
// under the tick labels, the y label centred on the frame's left beyond
// its tick labels; grid lines from edge to edge of the frame; each legend
// entry's name right of its sample on one line, the entries 20 pixels
// apart in the lines' order, on a white ground that holds them, in the
// corner LegendAt names; lines in their own colour and width, arrows in
// theirs.
func TestChartLayout(t *testing.T) {
	xs := []float64{0, 10, 20, 30, 40}
	lines := []Line{
		{Label: "train", X: xs, Y: []float64{0.1, 0.5, 0.7, 0.8, 0.85}},
		{X: xs, Y: []float64{0.2, 0.3, 0.4, 0.5, 0.6}, Color: "#123456", Width: 3},
		{Label: "test", X: xs, Y: []float64{0.1, 0.45, 0.65, 0.75, 0.8}, Dashed: true, Markers: true},
	}
	for _, at := range []string{"", "top-left", "bottom-right"} {
		c := &Chart{Title: "Accuracy as it learns", XLabel: "epoch", YLabel: "accuracy", LegendAt: at, Lines: lines,
			Arrows: []Arrow{{0, 0.1, 10, 0.5}}, ArrowColor: "#abcdef"}
		name := "legend " + at
		f := readFigure(t, name, c.SVG())
		var frame box
		for _, r := range f.root.All("rect") {
			if r.Attr["stroke"] == "#333" {
				frame = box{r.Num(t, "x"), r.Num(t, "y"), r.Num(t, "width"), r.Num(t, "height")}
			}
		}
		var xTicks, yTicks []label
		for _, l := range f.labels {
			switch {
			case l.e.Attr["y"] == "":
			case l.e.Attr["text-anchor"] == "middle" && near(l.e.Num(t, "y"), frame.bottom()+18):
				xTicks = append(xTicks, l)
			case l.e.Attr["text-anchor"] == "end" && l.e.Attr["font-size"] == "":
				yTicks = append(yTicks, l)
			}
		}
		if len(xTicks) < 3 || len(yTicks) < 3 {
			t.Fatalf("%s: %d x and %d y tick labels", name, len(xTicks), len(yTicks))
		}
		title, xl, yl := f.find(t, name, c.Title), f.find(t, name, "epoch"), f.find(t, name, "accuracy")
		if !near(title.e.Num(t, "x"), float64(f.w/2)) || title.at.bottom() > frame.y {
			t.Errorf("%s: the title at %+v, not centred above the frame %+v", name, title.at, frame)
		}
		if !near(xl.e.Num(t, "x"), frame.midX()) || xl.at.y < xTicks[0].at.bottom() {
			t.Errorf("%s: the x label at %+v, not centred under the tick labels (%+v) of the frame %+v", name, xl.at, xTicks[0].at, frame)
		}
		if !near(yl.at.midY(), frame.midY()) || yl.at.right() > yTicks[0].at.x {
			t.Errorf("%s: the y label at %+v, not centred left of the tick labels (%+v) of the frame %+v", name, yl.at, yTicks[0].at, frame)
		}
		for _, l := range f.root.All("line") {
			if l.Attr["stroke"] != "#e5e5e5" {
				continue
			}
			x1, y1, x2, y2 := l.Num(t, "x1"), l.Num(t, "y1"), l.Num(t, "x2"), l.Num(t, "y2")
			vertical := near(x1, x2) && near(y1, frame.y) && near(y2, frame.bottom())
			horizontal := near(y1, y2) && near(x1, frame.x) && near(x2, frame.right())
			if !vertical && !horizontal {
				t.Errorf("%s: a grid line (%v, %v)–(%v, %v) does not cross the frame %+v", name, x1, y1, x2, y2, frame)
			}
		}
		// The legend: the labelled lines only, in order.
		var samples []*svgtest.Element
		for _, l := range f.root.All("line") {
			if l.Attr["stroke-width"] == "2" {
				samples = append(samples, l)
			}
		}
		var grounds []box
		for _, r := range f.root.All("rect") {
			if r.Attr["fill"] == "white" && r.Attr["width"] != "100%" {
				grounds = append(grounds, box{r.Num(t, "x"), r.Num(t, "y"), r.Num(t, "width"), r.Num(t, "height")})
			}
		}
		if len(samples) != 2 || len(grounds) != 2 {
			t.Fatalf("%s: %d legend samples on %d grounds, want 2", name, len(samples), len(grounds))
		}
		var legend box
		for i, want := range []string{"train", "test"} {
			s, l := samples[i], f.find(t, name, want)
			sx1, sx2, sy := s.Num(t, "x1"), s.Num(t, "x2"), s.Num(t, "y1")
			if !near(l.e.Num(t, "y"), sy) || !near(l.e.Num(t, "x"), sx2+8) {
				t.Errorf("%s: legend %q at (%s, %s), its sample ends at (%v, %v)", name, want, l.e.Attr["x"], l.e.Attr["y"], sx2, sy)
			}
			if i == 1 && !near(sy-samples[0].Num(t, "y1"), 20) {
				t.Errorf("%s: legend rows %v apart, want 20", name, sy-samples[0].Num(t, "y1"))
			}
			g := grounds[i]
			if sx1 < g.x || l.at.right() > g.right() || l.at.y < g.y-1 || l.at.bottom() > g.bottom()+1 {
				t.Errorf("%s: legend %q (%+v) is not on its ground %+v", name, want, l.at, g)
			}
			if i == 0 {
				legend = g
			} else {
				legend = box{min(legend.x, g.x), min(legend.y, g.y), max(legend.right(), g.right()) - min(legend.x, g.x), max(legend.bottom(), g.bottom()) - min(legend.y, g.y)}
			}
		}
		if legend.x < frame.x || legend.right() > frame.right() || legend.y < frame.y || legend.bottom() > frame.bottom() {
			t.Errorf("%s: the legend %+v is outside the frame %+v", name, legend, frame)
		}
		gap := map[string]float64{"": frame.right() - legend.right(), "top-left": legend.x - frame.x, "bottom-right": frame.bottom() - legend.bottom()}[at]
		if gap < 0 || gap > 30 {
			t.Errorf("%s: the legend %+v is %v pixels from its side of the frame %+v", name, legend, gap, frame)
		}
		// The lines and arrows as drawn.
		poly := f.root.All("polyline")
		for i, want := range []struct{ stroke, width string }{{Palette[0], "1.8"}, {"#123456", "3"}, {Palette[2], "1.8"}} {
			if poly[i].Attr["stroke"] != want.stroke || poly[i].Attr["stroke-width"] != want.width {
				t.Errorf("%s: line %d drawn %s %s, want %s %s", name, i, poly[i].Attr["stroke"], poly[i].Attr["stroke-width"], want.stroke, want.width)
			}
		}
		for _, l := range f.root.All("line") {
			if l.Attr["marker-end"] != "" && l.Attr["stroke"] != "#abcdef" {
				t.Errorf("%s: an arrow drawn %s, want #abcdef", name, l.Attr["stroke"])
			}
		}
	}
	plain := readFigure(t, "arrows", (&Chart{Title: "field", Arrows: []Arrow{{-1, -1, 1, 1}}}).SVG())
	for _, l := range plain.root.All("line") {
		if l.Attr["marker-end"] != "" && l.Attr["stroke"] != "#555" {
			t.Errorf("an arrow drawn %s without ArrowColor, want #555", l.Attr["stroke"])
		}
	}
}

// TestChartRanges: a range left unset (Min = Max) is fitted to the data,
// whole tick steps around it, and one set is kept; an axis fitted to no
// data at all runs 0 to 1, and a single value is widened by one on each
// side.
func TestChartRanges(t *testing.T) {
	for _, c := range []struct {
		chart                  Chart
		xmin, xmax, ymin, ymax float64
	}{
		{Chart{Lines: []Line{{X: []float64{1, 9}, Y: []float64{0.13, 0.87}}}}, 0, 10, 0, 1},
		{Chart{YMin: -1, YMax: 2, Lines: []Line{{X: []float64{1, 9}, Y: []float64{0.13, 0.87}}}}, 0, 10, -1, 2},
		{Chart{XMin: 5, XMax: 6, Lines: []Line{{X: []float64{1, 9}, Y: []float64{0.13, 0.87}}}}, 5, 6, 0, 1},
		{Chart{}, 0, 1, 0, 1},
		{Chart{Lines: []Line{{X: []float64{3}, Y: []float64{-2}}}}, 2, 4, -3, -1},
		{Chart{Arrows: []Arrow{{-3, -4, 3, 4}}}, -4, 4, -4, 4},
	} {
		xmin, xmax, ymin, ymax := c.chart.ranges()
		if xmin != c.xmin || xmax != c.xmax || ymin != c.ymin || ymax != c.ymax {
			t.Errorf("%+v: ranges %v to %v, %v to %v; want %v to %v, %v to %v", c.chart, xmin, xmax, ymin, ymax, c.xmin, c.xmax, c.ymin, c.ymax)
		}
	}
	for _, c := range []struct {
		v    float64
		want string
	}{{0, "0"}, {1e-13, "0"}, {-1e-13, "0"}, {1e-12, "1e-12"}, {1e-11, "1e-11"}, {0.25, "0.25"}, {1234567, "1.23457e+06"}} {
		if got := tickLabel(c.v); got != c.want {
			t.Errorf("tickLabel(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

// TestGridLayout: the title centred; each panel's subtitle centred over
// its images, the panels side by side without overlapping; each caption
// centred under its image; under a panel with a colour scale, a bar of
// the panel's width whose colour at each point is the scale's colour of
// the value there, reading from the lower end's label at its left to the
// upper's at its right with 0 in the middle, the scale's name centred
// under them.
func TestGridLayout(t *testing.T) {
	tiles := func(n, w, h int, captions bool) []Tile {
		var out []Tile
		for k := range n {
			v := make([]float64, w*h)
			for i := range v {
				v[i] = float64((i+3*k)%7-3) / 3
			}
			tl := Tile{Values: v}
			if captions {
				tl.Caption = strconv.Itoa(k)
			}
			out = append(out, tl)
		}
		return out
	}
	g := &Grid{Title: "What each hidden unit looks for", Panels: []Panel{
		{Subtitle: "initial", Cols: 4, Width: 5, Zoom: 4, Tiles: tiles(10, 5, 5, false), Scale: Diverging{Max: 0.5, Label: "weight"}},
		{Subtitle: "trained", Cols: 3, Width: 5, Zoom: 3, Tiles: tiles(7, 5, 4, true), Scale: Diverging{Max: 2, Label: "weight"}},
		{Subtitle: "digits", Cols: 2, Width: 5, Zoom: 8, Tiles: tiles(3, 5, 5, true), Scale: Grey{}},
		{Subtitle: "none wrong", Cols: 2, Width: 5, Zoom: 8, Scale: Grey{}}, // a panel with no image
	}}
	name := "grid"
	f := readFigure(t, name, g.SVG())
	if title := f.find(t, name, g.Title); !near(title.e.Num(t, "x"), float64(f.w/2)) {
		t.Errorf("the title at x %s, not centred on %v", title.e.Attr["x"], float64(f.w/2))
	}
	images := f.root.All("image")
	var bars [][]*svgtest.Element
	var bar []*svgtest.Element
	for _, r := range f.root.All("rect") {
		if r.Attr["height"] == "10" {
			bar = append(bar, r)
			if len(bar) == 40 {
				bars, bar = append(bars, bar), nil
			}
		}
	}
	if len(bars) != 2 || len(bar) != 0 {
		t.Fatalf("%d colour bars of 40 steps (and %d steps more), want 2", len(bars), len(bar))
	}
	var panels []box
	first := 0
	for i, p := range g.Panels {
		if len(p.Tiles) == 0 {
			f.find(t, name, p.Subtitle)
			continue
		}
		imgs := images[first : first+len(p.Tiles)]
		first += len(p.Tiles)
		var b box
		for k, e := range imgs {
			ib := box{e.Num(t, "x"), e.Num(t, "y"), e.Num(t, "width"), e.Num(t, "height")}
			if k == 0 {
				b = ib
			}
			b = box{min(b.x, ib.x), min(b.y, ib.y), max(b.right(), ib.right()) - min(b.x, ib.x), max(b.bottom(), ib.bottom()) - min(b.y, ib.y)}
			if caption := p.Tiles[k].Caption; caption != "" {
				under := false
				for _, l := range f.labels {
					if l.text == caption && near(l.e.Num(t, "x"), ib.midX()) && l.at.y >= ib.bottom()-1 && l.at.y < ib.bottom()+4 {
						under = true
					}
				}
				if !under {
					t.Errorf("panel %d, image %d at %+v: its caption %q is not centred under it", i, k, ib, caption)
				}
			}
		}
		for _, q := range panels {
			if q.overlaps(b) {
				t.Errorf("panel %d's images %+v overlap another panel's %+v", i, b, q)
			}
		}
		panels = append(panels, b)
		if sub := f.find(t, name, p.Subtitle); !near(sub.e.Num(t, "x"), b.midX()) || sub.at.bottom() > b.y {
			t.Errorf("panel %d: its subtitle at %+v, not centred above its images %+v", i, sub.at, b)
		}
		if i == 0 && (b.x < 10 || b.x > 40) {
			t.Errorf("the first panel starts at x %v, want a margin of 10 to 40 pixels", b.x)
		}
		lo, hi, scaleName, ok := p.Scale.Legend()
		if !ok {
			continue
		}
		steps := bars[i]
		left, right := steps[0].Num(t, "x"), steps[39].Num(t, "x")+steps[39].Num(t, "width")-0.5
		if !near(left, b.x) || !(math.Abs(right-b.right()) <= 1) {
			t.Errorf("panel %d: its colour bar spans %v to %v, its images %v to %v", i, left, right, b.x, b.right())
		}
		for s, r := range steps {
			x, w := r.Num(t, "x"), (right-left)/40
			if s > 0 && !near(x, steps[s-1].Num(t, "x")+w) {
				t.Errorf("panel %d: colour step %d at %v after one at %v", i, s, x, steps[s-1].Num(t, "x"))
			}
			// The value at the step's middle, from positions printed to a
			// tenth of a pixel: its colour within two levels a channel.
			v := lo + float64((hi-lo)*(x+float64(w/2)-left)/(right-left))
			c := p.Scale.Colour(v)
			var got color.RGBA
			fmt.Sscanf(r.Attr["fill"], "#%02x%02x%02x", &got.R, &got.G, &got.B)
			if d := max(absDiff(got.R, c.R), absDiff(got.G, c.G), absDiff(got.B, c.B)); d > 2 {
				t.Errorf("panel %d: colour step %d is %s, the scale's colour of %v is #%02x%02x%02x", i, s, r.Attr["fill"], v, c.R, c.G, c.B)
			}
			if y := r.Num(t, "y"); y < b.bottom() {
				t.Errorf("panel %d: the colour bar at y %v, above its images' bottom %v", i, y, b.bottom())
			}
		}
		barY := steps[0].Num(t, "y") + 10
		for _, end := range []struct {
			text   string
			x      float64
			anchor string
		}{{strconv.FormatFloat(lo, 'g', 3, 64), left, ""}, {"0", float64((left + right) / 2), "middle"}, {strconv.FormatFloat(hi, 'g', 3, 64), right, "end"}} {
			found := false
			for _, l := range f.labels {
				if l.text == end.text && near(l.e.Num(t, "x"), end.x) && l.e.Attr["text-anchor"] == end.anchor && l.at.y >= barY && l.at.y < barY+15 {
					found = true
				}
			}
			if !found {
				t.Errorf("panel %d: no label %q under the colour bar at x %v, anchored %q", i, end.text, end.x, end.anchor)
			}
		}
		found := false
		for _, l := range f.labels {
			if l.text == scaleName && near(l.e.Num(t, "x"), float64((left+right)/2)) && l.at.y > barY+10 {
				found = true
			}
		}
		if !found {
			t.Errorf("panel %d: the scale's name %q is not centred under its bar", i, scaleName)
		}
	}
}

// TestMatrixLayout: the title centred; the columns' name centred over the
// column labels, each label over its column's middle; the rows' name,
// turned, centred on the rows left of their labels, each label at its
// row's middle; the notes' title over the notes, each note at its row's
// middle right of the squares; each count legible on its square (a
// contrast of at least 4.5, as WCAG asks of text); and an empty matrix
// all white.
func TestMatrixLayout(t *testing.T) {
	labels := []string{"0", "1", "2", "3"}
	counts := [][]int{{90, 3, 1, 0}, {2, 80, 9, 40}, {0, 12, 25, 5}, {7, 0, 1, 60}}
	m := &Matrix{Title: "Confusion matrix on the test images", RowLabel: "true digit", ColLabel: "read as",
		Labels: labels, Counts: counts, RowNotes: []string{"95.7% of 94", "61.1% of 131", "59.5% of 42", "88.2% of 68"}, NotesTitle: "right"}
	name := "matrix"
	f := readFigure(t, name, m.SVG())
	var squares []box
	for _, r := range f.root.All("rect") {
		if r.Attr["stroke"] == "#ccc" {
			squares = append(squares, box{r.Num(t, "x"), r.Num(t, "y"), r.Num(t, "width"), r.Num(t, "height")})
		}
	}
	if len(squares) != 16 {
		t.Fatalf("%d squares, want 16", len(squares))
	}
	cells := box{squares[0].x, squares[0].y, squares[15].right() - squares[0].x, squares[15].bottom() - squares[0].y}
	if title := f.find(t, name, m.Title); !near(title.e.Num(t, "x"), float64(f.w/2)) || title.at.bottom() > cells.y {
		t.Errorf("the title at %+v, not centred above the squares %+v", title.at, cells)
	}
	cols, rows := f.find(t, name, m.ColLabel), f.find(t, name, m.RowLabel)
	if !near(cols.e.Num(t, "x"), cells.midX()) || cols.at.bottom() > cells.y {
		t.Errorf("the columns' name at %+v, not centred over the squares %+v", cols.at, cells)
	}
	if !near(rows.at.midY(), cells.midY()) || rows.at.right() > cells.x {
		t.Errorf("the rows' name at %+v, not centred left of the squares %+v", rows.at, cells)
	}
	notes := f.find(t, name, m.NotesTitle)
	for i := range labels {
		sq := squares[i*4]
		var colLabel, rowLabel *label
		for k := range f.labels {
			l := &f.labels[k]
			if l.text != labels[i] || l.e.Attr["font-weight"] != "bold" {
				continue
			}
			if l.e.Attr["text-anchor"] == "middle" {
				colLabel = l
			} else {
				rowLabel = l
			}
		}
		if colLabel == nil || rowLabel == nil {
			t.Fatalf("label %s: not both a column's and a row's", labels[i])
		}
		col := squares[i]
		if !near(colLabel.e.Num(t, "x"), col.midX()) || colLabel.at.bottom() > cells.y || colLabel.at.y < cols.at.bottom() {
			t.Errorf("column label %s at %+v, not over its column %+v under the columns' name", labels[i], colLabel.at, col)
		}
		if !near(rowLabel.at.midY(), sq.midY()) || rowLabel.at.right() > cells.x || rowLabel.at.x < rows.at.right() {
			t.Errorf("row label %s at %+v, not beside its row %+v right of the rows' name", labels[i], rowLabel.at, sq)
		}
		note := f.find(t, name, m.RowNotes[i])
		if !near(note.at.midY(), sq.midY()) || note.at.x < cells.right() || !near(note.e.Num(t, "x"), notes.e.Num(t, "x")) {
			t.Errorf("note %q at %+v, not at its row %+v right of the squares under %+v", m.RowNotes[i], note.at, sq, notes.at)
		}
		if notes.at.bottom() > cells.y {
			t.Errorf("the notes' title at %+v, not over the notes", notes.at)
		}
	}
	// Every shade a count can take, each count legible on it.
	var shades [][]int
	for c := 1; c <= 400; c += 20 {
		shades = append(shades, []int{c, c + 5, c + 10, c + 15, 400})
	}
	sweep := &Matrix{Title: "every shade", Labels: []string{"0", "1", "2", "3", "4"}, Counts: shades[:5]}
	for k := 5; k < len(shades); k += 5 {
		sweep.Counts = shades[k : k+5]
		checkContrast(t, readFigure(t, "shades", sweep.SVG()))
	}
	checkContrast(t, f)
	empty := &Matrix{Title: "nothing", Labels: []string{"0", "1"}, Counts: [][]int{{0, 0}, {0, 0}}}
	for _, r := range readFigure(t, "empty", empty.SVG()).root.All("rect") {
		if r.Attr["stroke"] == "#ccc" && r.Attr["fill"] != "rgb(255,255,255)" {
			t.Errorf("an empty matrix's square is %s, want white", r.Attr["fill"])
		}
	}
}

func absDiff(a, b uint8) int { return max(int(a)-int(b), int(b)-int(a)) }

// checkContrast checks each count of a matrix against its square: a
// contrast of at least 4.5, as WCAG asks of text.
func checkContrast(t *testing.T, f *figure) {
	t.Helper()
	var squares []*svgtest.Element
	for _, r := range f.root.All("rect") {
		if r.Attr["stroke"] == "#ccc" {
			squares = append(squares, r)
		}
	}
	seen := 0
	for _, l := range f.labels {
		fill := l.e.Attr["fill"]
		if fill == "" {
			continue
		}
		for _, sq := range squares {
			if near(l.e.Num(t, "x"), sq.Num(t, "x")+float64(sq.Num(t, "width")/2)) && near(l.e.Num(t, "y"), sq.Num(t, "y")+float64(sq.Num(t, "height")/2)) {
				seen++
				if r := contrast(t, fill, sq.Attr["fill"]); r < 4.5 {
					t.Errorf("count %s: %s on %s, a contrast of %.2f", l.text, fill, sq.Attr["fill"], r)
				}
			}
		}
	}
	if seen == 0 {
		t.Error("no count on a square")
	}
}

// contrast is WCAG's contrast ratio of two colours, "white", "black",
// "#222" or "rgb(r,g,b)": (L1 + 0.05)/(L2 + 0.05) of their relative luminances.
func contrast(t *testing.T, a, b string) float64 {
	t.Helper()
	lum := func(s string) float64 {
		var c color.RGBA
		switch {
		case s == "white":
			c = color.RGBA{255, 255, 255, 255}
		case s == "black":
		case strings.HasPrefix(s, "#") && len(s) == 4:
			v, _ := strconv.ParseUint(s[1:2], 16, 8)
			c = color.RGBA{uint8(v * 17), uint8(v * 17), uint8(v * 17), 255}
		default:
			if _, err := fmt.Sscanf(s, "rgb(%d,%d,%d)", &c.R, &c.G, &c.B); err != nil {
				t.Fatalf("colour %q: %v", s, err)
			}
		}
		ch := func(v uint8) float64 {
			x := float64(v) / 255
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return float64(0.2126*ch(c.R)) + float64(0.7152*ch(c.G)) + float64(0.0722*ch(c.B))
	}
	la, lb := lum(a), lum(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// TestScales: the colours by hand. Grey: 0 black, 1 white, 0.5 the grey
// 128 (127.5 rounded up), beyond [0, 1] held at its ends. Diverging: 0
// white, ±Max #b2182b red and #2166ac blue, half way half way from white
// (255 − (255 − 0xb2)/2 = 216.5 → 217, 139.5 → 140, 149), beyond ±Max held, and all white
// with Max 0; its legend runs −Max to Max.
func TestScales(t *testing.T) {
	g := func(v uint8) color.RGBA { return color.RGBA{v, v, v, 255} }
	for _, c := range []struct {
		v    float64
		want color.RGBA
	}{{0, g(0)}, {1, g(255)}, {0.5, g(128)}, {-3, g(0)}, {7, g(255)}, {0.25, g(64)}} {
		if got := (Grey{}).Colour(c.v); got != c.want {
			t.Errorf("Grey %v: %v, want %v", c.v, got, c.want)
		}
	}
	d := Diverging{Max: 2, Label: "weight"}
	for _, c := range []struct {
		v    float64
		want color.RGBA
	}{
		{0, color.RGBA{255, 255, 255, 255}}, {2, color.RGBA{0xb2, 0x18, 0x2b, 255}}, {-2, color.RGBA{0x21, 0x66, 0xac, 255}},
		{1, color.RGBA{217, 140, 149, 255}}, {9, color.RGBA{0xb2, 0x18, 0x2b, 255}}, {-9, color.RGBA{0x21, 0x66, 0xac, 255}},
	} {
		if got := d.Colour(c.v); got != c.want {
			t.Errorf("Diverging{2} %v: %v, want %v", c.v, got, c.want)
		}
	}
	if got := (Diverging{}).Colour(1); got != (color.RGBA{255, 255, 255, 255}) {
		t.Errorf("Diverging{0} of 1: %v, want white", got)
	}
	if lo, hi, label, ok := d.Legend(); lo != -2 || hi != 2 || label != "weight" || !ok {
		t.Errorf("Diverging{2}'s legend: %v to %v, %q, %v", lo, hi, label, ok)
	}
	if _, _, _, ok := (Grey{}).Legend(); ok {
		t.Error("Grey has a legend")
	}
	c := &Chart{Lines: []Line{{Label: "a"}, {}, {Label: "b"}}}
	if n := c.legendRows(); n != 2 {
		t.Errorf("the legend of two labelled lines of three has %d rows", n)
	}
}
