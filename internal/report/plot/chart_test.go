package plot

import (
	"bytes"
	"encoding/xml"
	"math"
	"testing"
)

func TestChartSVG(t *testing.T) {
	c := &Chart{Title: "T <&>", XLabel: "x", YLabel: "y", Lines: []Line{
		{Label: "a", X: []float64{0, 1, 2}, Y: []float64{0, 1, math.NaN()}, Dashed: true, Markers: true},
	}, Arrows: []Arrow{{0, 0, 1, 1}}}
	svg := c.SVG()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	for {
		if _, err := dec.Token(); err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("not well-formed XML: %v\n%s", err, svg)
			}
			break
		}
	}
	for _, want := range []string{"T &lt;&amp;&gt;", "stroke-dasharray", "<circle", "marker-end", ">a</text>"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

func TestTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   []float64
	}{
		{0, 1, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{0, 10000, []float64{0, 2000, 4000, 6000, 8000, 10000}},
		{-2.5, 2.5, []float64{-2, -1, 0, 1, 2}},
		{0.3, 2.4, []float64{0.5, 1, 1.5, 2}},
	}
	for _, tt := range tests {
		got := ticks(tt.lo, tt.hi)
		if len(got) != len(tt.want) {
			t.Errorf("ticks(%v, %v) = %v, want %v", tt.lo, tt.hi, got, tt.want)
			continue
		}
		for i := range got {
			if !(math.Abs(got[i]-tt.want[i]) <= 1e-12) {
				t.Errorf("ticks(%v, %v) = %v, want %v", tt.lo, tt.hi, got, tt.want)
			}
		}
	}
}
