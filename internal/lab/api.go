package lab

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"io"
	"io/fs"
	"math"
	"net/http"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"time"

	"dlfs/mnist"
	"dlfs/network"
	"dlfs/train"
)

// The API, JSON in and out; errors are {"error": "..."} naming the field:
//
//	GET    /api/runs                  every run of the server, oldest first
//	POST   /api/runs                  start one: {"iters", "batch", "lr", "hidden", "seed",
//	                                  "replace", "grad": "backprop"|"numerical", "book"};
//	                                  201 and the run, 409 while another trains, 400 bad settings
//	GET    /api/runs/{id}             the run: id, state, settings, updates_done, lr, dir,
//	                                  train_acc, test_acc, report, error; 404 unknown
//	GET    /api/runs/{id}/events      Server-Sent Events: the history, then live, ending after
//	                                  the final state: update {iter, losses} (the losses of
//	                                  updates iter, iter+1, …: all of loss.csv's, in order),
//	                                  eval {iter, final, loss, train_acc, test_acc, elapsed,
//	                                  confusion, digits}, units {iter, hidden, units}, rate
//	                                  {from, lr}, state {state, …}
//	POST   /api/runs/{id}/pause       200 and the run; 409 where it does not apply
//	POST   /api/runs/{id}/resume
//	POST   /api/runs/{id}/stop        as Ctrl-C: one more evaluation, the files written
//	PATCH  /api/runs/{id}             {"lr": 0.5}: the learning rate from the next update
//	GET    /api/digits                the test digits the eval events read
//	POST   /api/predict?run=ID        an image: {digit, probabilities, input, run} from that
//	                                  run's current network (without run, the latest run's,
//	                                  or -load's); 415 not an image, 413 too large, 422 no ink
//	POST   /predict                   the same, without run
//	GET    /runs/{id}/{file}          a run's files: report.html, its figures, the CSVs
//
// and the chapter's examples (chapter.go).

// The bounds of a predict request: the body, the pixels an image may have,
// and the memory the server decodes images in at once, so that a flood of
// large images waits in turn while a drawing still gets in. An image of
// more than largeImage pixels is collected as soon as it is read, rather
// than left for the heap to grow to twice the data set first.
const (
	maxUpload    = 4 << 20
	maxPixels    = 1 << 20 // 1024×1024: a drawing is 280×280, a photo can be scaled down
	pixelBytes   = 40      // decoded, then its grey, opacity and ink levels
	decodeBudget = 48 << 20
	largeImage   = 1 << 18
)

// Handler returns the lab's page and API, logging a line a request.
func (l *Lab) Handler() http.Handler {
	mux := http.NewServeMux()
	files := http.FileServerFS(Static())
	mux.Handle("GET /{$}", files)
	names, _ := fs.Glob(Static(), "*.*")
	for _, name := range names {
		mux.Handle("GET /"+name, files)
	}
	mux.HandleFunc("GET /api/runs", l.listRuns)
	mux.HandleFunc("POST /api/runs", l.startRun)
	mux.HandleFunc("GET /api/runs/{id}", l.withRun(func(w http.ResponseWriter, r *http.Request, run *run) {
		writeJSON(w, http.StatusOK, run.object())
	}))
	mux.HandleFunc("PATCH /api/runs/{id}", l.withRun(patchRun))
	mux.HandleFunc("POST /api/runs/{id}/pause", l.withRun(control(func(r *run) bool { return r.setPause(true) }, "pause: the run is not running")))
	mux.HandleFunc("POST /api/runs/{id}/resume", l.withRun(control(func(r *run) bool { return r.setPause(false) }, "resume: the run is not paused")))
	mux.HandleFunc("POST /api/runs/{id}/stop", l.withRun(control(func(r *run) bool { return r.halt(false) }, "stop: the run has ended or is stopping")))
	mux.HandleFunc("GET /api/runs/{id}/events", l.withRun(streamEvents))
	mux.HandleFunc("GET /runs/{id}/{file}", l.withRun(runFile))
	mux.HandleFunc("GET /api/digits", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, l.digits) })
	mux.HandleFunc("POST /api/predict", l.predict)
	mux.HandleFunc("POST /predict", l.predict)
	chapterRoutes(mux)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		mux.ServeHTTP(rec, r)
		if l.opt.Logger != nil {
			l.opt.Logger.Printf("%s %s %d %s", r.Method, r.URL.Path, rec.status, time.Since(start).Round(time.Microsecond))
		}
	})
}

