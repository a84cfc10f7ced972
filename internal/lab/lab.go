// Package lab is `go run . serve`, the learning lab: a page on which a
// learner trains the chapter's network and watches it learn (the loss of
// every update, the accuracies, W1's hidden units, the confusion, a few
// test digits read as it goes), pauses it, changes its learning rate,
// looks back at an evaluation, compares the numerical gradient with
// backprop's, draws a digit for the network to read mid-training, and
// works the chapter's smaller examples by hand (§4.2–§4.4). The training
// runs in the server on the project's own loop (train.Run), each run
// writing the command's files into a folder of its own, from which a
// restarted server reads it back; the page only draws. Its HTML, CSS and
// JavaScript modules are files in static/, embedded in the program.
//
// Files:
//
//	lab.go       the Lab: its runs, its data, the page's files
//	api.go       the HTTP API the page uses, which a script can use too
//	settings.go  a run's settings as POST /api/runs takes them, and a warning
//	run.go       a run and its hooks
//	units.go     W1's hidden units as pictures on one scale
//	control.go   pause, resume, stop, a new learning rate; the run as JSON
//	restore.go   runs read back from their folders, and resumed
//	pace.go      a run's updates a second
//	verdict.go   §4.4.1's lesson read in a run's losses
//	snapshot.go  the network at each evaluation, for a look back
//	gradients.go numerical beside backprop on a run's network
//	events.go    a run's event stream (Server-Sent Events) and its JSON
//	slots.go     the event streams open at once, bounded
//	predict.go   the reading of a drawn digit
//	budget.go    the pixels decoded at once, shared among requests
//	chapter.go   the chapter's examples, §4.2–§4.4, answered for the page
//	server.go    the HTTP server's bounds: connections, sizes, time
//	static/      index.html, page.css and the page's ES modules (main.js
//	             first), with no build step
package lab

import (
	"embed"
	"fmt"
	"io/fs"
	"log"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"dlfs/internal/report"
	"dlfs/mnist"
	"dlfs/network"
	"dlfs/train"
)

//go:embed static
var static embed.FS

// Static returns the page's files: index.html, page.css, the modules.
func Static() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // static is embedded above
	}
	return sub
}

// Options are what a Lab serves.
type Options struct {
	Data    *mnist.Dataset // what the runs train on
	DataDir string         // its folder, absolute; empty for the embedded MNIST
	Out     string         // the folder in which each run gets its own, run-N
	Limit   int64          // the memory a run may take, in bytes (train.Config.FitsMemory)
	// Model, with its file's name, is a network to read digits with before
	// any run (-load), or nil.
	Model     *network.TwoLayerNet
	ModelName string
	Logger    *log.Logger // a line per request and per run's end; nil for none
}

// A Lab is the runs of one server, one training at a time.
type Lab struct {
	opt     Options
	digits  []sample
	decodes *budget
	streams slots

	timing    sync.Mutex // one measurement of the numerical gradient at a time
	perUpdate map[[2]int]time.Duration

	mu     sync.Mutex
	lock   *report.Lock // the folder's, until Shutdown
	runs   []*run
	next   int // the next run's number
	closed bool
	wg     sync.WaitGroup
}

// A sample is a test digit the page shows read by the network at each
// evaluation.
type sample struct {
	Index  int    `json:"index"`
	Label  int    `json:"label"`
	Pixels []byte `json:"pixels"` // 784 bytes, base64 in JSON
	input  []float64
}

// samples is how many test digits the page shows read.
const samples = 8

// New returns the Lab of opt, after checking that opt.Out can hold the
// runs' folders, with the runs of earlier servers read back from their
// run-N folders there. A new run's number follows the largest N, so that
// no earlier run's files are touched.
func New(opt Options) (*Lab, error) {
	if err := report.PrepareOutput(opt.Out); err != nil {
		return nil, fmt.Errorf("-out: %w", err)
	}
	// The folder is this server's for its life: another server's runs
	// would take the same numbers.
	lock, err := report.LockFolder(opt.Out)
	if err != nil {
		return nil, fmt.Errorf("-out: %w", err)
	}
	entries, err := os.ReadDir(opt.Out)
	if err != nil {
		lock.Unlock()
		return nil, fmt.Errorf("-out: %w", err)
	}
	l := &Lab{opt: opt, lock: lock, decodes: newBudget(decodeBudget), streams: slots{runs: map[*run]int{}}, next: 1, perUpdate: map[[2]int]time.Duration{}}
	for i := range min(samples, opt.Data.Test.Len()) {
		px := opt.Data.Test.Image(i)
		in := make([]float64, len(px))
		for p, v := range px {
			in[p] = mnist.Normalized(v)
		}
		l.digits = append(l.digits, sample{i, opt.Data.Test.Label(i), px, in})
	}
	if opt.Model != nil {
		l.runs = append(l.runs, l.loaded())
	}
	numbered := runNumbers(entries)
	for _, n := range slices.Sorted(maps.Keys(numbered)) {
		if numbered[n].IsDir() {
			if r := l.restored(n, filepath.Join(opt.Out, numbered[n].Name())); r != nil {
				l.runs = append(l.runs, r)
			}
		}
		l.next = n + 1
	}
	return l, nil
}

// loaded is -load's model as a run: run 0, finished, without history,
// its accuracies those of its parameters on the data.
func (l *Lab) loaded() *run {
	net := l.opt.Model
	r := newRun(l, 0, Settings{Hidden: net.W1.Dim(1)}, l.opt.ModelName)
	tr, te := train.Accuracies(net, l.opt.Data)
	r.net, r.state, r.trainAcc, r.testAcc = net, finished, &tr, &te
	r.events.add("units", units(net, 0))
	r.events.add("state", r.objectLocked())
	r.events.end()
	return r
}

// start begins a run of s, unless one is training (ok false, with it) or
// the lab is closed (nil, false).
func (l *Lab) start(s Settings) (r *run, ok bool, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil, false, nil
	}
	for _, r := range l.runs {
		if r.active() {
			return r, false, nil
		}
	}
	dir := filepath.Join(l.opt.Out, fmt.Sprintf("run-%d", l.next))
	if err := report.PrepareOutput(dir); err != nil {
		return nil, false, err
	}
	r = newRun(l, l.next, s, dir)
	// The stream opens with the run's state before anyone can pause it:
	// sent from the goroutine that trains, it could follow a pause.
	r.events.add("state", map[string]string{"state": running})
	l.next++
	l.runs = append(l.runs, r)
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		r.train(nil)
	}()
	return r, true, nil
}

// find returns run id, or nil.
func (l *Lab) find(id int) *run {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, r := range l.runs {
		if r.id == id {
			return r
		}
	}
	return nil
}

// all returns the runs, oldest first.
func (l *Lab) all() []*run {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]*run(nil), l.runs...)
}

// Shutdown stops the run in progress as Ctrl-C stops the command (one more
// evaluation, its files written, its state "interrupted"), refuses new
// runs, and returns once every run's files are written and the folder
// let go.
func (l *Lab) Shutdown() {
	l.mu.Lock()
	l.closed = true
	for _, r := range l.runs {
		r.halt(true)
	}
	l.mu.Unlock()
	l.wg.Wait()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lock != nil {
		l.lock.Unlock()
		l.lock = nil
	}
}
