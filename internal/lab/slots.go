package lab

import (
	"fmt"
	"net/http"
	"sync"
)

// The event streams open at once, in all and on one run: well under the
// server's connections, so that a crowd of streams leaves room for the
// requests that control a run.
const (
	maxStreams    = 128
	maxRunStreams = 64
)

// slots counts the event streams open, in all and per run.
type slots struct {
	mu    sync.Mutex
	total int
	runs  map[*run]int
}

// take takes a stream's slot on r, reporting false when none is free.
func (s *slots) take(r *run) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.total >= maxStreams || s.runs[r] >= maxRunStreams {
		return false
	}
	s.total++
	s.runs[r]++
	return true
}

// give gives a stream's slot on r back.
func (s *slots) give(r *run) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.total--
	if s.runs[r]--; s.runs[r] == 0 {
		delete(s.runs, r)
	}
}

// events answers GET /api/runs/{id}/events within the slots: 503 when
// they are taken.
func (l *Lab) events(w http.ResponseWriter, r *http.Request, run *run) {
	if !l.streams.take(run) {
		w.Header().Set("Retry-After", "10")
		jsonError(w, http.StatusServiceUnavailable, fmt.Sprintf("too many event streams open (at most %d, %d on a run): close a tab, or try again", maxStreams, maxRunStreams))
		return
	}
	defer l.streams.give(run)
	streamEvents(w, r, run)
}
