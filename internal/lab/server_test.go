package lab

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// A closeConn is a connection that records its closing.
type closeConn struct {
	net.Conn
	closed bool
}

func (c *closeConn) Close() error { c.closed = true; return nil }

// TestAdmitTheOldestIdleLeaves: a full server makes room for a new
// connection by closing the one idle the longest, never one in a
// request, however old; with every connection in a request, the new one
// is refused and none is closed.
func TestAdmitTheOldestIdleLeaves(t *testing.T) {
	s := NewServer(http.NotFoundHandler())
	conns := make([]*closeConn, maxConns)
	start := time.Now()
	for i := range conns {
		conns[i] = &closeConn{}
		if !s.admit(conns[i]) {
			t.Fatalf("connection %d of %d refused", i, maxConns)
		}
		s.conns[conns[i]].since = start.Add(time.Duration(i) * time.Second)
	}
	// The two oldest are in a request; the third oldest became idle last
	// (a second after the newest opened); of the rest, the seventh is the
	// oldest idle.
	s.track(conns[0], http.StateActive)
	s.track(conns[1], http.StateActive)
	s.conns[conns[2]].since = start.Add(maxConns * time.Second)
	for i := range 4 {
		s.track(conns[3+i], http.StateActive)
	}
	newcomer := &closeConn{}
	if !s.admit(newcomer) {
		t.Fatal("a new connection refused with idle ones to close")
	}
	for i, c := range conns {
		if c.closed != (i == 7) {
			t.Errorf("connection %d closed: %v, want %v", i, c.closed, i == 7)
		}
	}
	if len(s.conns) != maxConns || s.conns[newcomer] == nil || s.conns[conns[7]] != nil {
		t.Errorf("%d connections counted after the swap", len(s.conns))
	}
	for c := range s.conns {
		s.track(c, http.StateActive)
	}
	if s.admit(&closeConn{}) {
		t.Error("a connection admitted with every one in a request")
	}
	for _, c := range conns {
		if c.closed != (c == conns[7]) {
			t.Error("a connection in a request was closed")
		}
	}
}

// TestServerCrowd: with every connection the server allows taken by
// clients that sent half a header or nothing, a real request still gets
// in and is answered, and so are requests that were under way before the
// crowd came (their connections are not the ones closed to make room); so
// is a request after a thousand idle keep-alive connections.
func TestServerCrowd(t *testing.T) {
	s := NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, "ok")
	}))
	ln, err := s.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(ln)
	defer s.Close()
	addr := ln.Addr().String()
	// Requests under way: the header sent, the body still to come.
	var busy []net.Conn
	for range 10 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\no")
		busy = append(busy, c)
	}
	time.Sleep(100 * time.Millisecond) // their handlers are reading
	var crowd []net.Conn
	defer func() {
		for _, c := range crowd {
			c.Close()
		}
	}()
	for i := range maxConns + 50 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		if i%2 == 0 {
			io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n") // and never the end
		}
		crowd = append(crowd, c)
	}
	time.Sleep(100 * time.Millisecond) // let the server see them all
	client := &http.Client{Timeout: 10 * time.Second}
	res, err := client.Get("http://" + addr + "/")
	if err != nil {
		t.Fatalf("a request past %d slow connections: %v", len(crowd), err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(body) != "ok" {
		t.Errorf("answered %q", body)
	}
	for i, c := range busy {
		io.WriteString(c, "k")
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Errorf("the request under way %d, after the crowd: %v", i, err)
			continue
		}
		answer, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 || string(answer) != "ok" {
			t.Errorf("the request under way %d, after the crowd: %d %q", i, res.StatusCode, answer)
		}
		c.Close()
	}
	// Idle keep-alive connections, each after a request of its own.
	var idle []*http.Transport
	defer func() {
		for _, tr := range idle {
			tr.CloseIdleConnections()
		}
	}()
	for range 1000 {
		tr := &http.Transport{}
		idle = append(idle, tr)
		res, err := (&http.Client{Transport: tr, Timeout: 10 * time.Second}).Get("http://" + addr + "/")
		if err != nil {
			t.Fatal(err)
		}
		io.ReadAll(res.Body)
		res.Body.Close()
	}
	if _, err := client.Get("http://" + addr + "/"); err != nil {
		t.Fatalf("a request past 1000 idle connections: %v", err)
	}
	s.mu.Lock()
	open := len(s.conns)
	s.mu.Unlock()
	if open > maxConns {
		t.Errorf("%d connections open, the bound is %d", open, maxConns)
	}
}

