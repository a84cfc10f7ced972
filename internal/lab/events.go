package lab

import (
	"encoding/json"
	"sync"
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

// from returns the events from index i on, whether the stream has ended
// after them, and a channel closed when there is more.
func (s *stream) from(i int) (events []event, ended bool, more <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.events[i:len(s.events):len(s.events)], s.ended, s.changed
}
