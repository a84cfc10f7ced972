// Package plot draws the chapter's figures as SVG with the standard
// library: line charts with axes, ticks, a legend, dashed lines, markers
// and arrows, just enough for Figures 4-7 to 4-12. A figure is the same
// bytes on every machine: a coordinate's product and sum are rounded one
// at a time, float64(x*y) + z, as package tensor's doc explains.
package plot

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// A Chart is a 2-D line chart drawn as SVG with the standard library: axes
// with ticks and labels, lines (solid or dashed, with optional markers),
// arrows, and a legend. It is just enough for the chapter's figures.
type Chart struct {
	Title, XLabel, YLabel string
	// The axis ranges; where Min == Max the range is fitted to the data.
	XMin, XMax, YMin, YMax float64
	Lines                  []Line
	Arrows                 []Arrow
	ArrowColor             string
	// LegendAt places the legend: "top-right" (the default), "top-left"
	// or "bottom-right", wherever it hides the least data.
	LegendAt string
}

// A Line is a data series joined by straight segments.
type Line struct {
	Label   string // in the legend; empty for none
	X, Y    []float64
	Color   string
	Dashed  bool
	Markers bool // a dot at each point
	Width   float64
}

// An Arrow goes from (X0, Y0) to (X1, Y1) in data coordinates.
type Arrow struct{ X0, Y0, X1, Y1 float64 }

const (
	chartW, chartH                     = 640, 440
	marginL, marginR, marginT, marginB = 72, 24, 40, 56
)

// Palette holds the line colours the figures use, colour-blind safe.
var Palette = []string{"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00"}