func (l *Lab) listRuns(w http.ResponseWriter, r *http.Request) {
	objs := []runObject{}
	for _, run := range l.all() {
		objs = append(objs, run.object())
	}
	writeJSON(w, http.StatusOK, objs)
}

func (l *Lab) startRun(w http.ResponseWriter, r *http.Request) {
	s, err := decodeSettings(r.Body, l.opt.Data, l.opt.Limit)
	if err != nil {
		jsonError(w, http.StatusBadRequest, err.Error())
		return
	}
	run, ok, err := l.start(s)
	switch {
	case err != nil:
		jsonError(w, http.StatusInternalServerError, err.Error())
	case run == nil:
		jsonError(w, http.StatusServiceUnavailable, "the server is stopping")
	case !ok:
		jsonError(w, http.StatusConflict, fmt.Sprintf("run %d is training: one run at a time; stop it first", run.id))
	default:
		w.Header().Set("Location", fmt.Sprintf("/api/runs/%d", run.id))
		writeJSON(w, http.StatusCreated, run.object())
	}
}

// withRun finds the run of the path's {id} for h, answering 404 for none.
func (l *Lab) withRun(h func(http.ResponseWriter, *http.Request, *run)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(r.PathValue("id"))
		run := l.find(id)
		if err != nil || run == nil {
			jsonError(w, http.StatusNotFound, fmt.Sprintf("no run %q", r.PathValue("id")))
			return
		}
		h(w, r, run)
	}
}

// control answers a pause, resume or stop: 200 and the run, or 409 with
// refused.
func control(act func(*run) bool, refused string) func(http.ResponseWriter, *http.Request, *run) {
	return func(w http.ResponseWriter, r *http.Request, run *run) {
		if !act(run) {
			jsonError(w, http.StatusConflict, refused)
			return
		}
		writeJSON(w, http.StatusOK, run.object())
	}
}

// patchRun changes a run's learning rate: {"lr": 0.5}.
func patchRun(w http.ResponseWriter, r *http.Request, run *run) {
	var p struct {
		LR *float64 `json:"lr"`
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, maxSettings))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil || p.LR == nil {
		jsonError(w, http.StatusBadRequest, `the body must be {"lr": a positive number}, the only setting a run changes as it goes`)
		return
	}
	if !(*p.LR > 0) || math.IsInf(*p.LR, 0) {
		jsonError(w, http.StatusBadRequest, fmt.Sprintf("lr %v: must be a positive number", *p.LR))
		return
	}
	if !run.setLR(*p.LR) {
		jsonError(w, http.StatusConflict, "lr: the run has ended")
		return
	}
	writeJSON(w, http.StatusOK, run.object())
}

// keepAlive is how long a quiet stream waits before a comment line, which
// finds a client that has gone.
const keepAlive = 15 * time.Second

// streamEvents is the run's Server-Sent Events: from the start, or after
// the Last-Event-ID a reconnecting browser sends.
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
	w.WriteHeader(http.StatusOK)
	for {
		evs, ended, more := run.events.from(next)
		for _, e := range evs {
			next++
			fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", next, e.name, e.data)
		}
		if err := rc.Flush(); err != nil || ended {
			return
		}
		select {
		case <-more:
		case <-r.Context().Done():
			return
		case <-time.After(keepAlive):
			io.WriteString(w, ": still here\n\n")
		}
	}
}

// runFile serves one of a run's files, those of train.RunFiles.
func runFile(w http.ResponseWriter, r *http.Request, run *run) {
	name := r.PathValue("file")
	if !slices.Contains(train.RunFiles, name) {
		jsonError(w, http.StatusNotFound, fmt.Sprintf("no file %q: a run's files are %v", name, train.RunFiles))
		return
	}
	http.ServeFile(w, r, filepath.Join(run.dir, name))
}

