package lab

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// TestStreamReplay: a subscriber catching up on a history reads every
// event under the id it has there, but a units event replaced by a later
// one, and the consecutive updates as one; asked with gzip, the same
// bytes come compressed; with Last-Event-ID, the events after it.
func TestStreamReplay(t *testing.T) {
	s := newStream(maxSnaps)
	s.add("state", map[string]string{"state": running})
	s.add("units", map[string]int{"iter": 1})
	s.addLosses(0, []float64{0.5, 0.25}, 3)
	s.addLosses(2, []float64{0.125}, 7)
	s.add("units", map[string]int{"iter": 2})
	s.add("eval", map[string]int{"iter": 2})
	s.add("units", map[string]int{"iter": 3})
	s.add("state", map[string]string{"state": finished})
	s.end()
	r := &run{events: s}
	get := func(header, value string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", "/api/runs/1/events", nil)
		if header != "" {
			req.Header.Set(header, value)
		}
		rec := httptest.NewRecorder()
		streamEvents(rec, req, r)
		return rec
	}
	plain := get("", "")
	want := `id: 1
event: state
data: {"state":"running"}

id: 4
event: update
data: {"iter":0,"losses":[0.5,0.25,0.125],"per_second":7}

id: 6
event: eval
data: {"iter":2}

id: 7
event: units
data: {"iter":3}

id: 8
event: state
data: {"state":"finished"}

`
	if got := plain.Body.String(); got != want || plain.Header().Get("Content-Encoding") != "" {
		t.Errorf("the replay (Content-Encoding %q):\n%s\nwant\n%s", plain.Header().Get("Content-Encoding"), got, want)
	}
	for _, accept := range []string{"gzip", "deflate, gzip;q=1.0, br", "GZIP"} {
		zipped := get("Accept-Encoding", accept)
		if zipped.Header().Get("Content-Encoding") != "gzip" {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q", accept, zipped.Header().Get("Content-Encoding"))
			continue
		}
		zr, err := gzip.NewReader(zipped.Body)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := io.ReadAll(zr); err != nil || string(got) != want {
			t.Errorf("Accept-Encoding %q: %v\n%s", accept, err, got)
		}
	}
	for _, accept := range []string{"gzip;q=0", "br", "x-gzip2"} {
		if rec := get("Accept-Encoding", accept); rec.Header().Get("Content-Encoding") != "" || !bytes.Equal(rec.Body.Bytes(), plain.Body.Bytes()) {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q", accept, rec.Header().Get("Content-Encoding"))
		}
	}
	if got := get("Last-Event-ID", "6").Body.String(); got != want[strings.Index(want, "id: 7"):] {
		t.Errorf("after event 6:\n%s", got)
	}
	if got := get("Last-Event-ID", "3").Body.String(); !strings.HasPrefix(got, "id: 4\nevent: update\ndata: {\"iter\":2,\"losses\":[0.125],\"per_second\":7}\n\nid: 6\n") {
		t.Errorf("after event 3, within the merged updates:\n%s", got)
	}
	// A client that has every event gets none again; an id the run never
	// gave (another server's, before a restart) or not a number, the
	// whole history.
	if got := get("Last-Event-ID", "8").Body.String(); got != "" {
		t.Errorf("after the last event:\n%s", got)
	}
	for _, id := range []string{"9", "0", "-2", "x", "1e3"} {
		if got := get("Last-Event-ID", id).Body.String(); got != want {
			t.Errorf("Last-Event-ID %q:\n%s", id, got)
		}
	}
}