// SVG renders the chart.
func (c *Chart) SVG() []byte {
	xmin, xmax, ymin, ymax := c.ranges()
	pw, ph := float64(chartW-marginL-marginR), float64(chartH-marginT-marginB)
	px := func(x float64) float64 { return marginL + float64((x-xmin)/(xmax-xmin)*pw) }
	py := func(y float64) float64 { return marginT + float64((ymax-y)/(ymax-ymin)*ph) }

	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif" font-size="13">`+"\n", chartW, chartH, chartW, chartH)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<defs><clipPath id="plot"><rect x="%d" y="%d" width="%g" height="%g"/></clipPath>`, marginL, marginT, pw, ph)
	fmt.Fprintf(&b, `<marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="%s"/></marker></defs>`+"\n", c.arrowColor())

	// Grid and ticks.
	for _, t := range ticks(xmin, xmax) {
		x := px(t)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%.1f" stroke="#e5e5e5"/>`, x, marginT, x, marginT+ph)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`+"\n", x, marginT+ph+18, tickLabel(t))
	}
	for _, t := range ticks(ymin, ymax) {
		y := py(t)
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#e5e5e5"/>`, marginL, y, marginL+pw, y)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" dominant-baseline="middle">%s</text>`+"\n", marginL-6, y, tickLabel(t))
	}
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%g" height="%g" fill="none" stroke="#333"/>`+"\n", marginL, marginT, pw, ph)

	// Data, clipped to the plot area.
	fmt.Fprintf(&b, `<g clip-path="url(#plot)">`+"\n")
	for _, a := range c.Arrows {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="1.2" marker-end="url(#head)"/>`+"\n",
			px(a.X0), py(a.Y0), px(a.X1), py(a.Y1), c.arrowColor())
	}
	for i, l := range c.Lines {
		color, width := l.color(i), l.Width
		if width == 0 {
			width = 1.8
		}
		dash := ""
		if l.Dashed {
			dash = ` stroke-dasharray="7 5"`
		}
		b.WriteString(`<polyline fill="none" stroke-linejoin="round" points="`)
		for j := range l.X {
			if !finite(l.X[j]) || !finite(l.Y[j]) {
				continue
			}
			fmt.Fprintf(&b, "%.1f,%.1f ", px(l.X[j]), py(l.Y[j]))
		}
		fmt.Fprintf(&b, `" stroke="%s" stroke-width="%g"%s/>`+"\n", color, width, dash)
		if l.Markers {
			for j := range l.X {
				if finite(l.X[j]) && finite(l.Y[j]) {
					fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>`, px(l.X[j]), py(l.Y[j]), color)
				}
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("</g>\n")

	// Title, axis labels, legend.
	fmt.Fprintf(&b, `<text x="%d" y="24" text-anchor="middle" font-size="16" font-weight="bold">%s</text>`+"\n", chartW/2, html.EscapeString(c.Title))
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", marginL+pw/2, chartH-14, html.EscapeString(c.XLabel))
	fmt.Fprintf(&b, `<text transform="translate(18 %.1f) rotate(-90)" text-anchor="middle">%s</text>`+"\n", marginT+ph/2, html.EscapeString(c.YLabel))
	row := 0
	for i, l := range c.Lines {
		if l.Label == "" {
			continue
		}
		x, y := marginL+pw-170, float64(marginT+14+row*20)
		switch c.LegendAt {
		case "top-left":
			x = marginL + 12
		case "bottom-right":
			y += ph - 28 - float64(20*c.legendRows())
		}
		dash := ""
		if l.Dashed {
			dash = ` stroke-dasharray="7 5"`
		}
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="164" height="18" fill="white" fill-opacity="0.85"/>`, x-4, y-9)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2"%s/>`, x, y, x+30, y, l.color(i), dash)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" dominant-baseline="middle">%s</text>`+"\n", x+38, y, html.EscapeString(l.Label))
		row++
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

func (c *Chart) legendRows() int {
	n := 0
	for _, l := range c.Lines {
		if l.Label != "" {
			n++
		}
	}
	return n
}

func (l *Line) color(i int) string {
	if l.Color != "" {
		return l.Color
	}
	return Palette[i%len(Palette)]
}

func (c *Chart) arrowColor() string {
	if c.ArrowColor != "" {
		return c.ArrowColor
	}
	return "#555"
}

// ranges returns the axis ranges: the chart's own where set, otherwise the
// data's extent padded to the nearest ticks.
func (c *Chart) ranges() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = c.XMin, c.XMax, c.YMin, c.YMax
	if xmin == xmax || ymin == ymax {
		dx0, dx1, dy0, dy1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
		see := func(x, y float64) {
			if finite(x) && finite(y) {
				dx0, dx1, dy0, dy1 = min(dx0, x), max(dx1, x), min(dy0, y), max(dy1, y)
			}
		}
		for _, l := range c.Lines {
			for j := range l.X {
				see(l.X[j], l.Y[j])
			}
		}
		for _, a := range c.Arrows {
			see(a.X0, a.Y0)
			see(a.X1, a.Y1)
		}
		if dx0 > dx1 { // no data
			dx0, dx1, dy0, dy1 = 0, 1, 0, 1
		}
		if xmin == xmax {
			xmin, xmax = niceRange(dx0, dx1)
		}
		if ymin == ymax {
			ymin, ymax = niceRange(dy0, dy1)
		}
	}
	return xmin, xmax, ymin, ymax
}

// niceRange widens [lo, hi] to whole tick steps.
func niceRange(lo, hi float64) (float64, float64) {
	if lo == hi {
		lo, hi = lo-1, hi+1
	}
	s := tickStep(lo, hi)
	return math.Floor(lo/s) * s, math.Ceil(hi/s) * s
}

// tickStep returns 1, 2 or 5 times a power of ten, giving about 5 ticks.
// The power of ten is raw's decimal exponent, read from raw printed: the
// last bit of math.Log10, and so the ticks of a range near a power of ten,
// would be the platform's math library's.
func tickStep(lo, hi float64) float64 {
	raw := (hi - lo) / 5
	s := strconv.FormatFloat(raw, 'e', -1, 64) // "2.5e-03"
	e := strings.IndexByte(s, 'e')
	if e < 0 { // ±Inf or NaN
		return raw
	}
	p, _ := strconv.ParseFloat("1"+s[e:], 64)
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}

func ticks(lo, hi float64) []float64 {
	s := tickStep(lo, hi)
	var t []float64
	for k := math.Ceil(lo/s - 1e-9); k*s <= hi+float64(s*1e-9); k++ {
		t = append(t, k*s)
	}
	return t
}

func tickLabel(v float64) string {
	if math.Abs(v) < 1e-12 {
		return "0"
	}
	return strconv.FormatFloat(v, 'g', 6, 64)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
