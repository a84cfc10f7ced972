package lab

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// An event is one message of a run's stream: its name (state, update,
// eval, units, rate) and its JSON data. An update event keeps its losses
// in the stream's log, 8 bytes each, and is encoded when sent.
type event struct {
	name string
	data []byte
	// An update: the losses of updates iter, iter+1, …, at log[from:to].
	iter, from, to int
	perSecond      float64
}

// A stream is a run's events in order, so that a subscriber who comes
// late reads the history first and then waits for what follows. What it
// keeps is bounded by the run, not by the time it takes: the losses as
// numbers, one units picture (each replaces the one before), and the
// confusion and digits of the evaluations whose network the run keeps
// (thinned alike).
type stream struct {
	mu        sync.Mutex
	events    []event
	log       []float64 // every update's loss; never changed once sent
	lastUnits int       // the units event in the history, or -1
	full      []int     // the eval events with their confusion and digits
	short     map[int][]byte
	keep      int           // the full eval events kept: the run's snapshots' bound
	changed   chan struct{} // closed, and replaced, when events grow or the stream ends
	ended     bool
}

// newStream returns an empty stream that keeps keep full eval events.
func newStream(keep int) *stream {
	return &stream{changed: make(chan struct{}), lastUnits: -1, short: map[int][]byte{}, keep: keep}
}

// add appends an event with v as its data.
func (s *stream) add(name string, v any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if name == "units" && s.lastUnits >= 0 {
		s.events[s.lastUnits].data = nil // replaced: sent to no one from now on
	}
	if name == "units" {
		s.lastUnits = len(s.events)
	}
	s.events = append(s.events, event{name: name, data: encode(v)})
	s.grew()
}

// addEval appends an eval event: full, with the confusion and digits, and
// short, without. Past s.keep full ones, every other loses them.
func (s *stream) addEval(full, short map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := full["confusion"]; ok {
		s.full = append(s.full, len(s.events))
		s.short[len(s.events)] = encode(short)
		if kept := thin(s.full, s.keep); len(kept) < len(s.full) {
			s.full = s.dropFull(kept)
		}
	}
	s.events = append(s.events, event{name: "eval", data: encode(full)})
	s.grew()
}

// dropFull gives the eval events of s.full not in kept their short data.
func (s *stream) dropFull(kept []int) []int {
	k := 0
	for _, i := range s.full {
		if k < len(kept) && kept[k] == i {
			k++
			continue
		}
		s.events[i].data = s.short[i]
		delete(s.short, i)
	}
	return kept
}

// addLosses appends an update event: the losses of updates iter on.
func (s *stream) addLosses(iter int, losses []float64, perSecond float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	from := len(s.log)
	s.log = append(s.log, losses...)
	s.events = append(s.events, event{name: "update", iter: iter, from: from, to: len(s.log), perSecond: perSecond})
	s.grew()
}

// grew tells the subscribers; s.mu is held.
func (s *stream) grew() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// encode is v as JSON.
func encode(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // the lab's own values, always encodable
	}
	return data
}

// end marks the stream complete: no event follows.
func (s *stream) end() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ended = true
	s.grew()
}

// reopen takes back end: a stopped run resumed goes on.
func (s *stream) reopen() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ended = false
}

// losses returns every loss sent so far.
func (s *stream) losses() []float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log[:len(s.log):len(s.log)]
}

// from returns the events from index i on, the losses they refer to,
// whether the stream has ended after them, and a channel closed when
// there is more.
func (s *stream) from(i int) (events []event, log []float64, ended bool, more <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.events[i:]), s.log[:len(s.log):len(s.log)], s.ended, s.changed
}

// maxMerged bounds the losses of one update event a replay merges.
const maxMerged = 1 << 16

// updateData is the JSON of the update events evs, one after another in
// the log, merged.
func updateData(evs []event, log []float64) []byte {
	first, last := evs[0], evs[len(evs)-1]
	return encode(map[string]any{"iter": first.iter, "losses": finiteOrNull(log[first.from:last.to]), "per_second": last.perSecond})
}

// keepAlive is how long a quiet stream waits before a comment line, which
// finds a client that has gone; streamWrite is how long a write may wait
// on a client that does not read, before its stream is dropped.
const (
	keepAlive   = 15 * time.Second
	streamWrite = 30 * time.Second
)

// streamEvents is the run's Server-Sent Events: from the start, or after
// the Last-Event-ID a reconnecting browser sends; gzipped for a client
// that takes it, as every browser does. Of the units events, only the
// last is kept (each replaces the one before); consecutive update events
// go as one. An event's id is its place in the history, so a client
// that reconnects reads on from where it was.
func streamEvents(w http.ResponseWriter, r *http.Request, run *run) {
	rc := http.NewResponseController(w)
	next := 0
	if id, err := strconv.Atoi(r.Header.Get("Last-Event-ID")); err == nil && id > 0 {
		next = id
	}
	if evs, _, _, _ := run.events.from(0); next > len(evs) {
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
		// The stream lasts the run; each write has its own time.
		rc.SetWriteDeadline(time.Now().Add(streamWrite))
		evs, log, ended, more := run.events.from(next)
		for k := 0; k < len(evs); k++ {
			e := evs[k]
			if e.name == "update" {
				// Consecutive updates go as one: the losses of a run
				// caught up on in a few events, not one per quarter second.
				j := k + 1
				for j < len(evs) && evs[j].name == "update" && evs[j].iter == evs[j-1].iter+evs[j-1].to-evs[j-1].from && evs[j].to-e.from <= maxMerged {
					j++
				}
				next += j - k
				fmt.Fprintf(out, "id: %d\nevent: update\ndata: %s\n\n", next, updateData(evs[k:j], log))
				k = j - 1
				continue
			}
			next++
			if e.data != nil {
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
			rc.SetWriteDeadline(time.Now().Add(streamWrite))
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

// finiteOrNull lists v for JSON, which has no NaN or infinity: those are
// null.
func finiteOrNull(v []float64) []*float64 {
	out := make([]*float64, len(v))
	for i := range v {
		if !math.IsNaN(v[i]) && !math.IsInf(v[i], 0) {
			out[i] = &v[i]
		}
	}
	return out
}

// nullable is v for JSON, null where it is not a finite number.
func nullable(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}
