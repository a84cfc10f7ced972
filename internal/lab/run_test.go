package lab

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"testing"

	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
)

// TestUnits: W1's units drawn on one scale, by hand: with weights 2 and
// −1 in unit 0 and 0.5 in unit 1, the scale is 2, so 2 is white (255),
// −1 a quarter of the way (round(127.5 − 63.75) = 64), 0.5 three
// eighths (round(127.5 + 31.875) = 159), and 0 mid-grey (128). A
// diverged network's +Inf is white, −Inf black, NaN grey, the scale that
// of its finite weights, a number JSON can carry.
func TestUnits(t *testing.T) {
	w1 := make([]float64, mnist.Pixels*2)
	w1[0*2+0], w1[1*2+0], w1[0*2+1] = 2, -1, 0.5
	net := &network.TwoLayerNet{Params: network.Params{
		W1: tensor.New(w1, mnist.Pixels, 2), B1: tensor.Zeros(2),
		W2: tensor.Zeros(2, mnist.Classes), B2: tensor.Zeros(mnist.Classes),
	}}
	u := units(net, 7)
	if u["iter"] != 7 || u["hidden"] != 2 || u["scale"] != 2.0 {
		t.Errorf("units: iter %v, hidden %v, scale %v", u["iter"], u["hidden"], u["scale"])
	}
	imgs := u["units"].([]string)
	w1[2*2+0], w1[3*2+0], w1[4*2+0] = math.Inf(1), math.Inf(-1), math.NaN()
	diverged := units(net, 8)
	if _, err := json.Marshal(diverged); err != nil || diverged["scale"] != 2.0 {
		t.Errorf("a diverged network's units: scale %v, %v", diverged["scale"], err)
	}
	if px, _ := base64.StdEncoding.DecodeString(diverged["units"].([]string)[0]); px[2] != 255 || px[3] != 0 || px[4] != 128 {
		t.Errorf("+Inf, -Inf, NaN drawn as %v", px[2:5])
	}
	// Of a network wider than maxUnits, the units drawn are the first
	// maxUnits, on their own scale: a larger weight in a unit not drawn
	// does not dim them.
	wide := make([]float64, mnist.Pixels*(maxUnits+1))
	wide[5*(maxUnits+1)+0], wide[5*(maxUnits+1)+maxUnits-1], wide[0*(maxUnits+1)+maxUnits] = 2, -3, 10
	wideNet := &network.TwoLayerNet{Params: network.Params{W1: tensor.New(wide, mnist.Pixels, maxUnits+1)}}
	if u := units(wideNet, 1); u["hidden"] != maxUnits+1 || len(u["units"].([]string)) != maxUnits || u["scale"] != 3.0 {
		t.Errorf("a network of %d units: %d drawn, hidden %v, scale %v", maxUnits+1, len(u["units"].([]string)), u["hidden"], u["scale"])
	}
	for j, want := range [][2]byte{{255, 64}, {159, 128}} {
		px, err := base64.StdEncoding.DecodeString(imgs[j])
		if err != nil || len(px) != mnist.Pixels || px[0] != want[0] || px[1] != want[1] || px[2] != 128 || px[783] != 128 {
			t.Errorf("unit %d: %v, pixels %v… %v, want %v then 128", j, err, px[:3], px[783], want)
		}
	}
}
