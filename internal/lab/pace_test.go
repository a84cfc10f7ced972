package lab

import (
	"testing"
	"time"
)

// TestPace: updates a second over the last five seconds, by hand: none
// under half a second of notes, then the rate since the newest note five
// seconds old or more (the older ones forgotten), and a reset.
func TestPace(t *testing.T) {
	t0 := time.Unix(1000, 0)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	var p pace
	for _, c := range []struct {
		s    float64
		done int
		want float64
	}{
		{0, 0, 0},
		{0.25, 50, 0},   // a quarter of a second: too short to say
		{1, 200, 200},   // 200 in 1 s
		{5, 1000, 200},  // 1000 in 5 s
		{6, 1300, 220},  // since the newest note 5 s old or more, at 1 s: 1100 in 5 s
		{10, 1500, 100}, // since the note at 5 s: 500 in 5 s
	} {
		if got := p.at(at(c.s), c.done); got != c.want {
			t.Errorf("at %v s, %d done: %v a second, want %v", c.s, c.done, got, c.want)
		}
	}
	p.reset()
	if got := p.at(at(100), 2000); got != 0 {
		t.Errorf("after a reset: %v", got)
	}
	if got := p.at(at(101), 2100); got != 100 {
		t.Errorf("a second after a reset: %v, want 100", got)
	}
}
