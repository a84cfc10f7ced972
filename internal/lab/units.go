package lab

import (
	"encoding/base64"
	"math"

	"dlfs/mnist"
	"dlfs/network"
)

// units draws W1's hidden units (at most maxUnits) as 28×28 grey images
// on one scale, so that units can be compared: mid-grey 0, white the
// largest finite weight of them all in size (scale), black its negative.
// A weight past the scale (an infinity, as a run diverges) is white or
// black, one not a number mid-grey. Each is 784 bytes, base64.
func units(net *network.TwoLayerNet, iter int) map[string]any {
	h := net.W1.Dim(1)
	n := min(h, maxUnits)
	w := net.W1.Data()
	scale := 0.0
	for p := range mnist.Pixels {
		for _, v := range w[p*h : p*h+n] {
			if a := math.Abs(v); a > scale && !math.IsInf(a, 0) { // false for NaN
				scale = a
			}
		}
	}
	imgs := make([]string, n)
	pix := make([]byte, mnist.Pixels)
	for j := range n {
		for p := range mnist.Pixels {
			v := w[p*h+j]
			switch {
			case math.IsNaN(v):
				v = 0
			case scale > 0:
				v = max(-1, min(1, v/scale))
			default:
				v = max(-1, min(1, v)) // all zero, or only infinities
			}
			pix[p] = uint8(math.Round(127.5 + float64(127.5*v)))
		}
		imgs[j] = base64.StdEncoding.EncodeToString(pix)
	}
	return map[string]any{"iter": iter, "hidden": h, "scale": scale, "units": imgs}
}
