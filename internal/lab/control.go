package lab

import (
	"fmt"
	"slices"

	"dlfs/train"
)

// A run's controls, which the API's handlers call from their own
// goroutines: pause, resume, stop, the learning rate; and the run as JSON.

// stopHere is the Stop hook: it waits while the run is paused and says
// whether it is to stop.
func (r *run) stopHere() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pause && !r.stop {
		r.pace.reset()
	}
	for r.pause && !r.stop {
		r.wake.Wait()
	}
	return r.stop
}

// setPause pauses the run after the update in progress, or resumes it.
// It reports false where that does not apply: the run is not running, or
// not paused.
func (r *run) setPause(pause bool) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	from, to := running, paused
	if !pause {
		from, to = paused, running
	}
	if r.state != from || r.stop {
		return false
	}
	r.pause, r.state = pause, to
	r.events.add("state", map[string]string{"state": to})
	r.wake.Broadcast()
	return true
}

// halt stops the run after the update in progress, as Ctrl-C stops the
// command: evaluated once more, its files written. It reports false for a
// run already ended or stopping.
func (r *run) halt(byServer bool) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stop || (r.state != running && r.state != paused) {
		return false
	}
	r.stop, r.byServer = true, byServer
	r.wake.Broadcast()
	return true
}

// setLR sets the learning rate from the next update on, reporting false
// for a run that has ended.
func (r *run) setLR(lr float64) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.state != running && r.state != paused {
		return false
	}
	r.lr = lr
	return true
}

// A runObject is the JSON of a run, as the API answers it.
type runObject struct {
	ID        int          `json:"id"`
	State     string       `json:"state"`
	Settings  Settings     `json:"settings"`
	Done      int          `json:"updates_done"`
	LR        float64      `json:"lr"`
	Rates     []train.Rate `json:"rates"` // every learning rate taken, from update 0
	PerSecond float64      `json:"updates_per_second"`
	Dir       string       `json:"dir"`
	TrainAcc  *float64     `json:"train_acc"`
	TestAcc   *float64     `json:"test_acc"`
	Verdict   string       `json:"verdict,omitempty"`
	Resumable bool         `json:"resumable"`
	Report    string       `json:"report,omitempty"` // its report.html, once written
	Error     string       `json:"error,omitempty"`
}

// object returns the run's JSON.
func (r *run) object() runObject {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.objectLocked()
}

func (r *run) objectLocked() runObject {
	o := runObject{ID: r.id, State: r.state, Settings: r.settings, Done: r.done, LR: r.lr, Rates: slices.Clone(r.rates),
		PerSecond: r.perSecond, Dir: r.dir, TrainAcc: r.trainAcc, TestAcc: r.testAcc, Verdict: r.verdict, Resumable: r.resumable, Error: r.err}
	if r.report {
		o.Report = fmt.Sprintf("/runs/%d/report.html", r.id)
	}
	return o
}

// active reports whether the run is training or paused.
func (r *run) active() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state == running || r.state == paused
}
