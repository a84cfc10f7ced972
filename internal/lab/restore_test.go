package lab

import (
	"bytes"
	"encoding/json"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"dlfs/train"
)

// TestRestoredRuns: a server started on the -out of an earlier one lists
// that server's runs, finished and interrupted, with their whole history
// (the losses of loss.csv, the evaluations of accuracy.csv); an
// interrupted one resumes from the page's API and ends with the files of
// a run never interrupted, byte for byte; a folder whose checkpoint is
// not one is a failed run that says so; new runs are numbered after them.
func TestRestoredRuns(t *testing.T) {
	data, err := testData()
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	open := func() *Lab {
		l, err := New(Options{Data: data, Out: out, Limit: 1 << 40, Logger: log.New(&bytes.Buffer{}, "", 0)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(l.Shutdown)
		return l
	}
	first := open()
	h := first.Handler()
	if code, body := do(t, h, "POST", "/api/runs", `{"iters": 300, "seed": 3}`); code != 201 {
		t.Fatalf("POST: %d %s", code, body)
	}
	finishedRun := waitState(t, h, 1, finished)
	if finishedRun.Resumable {
		t.Error("a finished run is resumable")
	}
	code, body := do(t, h, "POST", "/api/runs", `{"iters": 600, "seed": 4, "lr": 0.2}`)
	if code != 201 {
		t.Fatalf("POST: %d %s", code, body)
	}
	for decodeRun(t, body).Done < 50 {
		time.Sleep(5 * time.Millisecond)
		_, body = do(t, h, "GET", "/api/runs/2", "")
	}
	first.Shutdown() // as Ctrl-C: run 2 interrupted
	if o := waitState(t, h, 2, interrupted); o.Done >= 600 || !o.Resumable {
		t.Fatalf("run 2 ran to its end before the server stopped, or is not resumable: %+v", o)
	}
	if err := os.MkdirAll(filepath.Join(out, "run-7"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "run-7", "checkpoint.npz"), []byte("not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}

	second := open()
	h = second.Handler()
	_, body = do(t, h, "GET", "/api/runs", "")
	var list []runObject
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list) != 3 {
		t.Fatalf("the runs after a restart: %v %s", err, body)
	}
	one, two, seven := list[0], list[1], list[2]
	if one.ID != 1 || one.State != finished || one.Done != 300 || *one.TrainAcc != *finishedRun.TrainAcc || *one.TestAcc != *finishedRun.TestAcc ||
		one.Settings != finishedRun.Settings || one.Report != "/runs/1/report.html" || one.Resumable {
		t.Errorf("run 1 read back %+v, was %+v", one, finishedRun)
	}
	if two.ID != 2 || two.State != interrupted || !two.Resumable || two.Done < 50 || two.Done >= 600 {
		t.Errorf("run 2 read back %+v", two)
	}
	if seven.ID != 7 || seven.State != failed || !strings.Contains(seven.Error, "checkpoint.npz") {
		t.Errorf("run 7 read back %+v", seven)
	}

	// Without a run named, predict reads with the latest that has a
	// network: run 2, run 7 having none.
	if code, body := do(t, h, "POST", "/api/predict", string(pngOf(t, 0))); code != 200 || !strings.Contains(body, `"run":2`) {
		t.Errorf("predict after the restart: %d %.200s", code, body)
	}

	// Run 1's stream is its files.
	evs, ended := history(second.find(1).events)
	var losses []float64
	var accs [][]string
	units := 0
	for _, e := range evs {
		switch e.name {
		case "update":
			var u struct{ Losses []float64 }
			json.Unmarshal(e.data, &u)
			losses = append(losses, u.Losses...)
		case "eval":
			var v struct {
				Iter      int
				Loss      *float64
				Train     float64 `json:"train_acc"`
				Test      float64 `json:"test_acc"`
				Confusion [][]int
				Final     bool
			}
			json.Unmarshal(e.data, &v)
			if v.Final != (v.Confusion != nil) {
				t.Errorf("the eval at %d: final %v with confusion %v", v.Iter, v.Final, v.Confusion != nil)
			}
			if v.Final && (v.Loss == nil || len(losses) == 0 || *v.Loss != losses[len(losses)-1]) {
				t.Errorf("the final eval's loss %v, the last of the %d losses before it", v.Loss, len(losses))
			}
			accs = append(accs, []string{strconv.Itoa(v.Iter), strconv.FormatFloat(v.Train, 'g', -1, 64), strconv.FormatFloat(v.Test, 'g', -1, 64)})
		case "units":
			units++
		}
	}
	lossRows := csvRows(t, filepath.Join(one.Dir, "loss.csv"))
	accRows := csvRows(t, filepath.Join(one.Dir, "accuracy.csv"))
	if !ended || units != 1 || len(losses) != len(lossRows)-1 || len(accs) != len(accRows)-1 {
		t.Fatalf("run 1's stream: ended %v, %d units, %d losses, %d evals; loss.csv %d rows, accuracy.csv %d", ended, units, len(losses), len(accs), len(lossRows), len(accRows))
	}
	for i, v := range losses {
		if want, _ := strconv.ParseFloat(lossRows[i+1][1], 64); v != want {
			t.Fatalf("loss %d read back %v, loss.csv %v", i, v, want)
		}
	}
	for i, a := range accs {
		if !slices.Equal(a, accRows[i+1]) {
			t.Errorf("eval %d read back %v, accuracy.csv %v", i, a, accRows[i+1])
		}
	}

	// Its checkpoint gone, run 2 cannot resume, and says which file is
	// missing; put back, it can.
	ckPath := filepath.Join(two.Dir, "checkpoint.npz")
	if err := os.Rename(ckPath, ckPath+".away"); err != nil {
		t.Fatal(err)
	}
	if code, body := do(t, h, "POST", "/api/runs/2/resume", ""); code != 409 || !strings.Contains(body, "checkpoint.npz") {
		t.Errorf("resume without its checkpoint: %d %s", code, body)
	}
	if err := os.Rename(ckPath+".away", ckPath); err != nil {
		t.Fatal(err)
	}

	// Run 2 resumed ends as run 3, the same settings never interrupted.
	if code, body := do(t, h, "POST", "/api/runs/2/resume", ""); code != 200 || decodeRun(t, body).State != running {
		t.Fatalf("resume run 2: %d %s", code, body)
	}
	two = waitState(t, h, 2, finished)
	if code, body := do(t, h, "POST", "/api/runs", `{"iters": 600, "seed": 4, "lr": 0.2}`); code != 201 || decodeRun(t, body).ID != 8 {
		t.Fatalf("a new run after run-7: %d %s", code, body)
	}
	clean := waitState(t, h, 8, finished)
	for _, name := range []string{"loss.csv", "accuracy.csv", "params.npz", "confusion.csv"} {
		a, errA := os.ReadFile(filepath.Join(two.Dir, name))
		b, errB := os.ReadFile(filepath.Join(clean.Dir, name))
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%s of the resumed run and of a clean one differ (%v, %v)", name, errA, errB)
		}
	}
}

// TestRunNumbers: run-N folders by N; names that only look like one (a
// sign, a leading zero, a number too large to follow) are not runs.
func TestRunNumbers(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"run-1", "run-12", "run-1073741823", "run-0", "run-007", "run--3", "run-+4", "run-9223372036854775807", "run-1073741824", "runs", "run-x"} {
		if err := os.Mkdir(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := runNumbers(entries)
	if len(got) != 3 || got[1].Name() != "run-1" || got[12].Name() != "run-12" || got[maxRunNumber-1].Name() != "run-1073741823" {
		t.Errorf("%v", got)
	}
}

// TestFinalAccuracies: a restored run's final accuracies are the last row
// of its accuracy.csv when that row is of the update the checkpoint was
// taken after, and not otherwise.
func TestFinalAccuracies(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name, csv   string
		train, test float64
		ok          bool
	}{
		{"the final row", "iter,train_acc,test_acc\n0,0.1,0.11\n300,0.5,0.25\n", 0.5, 0.25, true},
		{"no newline at the end", "iter,train_acc,test_acc\n300,0.5,0.25", 0.5, 0.25, true},
		{"a row of another update", "iter,train_acc,test_acc\n0,0.1,0.11\n299,0.5,0.25\n", 0, 0, false},
		{"only the header", "iter,train_acc,test_acc\n", 0, 0, false},
		{"only a row", "300,0.5,0.25\n", 0, 0, false},
		{"two fields", "iter,train_acc,test_acc\n300,0.5\n", 0, 0, false},
		{"four fields", "iter,train_acc,test_acc\n300,0.5,0.25,1\n", 0, 0, false},
		{"a train accuracy not a number", "iter,train_acc,test_acc\n300,x,0.25\n", 0, 0, false},
		{"a test accuracy not a number", "iter,train_acc,test_acc\n300,0.5,x\n", 0, 0, false},
	} {
		path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")+".csv")
		if err := os.WriteFile(path, []byte(c.csv), 0o644); err != nil {
			t.Fatal(err)
		}
		tr, te, ok := finalAccuracies(path, 300)
		if ok != c.ok || ok && (tr != c.train || te != c.test) {
			t.Errorf("%s: %v %v %v, want %v %v %v", c.name, tr, te, ok, c.train, c.test, c.ok)
		}
	}
	if _, _, ok := finalAccuracies(filepath.Join(dir, "none.csv"), 300); ok {
		t.Error("no accuracy.csv read as one")
	}
}

// TestRestoredBeforeAnUpdate: a checkpoint of no update done (a run
// resumed before its first) reads back as an interrupted run of no
// losses, its final loss none.
func TestRestoredBeforeAnUpdate(t *testing.T) {
	data, err := testData()
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	var first *train.Checkpoint
	train.Run(train.Config{Iters: 3, Batch: 10, LR: 0.1, Hidden: 5, WeightStd: 0.01, Seed: 1}, data,
		train.Hooks{Checkpoint: func(ck *train.Checkpoint) error {
			if first == nil {
				c := *ck
				first = &c
			}
			return nil
		}})
	first.Done, first.Losses, first.Evals = 0, nil, nil
	if err := os.Mkdir(filepath.Join(out, "run-1"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := train.WriteCheckpoint(filepath.Join(out, "run-1", "checkpoint.npz"), first); err != nil {
		t.Fatal(err)
	}
	l, err := New(Options{Data: data, Out: out, Limit: 1 << 40, Logger: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Shutdown()
	if code, body := do(t, l.Handler(), "GET", "/api/runs/1", ""); code != 200 || decodeRun(t, body).State != interrupted || decodeRun(t, body).Done != 0 {
		t.Fatalf("the run: %d %s", code, body)
	}
	evs, _ := history(l.find(1).events)
	for _, e := range evs {
		if e.name == "update" {
			t.Errorf("an update event of a run of no update: %s", e.data)
		}
		if e.name == "eval" && !strings.Contains(string(e.data), `"loss":null`) {
			t.Errorf("the final eval of a run of no update: %s", e.data)
		}
	}
}
