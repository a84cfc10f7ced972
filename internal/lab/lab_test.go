package lab

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"dlfs/internal/report"
	"dlfs/mnist"
	"dlfs/network"
	"dlfs/train"
)

// testData is a fifth of MNIST, loaded once: its first 12000 training
// and 2000 test images, so that a run's evaluations are quick.
var testData = sync.OnceValues(func() (*mnist.Dataset, error) {
	d, err := mnist.Load()
	if err != nil {
		return nil, err
	}
	return &mnist.Dataset{Train: d.Train.Head(12000), Test: d.Test.Head(2000)}, nil
})

// newTestLab returns a Lab on MNIST whose runs go in a temporary folder,
// with model as -load's (or none), and its log.
func newTestLab(t *testing.T, model *network.TwoLayerNet) (*Lab, *bytes.Buffer) {
	t.Helper()
	data, err := testData()
	if err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	l, err := New(Options{Data: data, Out: t.TempDir(), Limit: 1 << 40, Model: model, ModelName: "params.npz",
		Logger: log.New(&logged, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Shutdown)
	return l, &logged
}

// do sends a request to h, as the page would (to 127.0.0.1:8080, with a
// JSON body but to predict), and returns the status and body.
func do(t testing.TB, h http.Handler, method, path, body string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Host = "127.0.0.1:8080"
	if !strings.Contains(path, "predict") {
		req.Header.Set("Content-Type", "application/json")
	}
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// decodeRun reads a run object.
func decodeRun(t testing.TB, body string) runObject {
	t.Helper()
	var o runObject
	if err := json.Unmarshal([]byte(body), &o); err != nil {
		t.Fatalf("not a run: %v: %s", err, body)
	}
	return o
}

// An sse is one event read from a stream.
type sse struct {
	id, name string
	data     []byte
}

// readEvents reads a Server-Sent Events stream to its end.
func readEvents(t *testing.T, r io.Reader) []sse {
	t.Helper()
	var evs []sse
	var e sse
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if e.name != "" {
				evs = append(evs, e)
			}
			e = sse{}
		case strings.HasPrefix(line, "id: "):
			e.id = line[4:]
		case strings.HasPrefix(line, "event: "):
			e.name = line[7:]
		case strings.HasPrefix(line, "data: "):
			e.data = []byte(line[6:])
		case strings.HasPrefix(line, ":"):
		default:
			t.Fatalf("stream line %q", line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return evs
}

// csvRows reads a run's CSV file.
func csvRows(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		rows = append(rows, strings.Split(l, ","))
	}
	return rows
}

// waitState polls run id until its state is one of states.
func waitState(t testing.TB, h http.Handler, id int, states ...string) runObject {
	t.Helper()
	// Generous: under -race on a busy machine a run of a few hundred
	// updates takes tens of seconds.
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); {
		_, body := do(t, h, "GET", "/api/runs/"+strconv.Itoa(id), "")
		o := decodeRun(t, body)
		for _, s := range states {
			if o.State == s {
				return o
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("run %d never reached %v", id, states)
	return runObject{}
}

// TestRunStreamsItsFiles: a run started over the API streams, to a
// subscriber who comes in the middle and to one who comes after its end,
// the same history: the losses of its update events are loss.csv's, every
// one in order, and its eval events are accuracy.csv's rows; the run
// object ends finished with the final accuracies and a report that is
// served.
func TestRunStreamsItsFiles(t *testing.T) {
	l, _ := newTestLab(t, nil)
	srv := httptest.NewServer(l.Handler())
	defer srv.Close()
	res, err := http.Post(srv.URL+"/api/runs", "application/json", strings.NewReader(`{"iters": 290, "seed": 3}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 201 || res.Header.Get("Location") != "/api/runs/1" {
		t.Fatalf("POST /api/runs: %d %s, Location %q", res.StatusCode, body, res.Header.Get("Location"))
	}
	o := decodeRun(t, string(body))
	if o.ID != 1 || o.State != running || o.Settings != (Settings{290, 100, 0.1, 50, 3, false, "backprop", false}) || o.Dir != filepath.Join(l.opt.Out, "run-1") {
		t.Fatalf("run %+v", o)
	}
	// The first subscriber comes while the run is paused, and reads the
	// rest live once it resumes; the second after its end.
	if code, body := do(t, l.Handler(), "POST", "/api/runs/1/pause", ""); code != 200 {
		t.Fatalf("pause: %d %s", code, body)
	}
	streams := make([][]sse, 2)
	for k := range streams {
		if k == 1 {
			waitState(t, l.Handler(), 1, finished)
		}
		res, err := http.Get(srv.URL + "/api/runs/1/events")
		if err != nil {
			t.Fatal(err)
		}
		if res.Header.Get("Content-Type") != "text/event-stream" {
			t.Errorf("events: Content-Type %q", res.Header.Get("Content-Type"))
		}
		if k == 0 {
			time.Sleep(100 * time.Millisecond)
			if code, body := do(t, l.Handler(), "POST", "/api/runs/1/resume", ""); code != 200 {
				t.Fatalf("resume: %d %s", code, body)
			}
		}
		streams[k] = readEvents(t, res.Body)
		res.Body.Close()
		if first := streams[k][0]; first.name != "state" || string(first.data) != `{"state":"running"}` {
			t.Errorf("stream %d starts with %s %s", k, first.name, first.data)
		}
	}
	o = waitState(t, l.Handler(), 1, finished)
	dir := o.Dir
	lossRows, accRows := csvRows(t, filepath.Join(dir, "loss.csv")), csvRows(t, filepath.Join(dir, "accuracy.csv"))
	for k, evs := range streams {
		var losses []float64
		var evals [][]string
		last := 0
		for i, e := range evs {
			// Ids count every event, those skipped in a replay too.
			if id, err := strconv.Atoi(e.id); err != nil || id <= last {
				t.Fatalf("stream %d: event %d has id %q after %d", k, i, e.id, last)
			}
			last, _ = strconv.Atoi(e.id)
			switch e.name {
			case "update":
				var u struct {
					Iter   int
					Losses []float64
				}
				json.Unmarshal(e.data, &u)
				if u.Iter != len(losses) {
					t.Fatalf("stream %d: an update event from update %d after %d losses", k, u.Iter, len(losses))
				}
				losses = append(losses, u.Losses...)
			case "eval":
				var v struct {
					Iter              int
					TrainAcc, TestAcc float64 `json:"-"`
					Train             float64 `json:"train_acc"`
					Test              float64 `json:"test_acc"`
					Confusion         [][]int
					Digits            []struct{ Top []int }
				}
				json.Unmarshal(e.data, &v)
				n := 0
				for _, row := range v.Confusion {
					for _, c := range row {
						n += c
					}
				}
				if n != liveTest || len(v.Digits) != samples || len(v.Digits[0].Top) != 3 {
					t.Errorf("stream %d: eval at %d counts %d images, reads %d digits", k, v.Iter, n, len(v.Digits))
				}
				evals = append(evals, []string{strconv.Itoa(v.Iter), strconv.FormatFloat(v.Train, 'g', -1, 64), strconv.FormatFloat(v.Test, 'g', -1, 64)})
			}
		}
		if len(losses) != 290 || len(lossRows) != 291 {
			t.Fatalf("stream %d: %d losses, loss.csv %d rows", k, len(losses), len(lossRows))
		}
		for i, v := range losses {
			if got, _ := strconv.ParseFloat(lossRows[i+1][1], 64); got != v {
				t.Fatalf("stream %d: loss %d is %v, loss.csv's %v", k, i, v, got)
			}
		}
		if len(evals) != len(accRows)-1 {
			t.Fatalf("stream %d: %d eval events, accuracy.csv %d rows", k, len(evals), len(accRows)-1)
		}
		for i, e := range evals {
			if strings.Join(e, ",") != strings.Join(accRows[i+1], ",") {
				t.Errorf("stream %d: eval %v, accuracy.csv %v", k, e, accRows[i+1])
			}
		}
		if last := evs[len(evs)-1]; last.name != "state" || !bytes.Contains(last.data, []byte(`"state":"finished"`)) {
			t.Errorf("stream %d ends with %s %s", k, last.name, last.data)
		}
	}
	final := accRows[len(accRows)-1]
	if o.TrainAcc == nil || strconv.FormatFloat(*o.TrainAcc, 'g', -1, 64) != final[1] || o.Done != 290 || o.Report != "/runs/1/report.html" {
		t.Errorf("the finished run %+v, accuracy.csv's last row %v", o, final)
	}
	for _, name := range report.RunFiles {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("the run's folder: %v", err)
		}
	}
	if code, body := do(t, l.Handler(), "GET", o.Report, ""); code != 200 || !strings.Contains(body, "290") {
		t.Errorf("GET %s: %d", o.Report, code)
	}
	if code, _ := do(t, l.Handler(), "GET", "/runs/1/../../etc/passwd", ""); code == 200 {
		t.Error("a path outside the run's files is served")
	}
	if code, _ := do(t, l.Handler(), "GET", "/runs/1/run.json", ""); code != 404 {
		t.Errorf("a file not among the run's: %d", code)
	}
}

// TestRunControls: pause, resume, stop and the learning rate, each on both
// sides of where it applies; one run at a time.
func TestRunControls(t *testing.T) {
	l, _ := newTestLab(t, nil)
	h := l.Handler()
	code, body := do(t, h, "POST", "/api/runs", `{"iters": 100000, "batch": 10}`)
	if code != 201 {
		t.Fatalf("POST: %d %s", code, body)
	}
	for decodeRun(t, body).Done < 2 {
		time.Sleep(10 * time.Millisecond)
		_, body = do(t, h, "GET", "/api/runs/1", "")
	}
	if code, body := do(t, h, "POST", "/api/runs", `{}`); code != 409 || !strings.Contains(body, "run 1 is training") {
		t.Errorf("a second run while one trains: %d %s", code, body)
	}
	if code, _ := do(t, h, "POST", "/api/runs/1/resume", ""); code != 409 {
		t.Errorf("resume a running run: %d", code)
	}
	if code, body := do(t, h, "POST", "/api/runs/1/pause", ""); code != 200 || decodeRun(t, body).State != paused {
		t.Fatalf("pause: %d %s", code, body)
	}
	if code, _ := do(t, h, "POST", "/api/runs/1/pause", ""); code != 409 {
		t.Errorf("pause a paused run: %d", code)
	}
	time.Sleep(50 * time.Millisecond) // the update in progress ends
	_, body = do(t, h, "GET", "/api/runs/1", "")
	before := decodeRun(t, body).Done
	time.Sleep(200 * time.Millisecond)
	if _, body = do(t, h, "GET", "/api/runs/1", ""); decodeRun(t, body).Done != before {
		t.Errorf("a paused run went on: %d updates, then %d", before, decodeRun(t, body).Done)
	}
	for _, c := range []struct {
		body string
		code int
	}{{`{"lr": 0}`, 400}, {`{"lr": -1}`, 400}, {`{"lr": "fast"}`, 400}, {`{"batch": 5}`, 400}, {`{}`, 400}, {`{"lr": 0.5}`, 200}} {
		if code, body := do(t, h, "PATCH", "/api/runs/1", c.body); code != c.code {
			t.Errorf("PATCH %s: %d %s, want %d", c.body, code, body, c.code)
		}
	}
	if code, body := do(t, h, "POST", "/api/runs/1/resume", ""); code != 200 || decodeRun(t, body).State != running || decodeRun(t, body).LR != 0.5 {
		t.Fatalf("resume: %d %s", code, body)
	}
	for decodeRun(t, body).Done < before+3 {
		time.Sleep(10 * time.Millisecond)
		_, body = do(t, h, "GET", "/api/runs/1", "")
	}
	if code, _ := do(t, h, "POST", "/api/runs/1/stop", ""); code != 200 {
		t.Fatalf("stop: %d", code)
	}
	o := waitState(t, h, 1, stopped)
	if code, _ := do(t, h, "POST", "/api/runs/1/stop", ""); code != 409 {
		t.Errorf("stop a stopped run: %d", code)
	}
	if code, _ := do(t, h, "PATCH", "/api/runs/1", `{"lr": 1}`); code != 409 {
		t.Errorf("PATCH a stopped run: %d", code)
	}
	if code, _ := do(t, h, "POST", "/api/runs/1/pause", ""); code != 409 {
		t.Errorf("pause a stopped run: %d", code)
	}
	// loss.csv: the rate changed from one update on, at which the rate
	// event said.
	rows := csvRows(t, filepath.Join(o.Dir, "loss.csv"))
	from := -1
	for i, r := range rows[1:] {
		if r[2] == "0.5" && from < 0 {
			from = i
		}
		if (from >= 0) != (r[2] == "0.5") || (from < 0) != (r[2] == "0.1") {
			t.Fatalf("loss.csv row %v", r)
		}
	}
	evs, _ := history(l.find(1).events)
	var rate struct{ From int }
	for _, e := range evs {
		if e.name == "rate" {
			json.Unmarshal(e.data, &rate)
		}
	}
	if from < 1 || rate.From != from || len(rows)-1 != o.Done {
		t.Errorf("the rate changed at update %d of %d, its event says %d", from, o.Done, rate.From)
	}
	if want := []train.Rate{{From: 0, LR: 0.1}, {From: from, LR: 0.5}}; !slices.Equal(o.Rates, want) || !o.Resumable {
		t.Errorf("the stopped run's rates %v, resumable %v; want %v, true", o.Rates, o.Resumable, want)
	}
	// A stopped run resumes from its checkpoint, as -resume; then it is
	// the one training.
	if code, body := do(t, h, "POST", "/api/runs/1/resume", ""); code != 200 || decodeRun(t, body).State != running || decodeRun(t, body).Resumable {
		t.Fatalf("resume a stopped run: %d %s", code, body)
	}
	if code, body := do(t, h, "POST", "/api/runs", `{"iters": 5}`); code != 409 || !strings.Contains(body, "run 1 is training") {
		t.Errorf("a run while the resumed one trains: %d %s", code, body)
	}
	for decodeRun(t, body).Done < o.Done+3 {
		time.Sleep(10 * time.Millisecond)
		_, body = do(t, h, "GET", "/api/runs/1", "")
	}
	if code, _ := do(t, h, "POST", "/api/runs/1/stop", ""); code != 200 {
		t.Fatalf("stop the resumed run: %d", code)
	}
	waitState(t, h, 1, stopped)
	if code, _ := do(t, h, "POST", "/api/runs", `{"iters": 100000, "batch": 10}`); code != 201 {
		t.Errorf("a run after the last stopped: %d", code)
	}
	if code, body := do(t, h, "POST", "/api/runs/1/resume", ""); code != 409 || !strings.Contains(body, "run 2 is training") {
		t.Errorf("resume while another trains: %d %s", code, body)
	}
	for _, path := range []string{"/api/runs/7", "/api/runs/x", "/api/runs/7/events"} {
		if code, _ := do(t, h, "GET", path, ""); code != 404 {
			t.Errorf("GET %s: %d", path, code)
		}
	}
}

// TestPausedRunControls: a paused run takes every control a running one
// does: a new learning rate, then a stop, which ends it as a stop ends a
// running run (its files written to its last update, its checkpoint
// resumable); it cannot be paused again once stopped.
func TestPausedRunControls(t *testing.T) {
	l, _ := newTestLab(t, nil)
	h := l.Handler()
	if code, body := do(t, h, "POST", "/api/runs", `{"iters": 100000, "batch": 10, "hidden": 10}`); code != 201 {
		t.Fatalf("POST: %d %s", code, body)
	}
	for _, body := do(t, h, "GET", "/api/runs/1", ""); decodeRun(t, body).Done < 2; _, body = do(t, h, "GET", "/api/runs/1", "") {
		time.Sleep(10 * time.Millisecond)
	}
	if code, body := do(t, h, "POST", "/api/runs/1/pause", ""); code != 200 || decodeRun(t, body).State != paused {
		t.Fatalf("pause: %d %s", code, body)
	}
	if code, body := do(t, h, "PATCH", "/api/runs/1", `{"lr": 0.25}`); code != 200 || decodeRun(t, body).LR != 0.25 || decodeRun(t, body).State != paused {
		t.Errorf("PATCH a paused run: %d %s", code, body)
	}
	if code, body := do(t, h, "POST", "/api/runs/1/stop", ""); code != 200 {
		t.Fatalf("stop a paused run: %d %s", code, body)
	}
	o := waitState(t, h, 1, stopped)
	if rows := csvRows(t, filepath.Join(o.Dir, "loss.csv")); len(rows)-1 != o.Done || !o.Resumable || o.Report == "" {
		t.Errorf("the stopped run: %d updates, loss.csv %d rows, resumable %v, report %q", o.Done, len(rows)-1, o.Resumable, o.Report)
	}
	for _, c := range []struct{ method, path, body string }{
		{"POST", "/api/runs/1/pause", ""}, {"POST", "/api/runs/1/stop", ""}, {"PATCH", "/api/runs/1", `{"lr": 1}`},
	} {
		if code, body := do(t, h, c.method, c.path, c.body); code != 409 {
			t.Errorf("%s %s %s after the stop: %d %s", c.method, c.path, c.body, code, body)
		}
	}
}

// TestBadSettings: each setting refused names its field; the defaults
// are go run .'s.
func TestBadSettings(t *testing.T) {
	l, _ := newTestLab(t, nil)
	h := l.Handler()
	for _, c := range []struct{ body, want string }{
		{`{"iters": 0}`, "iters 0: must be at least 1"},
		{`{"batch": -1}`, "batch -1: must be at least 1"},
		{`{"batch": 12001}`, "batch 12001: larger than the 12000 training images"},
		{`{"lr": 0}`, "lr 0: must be a positive number"},
		{`{"lr": "0.1"}`, "lr: string is not a float64"},
		{`{"hidden": 0}`, "hidden 0: must be at least 1"},
		{`{"hidden": 100000000}`, "hidden 100000000: the run would need about"},
		{`{"seed": -1}`, "seed: number -1 is not a uint64"},
		{`{"book": true, "seed": 4294967296}`, "seed 4294967296: np.random.seed takes at most 2^32 − 1"},
		{`{"grad": "adam"}`, `grad "adam": must be "backprop" or "numerical"`},
		{`{"momentum": 0.9}`, `"momentum": not a setting`},
		{`{"iters": 5`, "the body is not a JSON object of settings"},
		{`[1]`, `the body is not a JSON object of settings but "[1]"`},
		{`{} {}`, "more than one JSON object"},
		{``, "the body is not a JSON object of settings"},
	} {
		code, body := do(t, h, "POST", "/api/runs", c.body)
		var e struct{ Error string }
		json.Unmarshal([]byte(body), &e)
		if code != 400 || !strings.Contains(e.Error, c.want) {
			t.Errorf("POST %s: %d %s, want 400 and %q", c.body, code, body, c.want)
		}
	}
	if _, body := do(t, h, "GET", "/api/runs", ""); body != "[]\n" {
		t.Errorf("runs after refusals: %s", body)
	}
	if s := defaultSettings(); s.config() != train.DefaultConfig {
		t.Errorf("the default settings make %+v, go run .'s %+v", s.config(), train.DefaultConfig)
	}
}

// TestDivergedRunStream: a run whose loss stops being a number ends
// "diverged", saying so, and its stream's losses are still loss.csv's,
// which ends before that update.
func TestDivergedRunStream(t *testing.T) {
	l, logged := newTestLab(t, nil)
	h := l.Handler()
	if code, body := do(t, h, "POST", "/api/runs", `{"iters": 50, "lr": 1e300}`); code != 201 {
		t.Fatalf("POST: %d %s", code, body)
	}
	o := waitState(t, h, 1, diverged, finished, failed)
	if o.State != diverged || !strings.Contains(o.Error, "the training diverged") || o.Report == "" {
		t.Fatalf("the run: %+v", o)
	}
	evs, _ := history(l.find(1).events)
	var losses []*float64
	for _, e := range evs {
		if e.name == "update" {
			var u struct{ Losses []*float64 }
			json.Unmarshal(e.data, &u)
			losses = append(losses, u.Losses...)
		}
	}
	rows := csvRows(t, filepath.Join(o.Dir, "loss.csv"))
	if len(losses) != len(rows)-1 {
		t.Fatalf("%d losses streamed, loss.csv has %d", len(losses), len(rows)-1)
	}
	for i, v := range losses {
		if want, _ := strconv.ParseFloat(rows[i+1][1], 64); v == nil || *v != want {
			t.Errorf("loss %d streamed %v, loss.csv %v", i, v, want)
		}
	}
	// The server's log says how it ended.
	l.Shutdown()
	if want := fmt.Sprintf("run 1 diverged after %d updates: %s\n", len(losses), o.Dir); !strings.Contains(logged.String(), want) {
		t.Errorf("the log:\n%s\nwant %q", logged, want)
	}
	// A server started on its folder lists it as diverged too: its last
	// checkpoint says so.
	again, err := New(Options{Data: l.opt.Data, Out: filepath.Dir(o.Dir), Limit: 1 << 40, Logger: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Shutdown()
	if code, body := do(t, again.Handler(), "GET", "/api/runs/1", ""); code != 200 || decodeRun(t, body).State != diverged || decodeRun(t, body).Resumable {
		t.Errorf("the diverged run after a restart: %d %s", code, body)
	}
}

// TestPausedAtOnce: a run paused before its goroutine has begun (on one
// core, it begins only when the caller yields) streams "running", then
// "paused": the state it was made in comes first, whoever runs first.
func TestPausedAtOnce(t *testing.T) {
	l, _ := newTestLab(t, nil)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	r, ok, err := l.start(Settings{Iters: 5, Batch: 10, LR: 0.1, Hidden: 5, Seed: 1, Grad: "backprop"})
	if !ok || err != nil {
		t.Fatalf("start: %v %v", ok, err)
	}
	if !r.setPause(true) {
		t.Fatal("setPause(true) refused")
	}
	events, _ := history(r.events)
	var states []string
	for _, e := range events {
		if e.name == "state" {
			states = append(states, string(e.data))
		}
	}
	if want := []string{`{"state":"running"}`, `{"state":"paused"}`}; !slices.Equal(states, want) {
		t.Errorf("states %v, want %v", states, want)
	}
	r.setPause(false)
	waitState(t, l.Handler(), r.id, finished)
}

// TestCheckSettings: POST /api/settings answers the settings with the
// defaults filled in and, for the numerical gradient, how long the run
// would take, with fewer updates suggested past a minute; bad settings
// are refused as POST /api/runs refuses them; no run starts.
func TestCheckSettings(t *testing.T) {
	l, _ := newTestLab(t, nil)
	h := l.Handler()
	var answer struct {
		Settings Settings
		Warning  string
	}
	for _, c := range []struct {
		body, want string
	}{
		{`{}`, ""},
		{`{"grad": "numerical", "iters": 2}`, "the numerical gradient takes about "},
		{`{"grad": "numerical"}`, "for 10000 updates: try "},
	} {
		code, body := do(t, h, "POST", "/api/settings", c.body)
		answer.Warning = ""
		if err := json.Unmarshal([]byte(body), &answer); err != nil || code != 200 || !strings.Contains(answer.Warning, c.want) || (c.want == "") != (answer.Warning == "") {
			t.Errorf("%s: %d %s", c.body, code, body)
		}
		if answer.Settings.Batch != 100 || answer.Settings.Hidden != 50 {
			t.Errorf("%s: the settings answered %+v", c.body, answer.Settings)
		}
	}
	if code, body := do(t, h, "POST", "/api/settings", `{"batch": 0}`); code != 400 || !strings.Contains(body, "batch") {
		t.Errorf("batch 0: %d %s", code, body)
	}
	if runs := l.all(); len(runs) != 0 {
		t.Errorf("%d runs after checking settings", len(runs))
	}
}

// history is a stream's events as a subscriber from its start reads
// them, one by one: each update's data encoded, a units event replaced by
// a later one left out; and whether the stream has ended.
func history(s *stream) (evs []event, ended bool) {
	all, log, ended, _ := s.from(0)
	for _, e := range all {
		if e.name == "update" {
			e.data = updateData([]event{e}, log)
		}
		if e.data != nil {
			evs = append(evs, e)
		}
	}
	return evs, ended
}

// TestHistoryCounted: the memory a run may take counts what the lab keeps
// of it beside the run's own: 8 bytes a loss, and its networks from the
// evaluations (64 of 318 KB for 50 hidden units: 20 MB).
func TestHistoryCounted(t *testing.T) {
	data, err := testData()
	if err != nil {
		t.Fatal(err)
	}
	s := defaultSettings()
	need := s.config().Memory(data.Train.Len(), data.Test.Len())
	kept := float64(8*s.Iters) + 64*8*(784*50+50+50*10+10)
	for _, c := range []struct {
		limit float64
		ok    bool
	}{{need + kept, true}, {need + kept - 1, false}} {
		_, err := decodeSettings(strings.NewReader(`{}`), data, int64(c.limit))
		if (err == nil) != c.ok {
			t.Errorf("a limit of %.0f bytes (the run %.0f, the history %.0f): %v", c.limit, need, kept, err)
		}
	}
}

// TestBodies: the bodies of a start and of a change of rate are one JSON
// object of a few fields, refused otherwise with what is wrong: null, an
// array, a string, two objects, trailing bytes, a body of 5 KiB.
func TestBodies(t *testing.T) {
	l, _ := newTestLab(t, nil)
	h := l.Handler()
	big := `{"iters": 5` + strings.Repeat(" ", 5<<10) + `}`
	// The most a body may be, 4096 bytes: settings padded to it are read
	// (and checked: the lab's settings check refuses them for their data);
	// a byte more is refused for its size.
	most := `{"iters": 5, "batch": 70000` + strings.Repeat(" ", maxSettings-28) + `}`
	if code, body := do(t, h, "POST", "/api/settings", most); len(most) != maxSettings || code != 400 || !strings.Contains(body, "batch") {
		t.Errorf("settings of %d bytes: %d %s, want refused for the batch", len(most), code, body)
	}
	if code, body := do(t, h, "POST", "/api/settings", most[:len(most)-1]+" }"); code != 400 || !strings.Contains(body, "larger than 4096 bytes") {
		t.Errorf("settings of %d bytes: %d %s, want refused for their size", len(most)+1, code, body)
	}
	for _, c := range []struct{ body, want string }{
		{`null`, `the body is not a JSON object of settings but \"null\"`},
		{`[1]`, `not a JSON object of settings but \"[1]\"`},
		{`"iters"`, `not a JSON object of settings`},
		{`{} {}`, "more than one JSON object"},
		{`{"iters": 5} x`, "more than one JSON object"},
		{`{"iters": 5}}`, "more after its JSON object"},
		{big, "the body is larger than 4096 bytes: settings are a few fields"},
	} {
		if code, body := do(t, h, "POST", "/api/runs", c.body); code != 400 || !strings.Contains(body, c.want) {
			t.Errorf("POST %.30q: %d %s, want 400 and %q", c.body, code, body, c.want)
		}
	}
	if len(l.all()) != 0 {
		t.Fatalf("%d runs started by bad bodies", len(l.all()))
	}
	if code, body := do(t, h, "POST", "/api/runs", `{"iters": 100000, "batch": 10}`); code != 201 {
		t.Fatalf("POST: %d %s", code, body)
	}
	for _, body := range []string{`{"lr": 0.5} garbage`, `{"lr": 0.5}{"lr": 9}`, `null`, `{"lr": 0.5` + strings.Repeat(" ", 5<<10) + `}`} {
		if code, answer := do(t, h, "PATCH", "/api/runs/1", body); code != 400 || !strings.Contains(answer, `the body must be {\"lr\": a positive number}`) {
			t.Errorf("PATCH %.30q: %d %s", body, code, answer)
		}
	}
	if o := l.find(1).object(); o.LR != 0.1 {
		t.Errorf("the rate after bad bodies: %v", o.LR)
	}
}
