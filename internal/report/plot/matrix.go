package plot

import (
	"bytes"
	"fmt"
	"html"
	"math"
)

// A Matrix is a table of counts drawn as shaded squares, darker for more,
// with the count in each and a note at the end of each row: a confusion
// matrix, true digit by row, predicted by column.
type Matrix struct {
	Title              string
	RowLabel, ColLabel string   // the axes' names
	Labels             []string // of the rows and the columns alike
	Counts             [][]int
	RowNotes           []string // beside each row, under NotesTitle
	NotesTitle         string
}

// SVG renders the matrix. Shading grows with the square root of the count,
// so that the few confusions show beside the many right answers.
func (m *Matrix) SVG() []byte {
	const cell, left, top = 44, 86, 76
	n := len(m.Labels)
	peak := 0
	for _, row := range m.Counts {
		for _, c := range row {
			peak = max(peak, c)
		}
	}
	notes := 24 // the right margin, and room for the notes if any
	if len(m.RowNotes) > 0 {
		notes = 110
	}
	width, height := left+n*cell+notes, top+n*cell+24
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<text x="%d" y="24" text-anchor="middle" font-size="16" font-weight="bold">%s</text>`+"\n", width/2, html.EscapeString(m.Title))
	fmt.Fprintf(&b, `<text x="%d" y="50" text-anchor="middle" font-size="13">%s</text>`+"\n", left+n*cell/2, html.EscapeString(m.ColLabel))
	fmt.Fprintf(&b, `<text transform="translate(18 %d) rotate(-90)" text-anchor="middle" font-size="13">%s</text>`+"\n", top+n*cell/2, html.EscapeString(m.RowLabel))
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="13">%s</text>`+"\n", left+n*cell+12, top-8, html.EscapeString(m.NotesTitle))
	for i, l := range m.Labels {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-weight="bold">%s</text>`, left+i*cell+cell/2, top-8, html.EscapeString(l))
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" dominant-baseline="middle" font-weight="bold">%s</text>`+"\n", left-8, top+i*cell+cell/2, html.EscapeString(l))
	}
	for i, row := range m.Counts {
		for j, c := range row {
			t := 0.0
			if peak > 0 {
				t = math.Sqrt(float64(c) / float64(peak))
			}
			// From white to #08306b, dark blue.
			mix := func(end float64) int { return int(math.Round(255 + float64(t*(end-255)))) }
			// Black on the lighter squares, white on the darker, changing
			// where both are equally legible: a contrast of 4.6 each
			// (WCAG asks 4.5 of text).
			text := "black"
			if t > 0.655 {
				text = "white"
			}
			x, y := left+j*cell, top+i*cell
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="rgb(%d,%d,%d)" stroke="#ccc"/>`, x, y, cell, cell, mix(0x08), mix(0x30), mix(0x6b))
			if c > 0 {
				fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" dominant-baseline="middle" fill="%s">%d</text>`, x+cell/2, y+cell/2, text, c)
			}
		}
		if i < len(m.RowNotes) {
			fmt.Fprintf(&b, `<text x="%d" y="%d" dominant-baseline="middle">%s</text>`, left+n*cell+12, top+i*cell+cell/2, html.EscapeString(m.RowNotes[i]))
		}
		b.WriteString("\n")
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}
