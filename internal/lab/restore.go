package lab

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"dlfs/train"
)

// restored reads back the run of an earlier server from its folder dir,
// as run id: its checkpoint (the losses, the learning rates, the
// evaluations, the network), and the final accuracies of its
// accuracy.csv. A run that had ended on its own is finished; one whose
// checkpoint says it diverged, diverged; any other was stopped or
// interrupted, and resumes as `-resume` does. A folder without a
// checkpoint holds no run (nil); one whose checkpoint cannot be read is a
// failed run that says why.
func (l *Lab) restored(id int, dir string) *run {
	ck, err := train.ReadCheckpoint(filepath.Join(dir, "checkpoint.npz"), l.opt.Limit)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		r := newRun(l, id, Settings{}, dir)
		r.state, r.err = failed, err.Error()
		r.events.add("state", r.objectLocked())
		r.events.end()
		return r
	}
	r := newRun(l, id, settingsOf(ck.Config), dir)
	close(r.trained) // by an earlier server
	r.cfg = ck.Config
	r.done, r.net, r.netDone = ck.Done, ck.Net, ck.Done
	r.snaps = []snapshot{{ck.Done, ck.Net}}
	r.rates = ck.Rates
	last := ck.Rates[len(ck.Rates)-1]
	r.lr, r.lastLR = last.LR, last.LR
	r.verdict = verdictOf(ck.Losses[min(last.From, len(ck.Losses)):], last.LR)
	_, statErr := os.Stat(filepath.Join(dir, "report.html"))
	r.report = statErr == nil
	switch {
	case ck.Done == ck.Config.Iters:
		r.state = finished
	case ck.Diverged:
		r.state = diverged
	default:
		r.state = interrupted
		if err := ck.Matches(l.opt.Data); err != nil {
			r.err = "not resumable here: " + err.Error()
		} else {
			r.resumable = true
		}
	}
	for _, rate := range ck.Rates[1:] {
		r.events.add("rate", rate)
	}
	if len(ck.Losses) > 0 {
		r.events.addLosses(0, ck.Losses, 0)
	}
	for _, e := range ck.Evals {
		r.events.addEval(r.evalEvent(e, false, nil, ""))
	}
	final := train.Eval{Iter: ck.Done, Loss: math.NaN(), Elapsed: ck.Elapsed}
	if n := len(ck.Losses); n > 0 {
		final.Loss = ck.Losses[n-1]
	}
	if tr, te, ok := finalAccuracies(filepath.Join(dir, "accuracy.csv"), ck.Done); ok {
		final.TrainAcc, final.TestAcc = tr, te
	} else {
		final.TrainAcc, final.TestAcc = train.Accuracies(ck.Net, l.opt.Data)
	}
	r.trainAcc, r.testAcc = &final.TrainAcc, &final.TestAcc
	r.events.addEval(r.evalEvent(final, true, ck.Net, r.verdict))
	r.events.add("units", units(ck.Net, ck.Done))
	r.events.add("state", r.objectLocked())
	r.events.end()
	return r
}

// settingsOf is the Settings of a run's train.Config.
func settingsOf(c train.Config) Settings {
	grad := "backprop"
	if c.Numerical {
		grad = "numerical"
	}
	return Settings{Iters: c.Iters, Batch: c.Batch, LR: c.LR, Hidden: c.Hidden, Seed: c.Seed, Replace: c.Replace, Grad: grad, Book: c.Book}
}

// finalAccuracies reads the last row of a run's accuracy.csv, its final
// evaluation, if it is of update done.
func finalAccuracies(path string, done int) (trainAcc, testAcc float64, ok bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, false
	}
	rows := strings.Split(strings.TrimSpace(string(b)), "\n")
	f := strings.Split(rows[len(rows)-1], ",")
	if len(rows) < 2 || len(f) != 3 || f[0] != strconv.Itoa(done) {
		return 0, 0, false
	}
	trainAcc, err1 := strconv.ParseFloat(f[1], 64)
	testAcc, err2 := strconv.ParseFloat(f[2], 64)
	return trainAcc, testAcc, err1 == nil && err2 == nil
}

// resume continues r, stopped or interrupted, from the checkpoint in its
// folder, as `go run . -resume DIR` does, unless another run trains
// (that run, false) or the lab is closed (nil, false).
func (l *Lab) resume(r *run) (other *run, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil, errors.New("the server is stopping")
	}
	for _, o := range l.runs {
		if o.active() {
			return o, nil
		}
	}
	ck, err := train.ReadCheckpoint(filepath.Join(r.dir, "checkpoint.npz"), l.opt.Limit)
	if err == nil {
		err = ck.Matches(l.opt.Data)
	}
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	if !r.resumable {
		r.mu.Unlock()
		return nil, errors.New("the run is not paused, stopped or interrupted")
	}
	<-r.trained // its last training has sent its last event
	r.state, r.stop, r.pause, r.byServer, r.resumable, r.report, r.err = running, false, false, false, false, false, ""
	r.done = ck.Done
	r.mu.Unlock()
	r.pending, r.lastLR = nil, ck.Rates[len(ck.Rates)-1].LR
	r.pace.reset()
	r.trained = make(chan struct{})
	r.events.reopen()
	r.events.add("state", map[string]string{"state": running})
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		r.train(ck)
	}()
	return nil, nil
}

// maxRunNumber bounds the N of the run-N folders a lab numbers after:
// past it, a folder's name is no run's (the next number would overflow).
const maxRunNumber = 1 << 30

// runNumbers maps N to the entry run-N of a folder's entries.
func runNumbers(entries []fs.DirEntry) map[int]fs.DirEntry {
	runs := map[int]fs.DirEntry{}
	for _, e := range entries {
		name, ok := strings.CutPrefix(e.Name(), "run-")
		if n, err := strconv.Atoi(name); ok && err == nil && n > 0 && n < maxRunNumber && name == strconv.Itoa(n) {
			runs[n] = e
		}
	}
	return runs
}
