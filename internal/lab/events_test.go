package lab

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestStreamReplay: a subscriber catching up on a history reads every
// event but the units events replaced by a later one, under the ids the
// events have in the history; asked with gzip, the same bytes come
// compressed; with Last-Event-ID, the events after it.
func TestStreamReplay(t *testing.T) {
	s := newStream()
	s.add("state", map[string]string{"state": running})
	s.add("units", map[string]int{"iter": 1})
	s.add("update", map[string]int{"iter": 0})
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

id: 3
event: update
data: {"iter":0}

id: 5
event: eval
data: {"iter":2}

id: 6
event: units
data: {"iter":3}

id: 7
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
	if got := get("Last-Event-ID", "5").Body.String(); got != want[strings.Index(want, "id: 6"):] {
		t.Errorf("after event 5:\n%s", got)
	}
}
