package lab

import (
	"strings"
	"testing"

	"dlfs/internal/platformtest"
)

// TestVerdict: runs of 400 updates read as §4.4.1 reads its learning
// rates: lr 10 too large (its loss stays near ln 10), lr 0.001 too small
// (its loss barely moves), lr 0.1 learning, with nothing said; the
// verdict is in the run and in its last eval event. Its three runs take
// half a minute under the race detector, and their concurrency is any
// run's, which the other tests race: it runs in the plain and vector
// builds.
func TestVerdict(t *testing.T) {
	if platformtest.Race {
		t.Skip("three real runs; the race detector's run has the other runs' tests")
	}
	l, _ := newTestLab(t, nil)
	h := l.Handler()
	for i, c := range []struct {
		lr, want string
	}{{"10", "lr 10 is too large"}, {"0.001", "lr 0.001 is too small"}, {"0.1", ""}} {
		if code, body := do(t, h, "POST", "/api/runs", `{"iters": 400, "lr": `+c.lr+`}`); code != 201 {
			t.Fatalf("POST: %d %s", code, body)
		}
		o := waitState(t, h, i+1, finished)
		if !strings.HasPrefix(o.Verdict, c.want) || (c.want == "") != (o.Verdict == "") {
			t.Errorf("lr %s: verdict %q, want %q…", c.lr, o.Verdict, c.want)
		}
		evs, _ := history(l.find(i + 1).events)
		var last string
		for _, e := range evs {
			if e.name == "eval" {
				last = string(e.data)
			}
		}
		if c.want != "" && !strings.Contains(last, c.want) {
			t.Errorf("lr %s: the last eval event %s", c.lr, last)
		}
	}
}

// TestVerdictOf: the edges of verdictOf on losses made by hand: too few
// to judge, a rise, a spike that settles near ln 10, a flat line, a fall.
func TestVerdictOf(t *testing.T) {
	flat := func(n int, v float64) []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = v
		}
		return s
	}
	spike := flat(300, 2.26)
	spike[3] = 6.9
	fall := make([]float64, 300)
	for i := range fall {
		fall[i] = 2.3 - float64(i)/150
	}
	for _, c := range []struct {
		name   string
		losses []float64
		want   string
	}{
		{"299 flat", flat(299, 2.3), ""},
		{"300 flat", flat(300, 2.3), "lr 1 is too small: in 300 updates the loss moved from 2.300 to 2.300"},
		{"a rise", append(flat(150, 0.5), flat(150, 0.7)...), "lr 1 is too large: the loss rose from 0.500 to 0.700"},
		{"a spike, then ln 10", spike, "lr 1 is too large: the loss jumped to 6.9 and stays at 2.260"},
		{"a fall", fall, ""},
		{"a low plateau", flat(300, 0.1), "lr 1 is too small"},
	} {
		if got := verdictOf(c.losses, 1); !strings.HasPrefix(got, c.want) || (c.want == "") != (got == "") {
			t.Errorf("%s: %q, want %q…", c.name, got, c.want)
		}
	}
}
