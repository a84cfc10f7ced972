package train

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestReporter(t *testing.T) {
	e := Eval{Iter: 600, Loss: 0.87616, TrainAcc: 0.79551, TestAcc: 0.8018, Elapsed: 2500e6}
	want := "iter 600  loss 0.8762  train acc 0.7955  test acc 0.8018  elapsed 2.5s"
	if got := FormatEval(e); got != want {
		t.Errorf("FormatEval = %q, want %q", got, want)
	}
	for _, live := range []bool{false, true} {
		var buf bytes.Buffer
		r := NewReporter(&buf, live, 10)
		h := r.Hooks()
		r.drawn = r.drawn.Add(-redrawEvery) // due for a redraw
		r.since = r.since.Add(-time.Second)
		h.Step(3, 1.5)
		h.Eval(e)
		r.Final(e)
		out := buf.String()
		if strings.Contains(out, "\r") != live || !strings.Contains(out, want+"\nfinal "+want+"\n") {
			t.Errorf("live %v: output %q", live, out)
		}
	}
}
