package lab

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/http"
	"os"
	"slices"
	"strconv"
	"time"

	"dlfs/internal/report"
)

// The API, JSON in and out; errors are {"error": "..."} naming the field:
//
//	GET    /api/runs                  every run of the server, oldest first
//	POST   /api/runs                  start one: {"iters", "batch", "lr", "hidden", "seed",
//	                                  "replace", "grad": "backprop"|"numerical", "book"};
//	                                  201 and the run, 409 while another trains, 400 bad settings
//	POST   /api/settings              the same body checked, no run started: 200 and
//	                                  {settings, warning} (the defaults filled in; how long
//	                                  the numerical gradient will take), 400 bad settings
//	GET    /api/runs/{id}             the run: id, state, settings, updates_done, lr, dir,
//	                                  rates [{from, lr}], updates_per_second, train_acc,
//	                                  test_acc, verdict, resumable, report, error; 404 unknown
//	GET    /api/runs/{id}/events      Server-Sent Events, gzipped where the client takes it:
//	                                  the history (of its units events, the last only),
//	                                  then live, ending after the final state: update
//	                                  {iter, losses, per_second} (the losses of updates iter,
//	                                  iter+1, …: all of loss.csv's, in order), eval {iter,
//	                                  final, loss, train_acc, test_acc, elapsed, verdict, and
//	                                  but in a history read back, confusion, digits}, units
//	                                  {iter, hidden, scale, units}, rate {from, lr}, state
//	                                  {state, …}
//	GET    /api/runs/{id}/units?updates=N
//	                                  a look back: the units of the network the run kept at
//	                                  its last evaluation after at most N updates; 404 none
//	GET    /api/runs/{id}/gradients   §4.5's check on the run's network (updates=N: a look
//	                                  back): a few entries of each parameter's gradient,
//	                                  numerical and by backprop, on 10 training images
//	POST   /api/runs/{id}/pause       200 and the run; 409 where it does not apply
//	POST   /api/runs/{id}/resume      a paused run, or a stopped or interrupted one continued
//	                                  from its checkpoint as -resume does
//	POST   /api/runs/{id}/stop        as Ctrl-C: one more evaluation, the files written
//	PATCH  /api/runs/{id}             {"lr": 0.5}: the learning rate from the next update
//	GET    /api/digits                the test digits the eval events read
//	POST   /api/predict?run=ID        an image: {digit, probabilities, input, hidden, scores,
//	                                  run, updates} from that run's current network (without
//	                                  run, the latest run's, or -load's; with updates=N, a
//	                                  look back as for units); 415 not an image, 413 too
//	                                  large, 422 no ink
//	POST   /predict                   the same, without run
//	GET    /runs/{id}/{file}          a run's files: report.html, its figures, the CSVs
//
// and the chapter's examples (chapter.go).

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
	mux.HandleFunc("POST /api/settings", l.checkSettings)
	mux.HandleFunc("GET /api/runs/{id}", l.withRun(func(w http.ResponseWriter, r *http.Request, run *run) {
		writeJSON(w, http.StatusOK, run.object())
	}))
	mux.HandleFunc("PATCH /api/runs/{id}", l.withRun(patchRun))
	mux.HandleFunc("POST /api/runs/{id}/pause", l.withRun(control(func(r *run) bool { return r.setPause(true) }, "pause: the run is not running")))
	mux.HandleFunc("POST /api/runs/{id}/resume", l.withRun(l.resumeRun))
	mux.HandleFunc("POST /api/runs/{id}/stop", l.withRun(control(func(r *run) bool { return r.halt(false) }, "stop: the run has ended or is stopping")))
	mux.HandleFunc("GET /api/runs/{id}/events", l.withRun(l.events))
	mux.HandleFunc("GET /api/runs/{id}/units", l.withRun(unitsAt))
	mux.HandleFunc("GET /api/runs/{id}/gradients", l.withRun(l.gradients))
	mux.HandleFunc("GET /runs/{id}/{file}", l.withRun(runFile))
	mux.HandleFunc("GET /api/digits", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, l.digits) })
	mux.HandleFunc("POST /api/predict", l.predict)
	mux.HandleFunc("POST /predict", l.predict)
	chapterRoutes(mux)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		guard(mux).ServeHTTP(rec, r)
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

// settings reads a request's settings, answering 415 or 400 and false
// when they are not to be had.
func (l *Lab) settings(w http.ResponseWriter, r *http.Request) (Settings, bool) {
	if !jsonBody(w, r) {
		return Settings{}, false
	}
	s, err := decodeSettings(r.Body, l.opt.Data, l.opt.Limit)
	if err != nil {
		jsonError(w, http.StatusBadRequest, err.Error())
		return Settings{}, false
	}
	return s, true
}

func (l *Lab) checkSettings(w http.ResponseWriter, r *http.Request) {
	if s, ok := l.settings(w, r); ok {
		writeJSON(w, http.StatusOK, map[string]any{"settings": s, "warning": l.warning(s)})
	}
}

func (l *Lab) startRun(w http.ResponseWriter, r *http.Request) {
	s, ok := l.settings(w, r)
	if !ok {
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

// resumeRun resumes a paused run, or continues a stopped or interrupted
// one from its checkpoint.
func (l *Lab) resumeRun(w http.ResponseWriter, r *http.Request, run *run) {
	if run.setPause(false) {
		writeJSON(w, http.StatusOK, run.object())
		return
	}
	if !run.object().Resumable {
		jsonError(w, http.StatusConflict, "resume: the run is not paused, stopped or interrupted")
		return
	}
	other, err := l.resume(run)
	switch {
	case err != nil:
		jsonError(w, http.StatusConflict, "resume: "+err.Error())
	case other != nil:
		jsonError(w, http.StatusConflict, fmt.Sprintf("run %d is training: one run at a time; stop it first", other.id))
	default:
		writeJSON(w, http.StatusOK, run.object())
	}
}

// patchRun changes a run's learning rate: {"lr": 0.5}.
func patchRun(w http.ResponseWriter, r *http.Request, run *run) {
	if !jsonBody(w, r) {
		return
	}
	var p struct {
		LR *float64 `json:"lr"`
	}
	dec, err := objectBody(r.Body, "a learning rate")
	if err == nil {
		err = dec.Decode(&p)
	}
	if err == nil {
		if _, end := dec.Token(); end != io.EOF {
			err = errors.New("more after the object")
		}
	}
	if err != nil || p.LR == nil {
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

// runFile serves one of a run's files, those of report.RunFiles.
func runFile(w http.ResponseWriter, r *http.Request, run *run) {
	name := r.PathValue("file")
	if !slices.Contains(report.RunFiles, name) {
		jsonError(w, http.StatusNotFound, fmt.Sprintf("no file %q: a run's files are %v", name, report.RunFiles))
		return
	}
	// Only a regular file in the run's folder: not a link out of it, nor a
	// device or a pipe someone put there under a run file's name.
	root, err := os.OpenRoot(run.dir)
	if err != nil {
		jsonError(w, http.StatusNotFound, fmt.Sprintf("no file %q: %v", name, err))
		return
	}
	defer root.Close()
	info, err := root.Lstat(name) // before opening: a pipe would block the open
	if err == nil && !info.Mode().IsRegular() {
		err = fmt.Errorf("not a regular file but %v", info.Mode().Type())
	}
	var f *os.File
	if err == nil {
		f, err = root.Open(name)
	}
	if err != nil {
		jsonError(w, http.StatusNotFound, fmt.Sprintf("no file %q: %v", name, err))
		return
	}
	defer f.Close()
	http.ServeContent(w, r, name, info.ModTime(), f)
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