// TestStreamBounds: what a stream keeps does not grow with the time a
// run takes: one units picture, and the confusion and digits of at most
// maxSnaps evaluations, every other dropped as the run's snapshots are.
func TestStreamBounds(t *testing.T) {
	s := newStream(maxSnaps)
	for i := range 1000 {
		s.add("units", map[string]int{"iter": i})
	}
	evs, _ := history(s)
	if len(evs) != 1 || string(evs[0].data) != `{"iter":999}` {
		t.Errorf("after 1000 units events, %d kept: %s", len(evs), evs[0].data)
	}
	var snaps []snapshot
	for i := range 3 * maxSnaps {
		full := map[string]any{"iter": i, "confusion": [][]int{{i}}}
		s.addEval(full, map[string]any{"iter": i})
		snaps = thin(append(snaps, snapshot{done: i}), maxSnaps)
	}
	evs, _ = history(s)
	var kept []int
	for _, e := range evs[1:] {
		var v struct {
			Iter      int
			Confusion [][]int
		}
		json.Unmarshal(e.data, &v)
		if v.Confusion != nil {
			kept = append(kept, v.Iter)
		}
	}
	if len(evs) != 1+3*maxSnaps || len(kept) != len(snaps) {
		t.Fatalf("%d events, %d with a confusion, %d snapshots", len(evs), len(kept), len(snaps))
	}
	for i := range kept {
		if kept[i] != snaps[i].done {
			t.Fatalf("the evaluations with a confusion %v, the snapshots kept %v", kept, snaps)
		}
	}
}

// TestStreamMergesUpdates: a replay merges update events that follow one
// another in the history and in the updates, up to maxMerged losses in
// one, and no others: not across another event, not across a gap in the
// updates. Each loss is sent once, in order, and the ids still count
// every event of the history.
func TestStreamMergesUpdates(t *testing.T) {
	s := newStream(maxSnaps)
	losses := func(n int, from float64) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = from + float64(i)
		}
		return v
	}
	s.add("state", map[string]string{"state": running})
	s.addLosses(10, losses(3, 10), 1)         // 2: updates 10–12
	s.addLosses(13, losses(2, 13), 2)         // 3: 13–14, merged with 2
	s.add("eval", map[string]int{"iter": 14}) // 4
	s.addLosses(15, losses(1, 15), 3)         // 5: 15, after another event
	s.addLosses(30, losses(1, 30), 4)         // 6: 30, after a gap
	big, rest := 40000, maxMerged-40000
	s.addLosses(40, losses(big, 40), 5)                   // 7: after a gap
	s.addLosses(40+big, losses(rest, float64(40+big)), 6) // 8: merged with 7, maxMerged in all
	s.addLosses(40+maxMerged, losses(1, 40+maxMerged), 7) // 9: one more than maxMerged
	s.end()
	rec := httptest.NewRecorder()
	streamEvents(rec, httptest.NewRequest("GET", "/api/runs/1/events", nil), &run{events: s})
	type update struct {
		id, iter, n int
		perSecond   float64
	}
	var got []update
	for block := range strings.SplitSeq(strings.TrimSpace(rec.Body.String()), "\n\n") {
		var u update
		var name, data string
		fmt.Sscanf(block, "id: %d\nevent: %s\ndata: %s", &u.id, &name, &data)
		if name != "update" {
			continue
		}
		var v struct {
			Iter      int
			Losses    []float64
			PerSecond float64 `json:"per_second"`
		}
		if err := json.Unmarshal([]byte(data), &v); err != nil || len(v.Losses) == 0 {
			t.Fatalf("event %d: %v: %.80s", u.id, err, data)
		}
		u.iter, u.n, u.perSecond = v.Iter, len(v.Losses), v.PerSecond
		if first, last := v.Losses[0], v.Losses[u.n-1]; first != float64(u.iter) || last != float64(u.iter+u.n-1) {
			t.Errorf("event %d: the losses of updates %v to %v, want %d to %d", u.id, first, last, u.iter, u.iter+u.n-1)
		}
		got = append(got, u)
	}
	want := []update{
		{id: 3, iter: 10, n: 5, perSecond: 2},
		{id: 5, iter: 15, n: 1, perSecond: 3},
		{id: 6, iter: 30, n: 1, perSecond: 4},
		{id: 8, iter: 40, n: maxMerged, perSecond: 6},
		{id: 9, iter: 40 + maxMerged, n: 1, perSecond: 7},
	}
	if !slices.Equal(got, want) {
		t.Errorf("the update events replayed:\n%+v\nwant\n%+v", got, want)
	}
}
