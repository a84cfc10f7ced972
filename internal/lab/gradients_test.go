package lab

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
)

// TestGradients: §4.5's comparison on a run's network: for each
// parameter, the entries of the three largest backprop gradients (found
// here by a scan of TwoLayerNet.Gradient), their numerical gradient the
// book's numerical_gradient's (network.NumericalGradient) where that is
// quick to compute whole (b1, W2, b2), and the two within 1e-5 of the
// larger in size.
func TestGradients(t *testing.T) {
	l, _ := newTestLab(t, nil)
	h := l.Handler()
	if code, body := do(t, h, "POST", "/api/runs", `{"iters": 200}`); code != 201 {
		t.Fatalf("POST: %d %s", code, body)
	}
	waitState(t, h, 1, finished)
	code, body := do(t, h, "GET", "/api/runs/1/gradients", "")
	var got struct {
		Updates, Batch int
		Entries        []gradEntry
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || code != 200 || got.Updates != 200 || got.Batch != gradBatch || len(got.Entries) != 4*gradPicks {
		t.Fatalf("%d %v %.300s", code, err, body)
	}
	net, _ := l.find(1).current()
	work := &network.TwoLayerNet{Params: net.Clone()}
	x, tt := l.opt.Data.Train.Head(gradBatch).Tensors(mnist.Options{Normalize: true, Flatten: true, OneHot: true})
	bp := work.Gradient(x, tt)
	for k, e := range got.Entries {
		g := bp.Param(e.Param)
		i := e.Index[0]
		if len(e.Index) == 2 {
			i = e.Index[0]*g.Dim(1) + e.Index[1]
		}
		if e.Backprop != g.Data()[i] || e.Relative > 1e-5 || e.Diff != math.Abs(e.Numerical-e.Backprop) ||
			e.Relative != e.Diff/max(math.Abs(e.Numerical), math.Abs(e.Backprop)) {
			t.Errorf("%s%v: backprop %v (Gradient's %v), numerical %v, diff %v", e.Param, e.Index, e.Backprop, g.Data()[i], e.Numerical, e.Diff)
		}
		// The k%gradPicks-th largest in size.
		bigger := 0
		for _, v := range g.Data() {
			if !(math.Abs(v) <= math.Abs(e.Backprop)) {
				bigger++
			}
		}
		if bigger != k%gradPicks {
			t.Errorf("%s%v: %d entries larger, want %d", e.Param, e.Index, bigger, k%gradPicks)
		}
		if e.Param != "W1" {
			num := network.NumericalGradient(func(*tensor.Tensor) float64 { return work.Loss(x, tt) }, work.Param(e.Param))
			if num.Data()[i] != e.Numerical {
				t.Errorf("%s%v: numerical %v, numerical_gradient's %v", e.Param, e.Index, e.Numerical, num.Data()[i])
			}
		}
	}
	if code, _ := do(t, h, "GET", "/api/runs/1/gradients?updates=-1", ""); code != 400 {
		t.Errorf("updates=-1: %d", code)
	}
	// Before the first evaluation, after update 0, the run kept no network.
	if code, body := do(t, h, "GET", "/api/runs/1/gradients?updates=0", ""); code != 409 || !strings.Contains(body, "no network to differentiate") {
		t.Errorf("updates=0: %d %.200s", code, body)
	}
}
