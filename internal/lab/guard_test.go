package lab

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGuard: the lab answers its own page and scripts on this machine,
// and refuses what another site's page could send: a Host that is a name
// (DNS rebinding), a change from another Origin, a settings body that is
// not declared JSON (a form's text/plain); and it serves a run's files
// only as regular files inside its folder, not a link out of it.
func TestGuard(t *testing.T) {
	l, _ := newTestLab(t, nil)
	h := l.Handler()
	send := func(method, path, host, origin, contentType, body string) (int, string) {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Host = host
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	for _, c := range []struct {
		name, method, path, host, origin, contentType, body string
		code                                                int
		want                                                string
	}{
		{"the page, by address", "GET", "/", "127.0.0.1:8080", "", "", "", 200, "<canvas"},
		{"the page, by localhost", "GET", "/api/runs", "LOCALHOST:8080", "", "", "", 200, "["},
		{"the page, by IPv6", "GET", "/api/runs", "[::1]:8080", "", "", "", 200, "["},
		{"a LAN address", "GET", "/api/runs", "192.168.1.20:8080", "", "", "", 200, "["},
		{"a name", "GET", "/api/runs", "evil.example:8080", "", "", "", 421, `Host \"evil.example:8080\"`},
		{"a name for a file", "GET", "/runs/1/loss.csv", "evil.example", "", "", "", 421, "IP address or localhost"},
		{"a start from another site", "POST", "/api/runs", "127.0.0.1:8080", "http://evil.example", "application/json", `{"iters": 5}`, 403, `Origin \"http://evil.example\"`},
		{"a stop from another site", "POST", "/api/runs/1/stop", "127.0.0.1:8080", "http://evil.example", "", "", 403, "own page only"},
		{"a form's text/plain", "POST", "/api/runs", "127.0.0.1:8080", "", "text/plain", `{"iters": 5}`, 415, `Content-Type \"text/plain\"`},
		{"no type", "POST", "/api/settings", "127.0.0.1:8080", "", "", `{}`, 415, "application/json"},
		{"the page's own start", "POST", "/api/runs", "127.0.0.1:8080", "http://127.0.0.1:8080", "application/json; charset=utf-8", `{"iters": 5}`, 201, `"id":1`},
		{"a PATCH as a form", "PATCH", "/api/runs/1", "127.0.0.1:8080", "", "application/x-www-form-urlencoded", `{"lr": 1}`, 415, "application/json"},
	} {
		if code, body := send(c.method, c.path, c.host, c.origin, c.contentType, c.body); code != c.code || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d %.200s; want %d and %q", c.name, code, body, c.code, c.want)
		}
	}
	if runs := l.all(); len(runs) != 1 {
		t.Fatalf("%d runs started; only the page's own start counts", len(runs))
	}
	o := waitState(t, h, 1, finished)
	secret := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secret, []byte("not the lab's"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"loss.csv", "accuracy.csv"} {
		os.Remove(filepath.Join(o.Dir, name))
	}
	if err := os.Symlink(secret, filepath.Join(o.Dir, "loss.csv")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := os.Symlink("confusion.csv", filepath.Join(o.Dir, "accuracy.csv")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"loss.csv", "accuracy.csv"} {
		if code, body := do(t, h, "GET", "/runs/1/"+name, ""); code != 404 || strings.Contains(body, "not the lab's") || !strings.Contains(body, "not a regular file") {
			t.Errorf("%s, a link: %d %s", name, code, body)
		}
	}
	if code, body := do(t, h, "GET", "/runs/1/confusion.csv", ""); code != 200 || !strings.HasPrefix(body, "digit") {
		t.Errorf("confusion.csv: %d %.80s", code, body)
	}
}
