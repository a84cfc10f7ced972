package report

import (
	"bytes"
	"fmt"
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

// TestProgressLine: the live line counts updates from the end of the last
// evaluation: 50 updates in the 2 s since the evaluation after update 99
// are 25 a second, and the 850 left take 34 s. A shorter line drawn over
// a longer one leaves nothing of it on the terminal.
func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer
	cfg := train.DefaultConfig
	cfg.Iters = 1000
	r := NewReporter(&buf, true, cfg)
	h := r.Hooks()
	h.Eval(train.Eval{Iter: 99})
	r.since = r.since.Add(-2 * time.Second)
	r.drawn = r.drawn.Add(-redrawEvery)
	h.Step(149, 123456.5)
	first := terminal(buf.String())
	var done, iters, rate, left int
	var loss float64
	line := strings.Split(first, "\n")[1]
	if _, err := fmt.Sscanf(line, "  update %d/%d  loss %f  %d updates/s  %ds left", &done, &iters, &loss, &rate, &left); err != nil ||
		done != 150 || iters != 1000 || loss != 123456.5 || rate < 24 || rate > 25 || left < 34 || left > 36 {
		t.Errorf("the progress line %q", line)
	}
	r.drawn = r.drawn.Add(-redrawEvery)
	before := buf.Len()
	h.Step(150, 0.25)
	drawn := buf.String()[before:]
	lines := strings.Split(terminal(buf.String()), "\n")
	got := lines[len(lines)-1]
	if _, err := fmt.Sscanf(got, "  update 151/1000  loss 0.2500  %d updates/s  %ds left", &rate, &left); err != nil ||
		got != fmt.Sprintf("  update 151/1000  loss 0.2500  %d updates/s  %ds left", rate, left) {
		t.Errorf("a shorter progress line over a longer one shows %q", got)
	}
	// Padded with exactly the spaces that cover the longer line: no more,
	// or a narrow terminal would wrap it.
	if want := "\r" + got + strings.Repeat(" ", len(line)-len(got)); drawn != want {
		t.Errorf("the shorter line drawn as %q, want %q", drawn, want)
	}
}

// TestPageSections: a page shows an Evaluations section with its lines,
// each escaped, and none at all without lines.
func TestPageSections(t *testing.T) {
	with := string((&Page{Title: "t", Lines: []string{"iter 0 <a>"}}).HTML())
	if !strings.Contains(with, "<h2>Evaluations</h2>\n<pre>iter 0 &lt;a&gt;\n</pre>") {
		t.Errorf("a page with a line:\n%s", with)
	}
	if without := string((&Page{Title: "t"}).HTML()); strings.Contains(without, "Evaluations") {
		t.Errorf("a page without lines has an Evaluations section:\n%s", without)
	}
}
