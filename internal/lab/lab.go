// Package lab holds the page `go run . serve` serves: a canvas to draw a
// digit on with a mouse, a pen or a finger, the network's probabilities as
// bars that change as you draw, and the 28×28 input it saw. Its HTML, CSS
// and JavaScript are files in static/, embedded in the program; they need
// nothing from the internet.
package lab

import (
	"embed"
	"io/fs"
)

//go:embed static
var static embed.FS

// Static returns the page's files: index.html, page.css and page.js.
func Static() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // static is embedded above
	}
	return sub
}
