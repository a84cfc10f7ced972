package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"dlfs/train"
)

func TestReporter(t *testing.T) {
	e := train.Eval{Iter: 600, Loss: 0.87616, TrainAcc: 0.79551, TestAcc: 0.8018, Elapsed: 2500e6}
	want := "iter 600  loss 0.8762  train acc 0.7955  test acc 0.8018  elapsed 2.5s"
	if got := FormatEval(e); got != want {
		t.Errorf("FormatEval = %q, want %q", got, want)
	}
	for _, live := range []bool{false, true} {
		var buf bytes.Buffer
		cfg := train.DefaultConfig
		cfg.Iters = 1000000000
		r := NewReporter(&buf, live, cfg)
		h := r.Hooks()
		r.drawn = r.drawn.Add(-redrawEvery) // due for a redraw
		r.since = r.since.Add(-time.Second)
		h.Step(3, 123456789) // a progress line longer than the evaluation's
		h.Eval(e)
		r.Final(e)
		out := buf.String()
		if strings.Contains(out, "\r") != live || !strings.Contains(out, want+"\nfinal "+want+"\n") || strings.Contains(out, "\x1b") {
			t.Errorf("live %v: output %q", live, out)
		}
		// What a terminal shows: each \r returns to the line's start, and
		// the evaluation's line leaves nothing of the progress line.
		if screen := terminal(out); live && screen != want+"\nfinal "+want+"\n" {
			t.Errorf("the terminal shows %q", screen)
		}
	}
}

// terminal returns what out leaves on a terminal: a carriage return moves
// back to the start of the line, and what follows writes over it.
func terminal(out string) string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		screen := []rune{}
		col := 0
		for _, c := range l {
			if c == '\r' {
				col = 0
				continue
			}
			if col < len(screen) {
				screen[col] = c
			} else {
				screen = append(screen, c)
			}
			col++
		}
		lines = append(lines, strings.TrimRight(string(screen), " "))
	}
	return strings.Join(lines, "\n")
}
