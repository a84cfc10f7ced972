// Package browser drives a headless Chromium over the DevTools protocol
// for the page tests: JSON messages over two pipes
// (--remote-debugging-pipe: the browser reads commands on its file
// descriptor 3 and writes answers and events on 4, each message ended by
// a NUL byte), with no module beyond the standard library.
package browser

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
)

// Find returns the path of a Chromium to drive: Debian's chromium, or
// another of its names on the PATH.
func Find() (string, error) {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium on the PATH (chromium, chromium-browser, google-chrome): on Debian, apt-get install chromium")
}

// A Browser is a running headless Chromium.
type Browser struct {
	cmd    *exec.Cmd
	toIt   *os.File // its descriptor 3: our commands
	stderr bytes.Buffer

	mu      sync.Mutex
	next    int
	waiting map[int]chan message
	events  []Event
	arrived chan struct{} // closed, and replaced, when an event arrives
	err     error         // why the connection ended
}

// An Event is a message the browser sent unasked: its method, the
// session of the page it concerns, and its parameters.
type Event struct {
	Method  string          `json:"method"`
	Session string          `json:"sessionId"`
	Params  json.RawMessage `json:"params"`
}

// A message is anything the browser sends: an answer to a command (with
// its id) or an event.
type message struct {
	ID     int             `json:"id"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
	Event
}

// Launch starts Chromium at path, headless, its profile in dir, with the
// window size given.
func Launch(path, dir string, width, height int) (*Browser, error) {
	cmdIn, toIt, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	fromIt, cmdOut, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	b := &Browser{toIt: toIt, waiting: map[int]chan message{}, arrived: make(chan struct{})}
	b.cmd = exec.Command(path, "--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
		"--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
		"--hide-scrollbars", "--mute-audio", "--user-data-dir="+dir, fmt.Sprintf("--window-size=%d,%d", width, height), "about:blank")
	b.cmd.ExtraFiles = []*os.File{cmdIn, cmdOut} // descriptors 3 and 4
	b.cmd.Stderr = &b.stderr
	if err := b.cmd.Start(); err != nil {
		return nil, err
	}
	cmdIn.Close()
	cmdOut.Close()
	go b.read(fromIt)
	return b, nil
}

// read takes the browser's messages until the pipe closes.
func (b *Browser) read(from *os.File) {
	r := bufio.NewReaderSize(from, 1<<20)
	for {
		raw, err := r.ReadBytes(0)
		if err != nil {
			b.mu.Lock()
			b.err = fmt.Errorf("the browser closed its pipe: %v; its stderr: %.2000s", err, b.stderr.String())
			for id, ch := range b.waiting {
				close(ch)
				delete(b.waiting, id)
			}
			close(b.arrived)
			b.arrived = make(chan struct{})
			b.mu.Unlock()
			from.Close()
			return
		}
		var m message
		if err := json.Unmarshal(raw[:len(raw)-1], &m); err != nil {
			continue
		}
		b.mu.Lock()
		if ch, ok := b.waiting[m.ID]; ok && m.ID != 0 {
			delete(b.waiting, m.ID)
			ch <- m
		} else if m.Method != "" {
			b.events = append(b.events, m.Event)
			close(b.arrived)
			b.arrived = make(chan struct{})
		}
		b.mu.Unlock()
	}
}

// Call sends the command method with params to the browser, or with
// session to that page, and decodes its result into result (unless nil).
func (b *Browser) Call(ctx context.Context, session, method string, params, result any) error {
	b.mu.Lock()
	if b.err != nil {
		b.mu.Unlock()
		return b.err
	}
	b.next++
	id := b.next
	ch := make(chan message, 1)
	b.waiting[id] = ch
	b.mu.Unlock()
	cmd := map[string]any{"id": id, "method": method}
	if params != nil {
		cmd["params"] = params
	}
	if session != "" {
		cmd["sessionId"] = session
	}
	data, err := json.Marshal(cmd)
	if err != nil {
		return err
	}
	if _, err := b.toIt.Write(append(data, 0)); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case m, ok := <-ch:
		if !ok {
			b.mu.Lock()
			defer b.mu.Unlock()
			return fmt.Errorf("%s: %w", method, b.err)
		}
		if m.Error != nil {
			return fmt.Errorf("%s: %s (%d)", method, m.Error.Message, m.Error.Code)
		}
		if result != nil {
			return json.Unmarshal(m.Result, result)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%s: %w", method, ctx.Err())
	}
}

// Events returns the events from index i on, and a channel closed when
// more arrive.
func (b *Browser) Events(i int) ([]Event, <-chan struct{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.events[i:len(b.events):len(b.events)], b.arrived
}

// Close ends the browser.
func (b *Browser) Close() error {
	b.toIt.Close()
	b.cmd.Process.Kill()
	b.cmd.Wait()
	return nil
}