// A prediction is what POST /api/predict answers.
type prediction struct {
	Digit         int       `json:"digit"`
	Probabilities []float64 `json:"probabilities"`
	Input         []float64 `json:"input"`
	Run           int       `json:"run"` // the run whose network read it; 0 for -load's
}

// network returns the network that reads for a predict request: run id's
// current one, else the latest run's (-load's is run 0).
func (l *Lab) network(id string) (*network.TwoLayerNet, int, error) {
	if id != "" {
		n, err := strconv.Atoi(id)
		run := l.find(n)
		if err != nil || run == nil {
			return nil, 0, fmt.Errorf("run %q: no such run", id)
		}
		net := run.current()
		if net == nil {
			return nil, 0, fmt.Errorf("run %d has no network yet: it has not done an update", n)
		}
		return net, n, nil
	}
	runs := l.all()
	for i := len(runs) - 1; i >= 0; i-- {
		if net := runs[i].current(); net != nil {
			return net, runs[i].id, nil
		}
	}
	return nil, 0, errors.New("no network to read with: start a run, or serve with -load FILE")
}

// predict reads the body, an image, as the predict command reads a file:
// its header first, then, within the decoding budget, the rest.
func (l *Lab) predict(w http.ResponseWriter, r *http.Request) {
	net, id, err := l.network(r.URL.Query().Get("run"))
	if err != nil {
		jsonError(w, http.StatusNotFound, err.Error())
		return
	}
	body := http.MaxBytesReader(w, r.Body, maxUpload)
	var head bytes.Buffer
	cfg, _, err := image.DecodeConfig(io.TeeReader(body, &head))
	if err != nil {
		if tooLarge(w, err) {
			return
		}
		jsonError(w, http.StatusUnsupportedMediaType, "not a PNG, JPEG or GIF image: "+err.Error())
		return
	}
	px := cfg.Width * cfg.Height
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxPixels/cfg.Height {
		jsonError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("an image of %d×%d pixels: at most %d in all", cfg.Width, cfg.Height, maxPixels))
		return
	}
	need := px*pixelBytes + maxUpload
	if err := l.decodes.acquire(r.Context(), need); err != nil {
		jsonError(w, http.StatusServiceUnavailable, "the image was not decoded: "+err.Error())
		return
	}
	defer l.decodes.release(need)
	rest, err := io.ReadAll(body)
	if err != nil {
		if !tooLarge(w, err) {
			jsonError(w, http.StatusBadRequest, "reading the body: "+err.Error())
		}
		return
	}
	if r.Context().Err() != nil {
		return // the client has gone: nobody to answer
	}
	rd, err := train.ReadImage(net, io.MultiReader(&head, bytes.NewReader(rest)))
	if px > largeImage {
		rest = nil
		head.Reset()
		runtime.GC()
	}
	switch {
	case errors.Is(err, train.ErrNotImage):
		jsonError(w, http.StatusUnsupportedMediaType, err.Error())
	case errors.Is(err, mnist.ErrNoInk):
		jsonError(w, http.StatusUnprocessableEntity, err.Error())
	case err != nil:
		jsonError(w, http.StatusUnprocessableEntity, err.Error())
	default:
		writeJSON(w, http.StatusOK, prediction{Digit: rd.Top()[0], Probabilities: rd.Probabilities, Input: rd.Input, Run: id})
	}
}

// tooLarge answers 413 if err is the body's limit, reporting whether it
// did.
func tooLarge(w http.ResponseWriter, err error) bool {
	var big *http.MaxBytesError
	if !errors.As(err, &big) {
		return false
	}
	jsonError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the image is larger than %d bytes", maxUpload))
	return true
}

// writeJSON answers v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// jsonError answers {"error": msg} with status.
func jsonError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// statusRecorder remembers the status a handler wrote, for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection (flushes, the
// event stream's deadline).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
