package lab

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzSettings: any body of POST /api/runs is settings a run accepts or
// a refusal that names what is wrong; never a panic.
func FuzzSettings(f *testing.F) {
	for _, s := range []string{`{}`, `{"iters": 5, "lr": 0.5}`, `{"grad": "numerical", "book": true}`, `{"seed": 1e30}`, `[`, `{"hidden": -1}`, "\x00"} {
		f.Add(s)
	}
	data, err := testData()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		s, err := decodeSettings(strings.NewReader(body), data, 1<<40)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("%q: an empty error", body)
			}
			return
		}
		if cfg := s.config(); cfg.Validate() != nil || cfg.FitsData(data.Train.Len()) != nil {
			t.Fatalf("%q: accepted settings %+v that a run refuses", body, s)
		}
	})
}

// FuzzPredict: any body of POST /api/predict is read or refused with a
// status of its own and a JSON error; never a panic.
func FuzzPredict(f *testing.F) {
	f.Add(pngOf(f, 0))
	f.Add([]byte("GIF89a"))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte{0xff, 0xd8, 0xff})
	l, err := New(Options{Data: must(testData()), Out: f.TempDir(), Limit: 1 << 40, Model: trainedNet()})
	if err != nil {
		f.Fatal(err)
	}
	h := l.Handler()
	f.Fuzz(func(t *testing.T, body []byte) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "/api/predict", strings.NewReader(string(body)))
		req.Host = "127.0.0.1:8080"
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case 200, 413, 415, 422:
		default:
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		if rec.Header().Get("Content-Type") != "application/json" {
			t.Fatalf("Content-Type %q", rec.Header().Get("Content-Type"))
		}
	})
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