// TestBudget: units taken are given back; a request that does not fit
// waits, and gives up when its context ends; a small one fits beside a
// large one.
func TestBudget(t *testing.T) {
	b := newBudget(100)
	ctx := context.Background()
	if err := b.acquire(ctx, 101); err == nil {
		t.Fatal("101 units of 100 were given")
	}
	if err := b.acquire(ctx, 100); err != nil {
		t.Fatalf("the whole budget: %v", err)
	}
	b.release(100)
	if err := b.acquire(ctx, 90); err != nil {
		t.Fatal(err)
	}
	if err := b.acquire(ctx, 10); err != nil {
		t.Fatalf("10 beside 90 of 100: %v", err)
	}
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if err := b.acquire(short, 1); err == nil {
		t.Fatal("1 more of a full budget was given")
	}
	got := make(chan error)
	go func() { got <- b.acquire(ctx, 50) }()
	b.release(10)
	select {
	case err := <-got:
		t.Fatalf("50 given with 10 free: %v", err)
	case <-time.After(20 * time.Millisecond):
	}
	b.release(90)
	if err := <-got; err != nil {
		t.Fatal(err)
	}
}

// TestStreamCrowd: 600 event streams opened on a run that trains, none
// read, hold at most the lab's slots; the rest are refused with 503 and
// their connections make room; a request to stop the run is answered
// within a second, as is the run's page.
func TestStreamCrowd(t *testing.T) {
	l, _ := newTestLab(t, nil)
	s := NewServer(l.Handler())
	ln, err := s.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(ln)
	defer s.Close()
	addr := ln.Addr().String()
	if code, body := do(t, l.Handler(), "POST", "/api/runs", `{"iters": 1000000, "batch": 10}`); code != 201 {
		t.Fatalf("POST: %d %s", code, body)
	}
	var crowd []net.Conn
	defer func() {
		for _, c := range crowd {
			c.Close()
		}
	}()
	for i := range 600 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("stream %d: %v", i, err)
		}
		io.WriteString(c, "GET /api/runs/1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
		crowd = append(crowd, c)
	}
	time.Sleep(200 * time.Millisecond)
	l.streams.mu.Lock()
	open := l.streams.total
	l.streams.mu.Unlock()
	if open > maxRunStreams {
		t.Errorf("%d streams open on one run, at most %d", open, maxRunStreams)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	for _, req := range []struct{ method, path string }{{"GET", "/api/runs/1"}, {"POST", "/api/runs/1/stop"}} {
		start := time.Now()
		r, _ := http.NewRequest(req.method, "http://"+addr+req.path, nil)
		res, err := client.Do(r)
		if err != nil {
			t.Fatalf("%s %s past 600 streams: %v", req.method, req.path, err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if took := time.Since(start); res.StatusCode != 200 || took > time.Second {
			t.Errorf("%s %s past 600 streams: %d in %v", req.method, req.path, res.StatusCode, took)
		}
	}
	// A refused stream says why.
	c := crowd[len(crowd)-1]
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err == nil {
		body, _ := io.ReadAll(io.LimitReader(res.Body, 1000))
		if res.StatusCode != 503 || !strings.Contains(string(body), "too many event streams") {
			t.Errorf("the 600th stream: %d %s", res.StatusCode, body)
		}
	} else if !errors.Is(err, io.EOF) && !strings.Contains(err.Error(), "reset") {
		t.Errorf("the 600th stream: %v", err) // closed to make room is fine too
	}
}

// TestSlots: a run takes exactly maxRunStreams streams and the server
// maxStreams in all; a slot given back is free again, on its run and in
// all, and a run with none open is forgotten.
func TestSlots(t *testing.T) {
	s := slots{runs: map[*run]int{}}
	a, b, c := &run{}, &run{}, &run{}
	for i := range maxRunStreams {
		if !s.take(a) {
			t.Fatalf("stream %d on one run refused", i+1)
		}
	}
	if s.take(a) {
		t.Errorf("stream %d on one run taken", maxRunStreams+1)
	}
	for i := range maxStreams - maxRunStreams {
		if !s.take(b) && !s.take(c) {
			t.Fatalf("stream %d in all refused", maxRunStreams+i+1)
		}
	}
	if s.total != maxStreams || s.take(c) {
		t.Errorf("%d streams open, and one more taken", s.total)
	}
	s.give(a)
	if !s.take(a) || s.runs[a] != maxRunStreams {
		t.Errorf("a slot given back was not free again, or the run's count is %d", s.runs[a])
	}
	for range maxRunStreams {
		s.give(a)
	}
	if _, ok := s.runs[a]; ok || s.total != maxStreams-maxRunStreams {
		t.Errorf("after a run's last stream: its count %v kept, %d open", s.runs[a], s.total)
	}
}
