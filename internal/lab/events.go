package lab

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// An event is one message of a run's stream: its name (state, update,
// eval, units, rate) and its JSON data.
type event struct {
	name string
	data []byte
}

// A stream is a run's events in order, kept whole, so that a subscriber
// who comes late reads the history first and then waits for what
// follows.
type stream struct {
	mu      sync.Mutex
	events  []event
	changed chan struct{} // closed, and replaced, when events grow or the stream ends
	ended   bool
}

func newStream() *stream { return &stream{changed: make(chan struct{})} }

// add appends an event with v as its data.
func (s *stream) add(name string, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // the lab's own values, always encodable
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events = append(s.events, event{name, data})
	close(s.changed)
	s.changed = make(chan struct{})
}

// end marks the stream complete: no event follows.
func (s *stream) end() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ended = true
	close(s.changed)
	s.changed = make(chan struct{})
}

// reopen takes back end: a stopped run resumed goes on.
func (s *stream) reopen() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ended = false
}

// from returns the events from index i on, whether the stream has ended
// after them, and a channel closed when there is more.
func (s *stream) from(i int) (events []event, ended bool, more <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.events[i:len(s.events):len(s.events)], s.ended, s.changed
}

// keepAlive is how long a quiet stream waits before a comment line, which
// finds a client that has gone.
const keepAlive = 15 * time.Second

// streamEvents is the run's Server-Sent Events: from the start, or after
// the Last-Event-ID a reconnecting browser sends; gzipped for a client
// that takes it, as every browser does. Of the units events a subscriber
// catches up on, only the last is sent: each replaces the one before, and
// a finished run's history would otherwise be mostly pictures never
// drawn.
func streamEvents(w http.ResponseWriter, r *http.Request, run *run) {
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Time{}) // the stream lasts the run: no write timeout
	next := 0
	if id, err := strconv.Atoi(r.Header.Get("Last-Event-ID")); err == nil && id > 0 {
		next = id
	}
	if evs, _, _ := run.events.from(0); next > len(evs) {
		next = 0
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("Vary", "Accept-Encoding")
	out, flush := io.Writer(w), func() error { return nil }
	if acceptsGzip(r.Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		gz, _ := gzip.NewWriterLevel(w, gzip.BestSpeed) // a valid level
		defer gz.Close()
		out, flush = gz, gz.Flush
	}
	w.WriteHeader(http.StatusOK)
	for {
		evs, ended, more := run.events.from(next)
		lastUnits := -1
		for k, e := range evs {
			if e.name == "units" {
				lastUnits = k
			}
		}
		for k, e := range evs {
			next++
			if e.name != "units" || k == lastUnits {
				fmt.Fprintf(out, "id: %d\nevent: %s\ndata: %s\n\n", next, e.name, e.data)
			}
		}
		if err := flush(); err != nil {
			return
		}
		if err := rc.Flush(); err != nil || ended {
			return
		}
		select {
		case <-more:
		case <-r.Context().Done():
			return
		case <-time.After(keepAlive):
			io.WriteString(out, ": still here\n\n")
		}
	}
}

// acceptsGzip reports whether an Accept-Encoding header takes gzip.
func acceptsGzip(accept string) bool {
	for _, part := range strings.Split(accept, ",") {
		coding, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			return strings.ReplaceAll(strings.TrimSpace(q), " ", "") != "q=0"
		}
	}
	return false
}
