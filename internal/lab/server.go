package lab

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// The server's bounds: a request's header and body must come in time, an
// idle connection is closed, and at most maxConns are open at once.
const (
	headerTimeout = 5 * time.Second
	readTimeout   = 30 * time.Second // a 4 MiB image at 140 KB/s
	writeTimeout  = time.Minute      // but the event streams, which last their run
	idleTimeout   = 30 * time.Second
	maxConns      = 512
)

// A Server is an http.Server for the lab's handler that no client can
// exhaust: past maxConns connections, a new one takes the place of the
// oldest that is not in a request (idle, or still sending its header
// slowly), so that a real request gets in past a crowd of slow or idle
// ones; with none to replace, the new one is closed.
type Server struct {
	*http.Server
	mu    sync.Mutex
	conns map[net.Conn]*conn
}

// A conn is what the Server knows of an open connection.
type conn struct {
	active bool      // in a request
	since  time.Time // opened, or idle since
}

// NewServer returns the Server of h.
func NewServer(h http.Handler) *Server {
	s := &Server{conns: map[net.Conn]*conn{}}
	s.Server = &http.Server{
		Handler: h, ReadHeaderTimeout: headerTimeout, ReadTimeout: readTimeout,
		WriteTimeout: writeTimeout, IdleTimeout: idleTimeout, MaxHeaderBytes: 16 << 10,
		ConnState: s.track,
	}
	return s
}

// Listen listens on addr for the Server's Serve.
func (s *Server) Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &limited{Listener: ln, s: s}, nil
}

// track follows each connection's state.
func (s *Server) track(c net.Conn, state http.ConnState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch state {
	case http.StateActive:
		if k := s.conns[c]; k != nil {
			k.active = true
		}
	case http.StateIdle:
		if k := s.conns[c]; k != nil {
			k.active, k.since = false, time.Now()
		}
	case http.StateClosed, http.StateHijacked:
		delete(s.conns, c)
	}
}

// admit counts c in, making room if the Server is full; false means c is
// to be closed.
func (s *Server) admit(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.conns) >= maxConns {
		var oldest net.Conn
		for o, k := range s.conns {
			if !k.active && (oldest == nil || k.since.Before(s.conns[oldest].since)) {
				oldest = o
			}
		}
		if oldest == nil {
			return false
		}
		delete(s.conns, oldest)
		oldest.Close()
	}
	s.conns[c] = &conn{since: time.Now()}
	return true
}

// A limited listener admits each connection it accepts.
type limited struct {
	net.Listener
	s *Server
}

func (l *limited) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil || l.s.admit(c) {
			return c, err
		}
		c.Close()
	}
}
