package lab

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"dlfs/mnist"
	"dlfs/network"
)

// TestLookBack: a run keeps its network at each evaluation; its units and
// its reading of a digit at update 121 are those of a run of the same
// settings that stopped there; a look back finds the last evaluation at
// or before the updates asked; none before the first.
func TestLookBack(t *testing.T) {
	l, _ := newTestLab(t, nil)
	h := l.Handler()
	for i, body := range []string{`{"iters": 300, "seed": 5}`, `{"iters": 121, "seed": 5}`} {
		if code, body := do(t, h, "POST", "/api/runs", body); code != 201 {
			t.Fatalf("POST: %d %s", code, body)
		}
		waitState(t, h, i+1, finished)
	}
	evs, _ := history(l.find(2).events)
	var shorter string
	for _, e := range evs {
		if e.name == "units" {
			shorter = string(e.data)
		}
	}
	for _, c := range []struct {
		updates string
		code    int
		want    string
	}{
		{"0", 404, "kept no network from an evaluation after 0 updates or fewer"},
		{"1", 200, `"iter":1,`},
		{"200", 200, shorter},
		{"121", 200, shorter},
		{"5000", 200, `"iter":300,`},
		{"x", 400, `updates \"x\"`},
		{"", 400, "updates: missing"},
	} {
		code, body := do(t, h, "GET", "/api/runs/1/units?updates="+c.updates, "")
		if code != c.code || !strings.Contains(body, strings.TrimSpace(c.want)) {
			t.Errorf("units at %s: %d %.120s, want %d %.120s", c.updates, code, body, c.code, c.want)
		}
	}
	var back, stopped prediction
	_, body := do(t, h, "POST", "/api/predict?run=1&updates=121", string(pngOf(t, 3)))
	json.Unmarshal([]byte(body), &back)
	_, body = do(t, h, "POST", "/api/predict?run=2", string(pngOf(t, 3)))
	json.Unmarshal([]byte(body), &stopped)
	if back.Updates != 121 || back.Run != 1 || len(back.Probabilities) != 10 {
		t.Fatalf("a look back: %+v", back)
	}
	for d := range back.Probabilities {
		if back.Probabilities[d] != stopped.Probabilities[d] {
			t.Errorf("digit %d: %v at update 121 of run 1, %v at the end of run 2", d, back.Probabilities[d], stopped.Probabilities[d])
		}
	}
	if code, body := do(t, h, "POST", "/api/predict?updates=121", string(pngOf(t, 3))); code != 400 || !strings.Contains(body, "names its run") {
		t.Errorf("a look back without a run: %d %s", code, body)
	}
}

// TestThin: at maxSnaps snapshots, every other is dropped, the last kept.
func TestThin(t *testing.T) {
	var snaps []snapshot
	for i := range maxSnaps + 1 {
		snaps = thin(append(snaps, snapshot{done: i}), maxSnaps)
	}
	// At 64 (0…63): the odd ones kept, 32; then 64 appended.
	if len(snaps) != maxSnaps/2+1 || snaps[0].done != 1 || snaps[len(snaps)-2].done != maxSnaps-1 || snaps[len(snaps)-1].done != maxSnaps {
		t.Errorf("%d snapshots, from %d to %d", len(snaps), snaps[0].done, snaps[len(snaps)-1].done)
	}
}

// TestThinByHand: below n, thin keeps everything; from n on, every other
// element, the last among them.
func TestThinByHand(t *testing.T) {
	for _, c := range []struct {
		s    []int
		n    int
		want []int
	}{
		{[]int{0, 1, 2}, 4, []int{0, 1, 2}},
		{[]int{0, 1, 2, 3}, 4, []int{1, 3}},
		{[]int{0, 1, 2, 3, 4}, 4, []int{0, 2, 4}},
		{[]int{0, 1}, 2, []int{1}},
	} {
		if got := thin(slices.Clone(c.s), c.n); !slices.Equal(got, c.want) {
			t.Errorf("thin(%v, %d) = %v, want %v", c.s, c.n, got, c.want)
		}
	}
}

// TestSnapLimit: a run keeps at most maxSnaps networks and at most
// snapBytes of them, two at least; as many as fit, up to maxSnaps. A
// network's bytes are its parameters', 8 each.
func TestSnapLimit(t *testing.T) {
	for _, h := range []int{1, 50, 100, 1000, 5000, 10000} {
		net := network.NewTwoLayerNet(mnist.Pixels, h, mnist.Classes, 0.01, rand.New(rand.NewPCG(1, 1)))
		size := int64(0)
		for _, p := range net.All() {
			size += int64(8 * p.Size())
		}
		if netBytes(h) != size {
			t.Errorf("hidden %d: netBytes %d, the parameters' %d", h, netBytes(h), size)
		}
		n := int64(snapLimit(h))
		fits := n == 2 || n*size <= snapBytes
		most := n == maxSnaps || (n+1)*size > snapBytes
		if n < 2 || n > maxSnaps || !fits || !most {
			t.Errorf("hidden %d: %d networks of %d bytes kept", h, n, size)
		}
	}
}
