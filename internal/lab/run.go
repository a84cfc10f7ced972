package lab

import (
	"fmt"
	"maps"
	"math"
	"sync"
	"time"

	"dlfs/internal/report"
	"dlfs/network"
	"dlfs/train"
)

// How often a run's stream carries its news: the losses so far, the
// network's copy for predict, its hidden units. A few events a second keep
// the page live at a cost the run does not feel.
const (
	lossEvery  = 250 * time.Millisecond
	copyEvery  = 200 * time.Millisecond
	unitsEvery = time.Second
)

// maxUnits bounds the hidden units a units event draws.
const maxUnits = 100

// liveTest is how many test images the confusion of an evaluation is
// counted on while the run goes: a glance, at a thousandth of a second; the
// run's confusion.csv and report count all of them.
const liveTest = 1000

// A run's states.
const (
	running     = "running"
	paused      = "paused"
	finished    = "finished"
	stopped     = "stopped"     // by POST /api/runs/{id}/stop
	interrupted = "interrupted" // by the server's own stop (Ctrl-C)
	diverged    = "diverged"    // its loss stopped being a number
	failed      = "failed"      // its files could not be written
)

// A run is one training of the lab, in its own folder, on the project's
// loop (train.Run) with hooks that feed its stream.
type run struct {
	id       int
	settings Settings
	cfg      train.Config
	dir      string
	events   *stream
	lab      *Lab

	mu          sync.Mutex
	wake        *sync.Cond // a pause or stop asked
	state       string
	done        int     // updates done
	lr          float64 // the learning rate from the next update on
	pause, stop bool
	byServer    bool // stopped by the server's own stop
	trainAcc    *float64
	testAcc     *float64
	net         *network.TwoLayerNet // a copy of the network, replaced, never changed
	netDone     int                  // the updates net had taken
	snaps       []snapshot           // the network at its evaluations, at most snapLimit
	rates       []train.Rate         // the learning rates taken, from {0, settings.LR}
	perSecond   float64              // updates a second of late, while it runs
	verdict     string               // §4.4.1's lesson, where the losses teach it
	report      bool                 // report.html written
	resumable   bool                 // stopped or interrupted with a checkpoint of this data
	trained     chan struct{}        // closed when a training has sent its last event
	err         string

	// The training goroutine's own.
	pending      []float64 // losses not yet sent, of updates from first on
	first        int
	live         *network.TwoLayerNet // the network that trains, as the Weights hook last saw it
	pace         pace
	sent, copied time.Time
	drawn        time.Time
	lastLR       float64
}

// newRun returns run id of s in dir, not started.
func newRun(l *Lab, id int, s Settings, dir string) *run {
	r := &run{id: id, settings: s, cfg: s.config(), dir: dir, events: newStream(snapLimit(s.Hidden)), lab: l, state: running, lr: s.LR, lastLR: s.LR,
		rates: []train.Rate{{From: 0, LR: s.LR}}, trained: make(chan struct{})}
	r.wake = sync.NewCond(&r.mu)
	return r
}

// train runs the training to its end, or continues it from ck, and
// writes the run's files.
func (r *run) train(ck *train.Checkpoint) {
	defer close(r.trained)
	data := r.lab.opt.Data
	// The run's folder is its own while it trains: `-resume` of it from
	// the command line would write beside it.
	lock, err := report.LockFolder(r.dir)
	if err != nil {
		r.mu.Lock()
		r.state, r.err = failed, err.Error()
		obj := r.objectLocked()
		r.mu.Unlock()
		r.events.add("state", obj)
		r.events.end()
		return
	}
	defer lock.Unlock()
	folder := report.NewFolder(r.dir, r.lab.opt.DataDir, ck)
	hooks := train.Hooks{
		LR:      r.learningRate,
		Step:    r.stepped,
		Weights: r.weights,
		Eval:    func(e train.Eval) { r.evaluated(e, false) },
		Stop:    r.stopHere,
	}
	res := folder.Run(r.cfg, data, hooks)
	r.live = res.Net
	r.keep(res.Net)
	r.mu.Lock()
	byServer := r.byServer
	r.mu.Unlock()
	state := finished
	switch {
	case res.Err != nil:
		state = failed
	case res.Diverged:
		state = diverged
	case res.Interrupted && byServer:
		state = interrupted
	case res.Interrupted:
		state = stopped
	}
	if res.Diverged && len(r.pending) > 0 {
		// The last loss, not a number, stepped never sent: loss.csv ends
		// before its update, and so does the stream.
		r.pending = r.pending[:len(r.pending)-1]
	}
	var werr error
	if res.Err == nil {
		r.evaluated(res.Final, true)
		r.events.add("units", units(res.Net, len(res.Losses)))
		_, werr = folder.Write(res, r.cfg, data)
	}
	r.mu.Lock()
	r.state, r.perSecond = state, 0
	r.resumable = werr == nil && (state == stopped || state == interrupted)
	switch {
	case res.Err != nil:
		r.err = res.Err.Error()
	case werr != nil:
		r.state, r.err = failed, werr.Error()
	case res.Diverged:
		r.err = fmt.Sprintf("the loss of update %d is %v: the training diverged (is lr %v too large?); the files are for the updates before it", len(res.Losses), res.DivergedLoss, r.lr)
		r.report = true
	default:
		r.report = true
	}
	obj := r.objectLocked()
	r.mu.Unlock()
	r.events.add("state", obj)
	r.events.end()
	if r.lab.opt.Logger != nil {
		r.lab.opt.Logger.Printf("run %d %s after %d updates: %s", r.id, r.state, len(res.Losses), r.dir)
	}
}

// learningRate is the LR hook: the rate PATCH asked for, and a rate
// event when it changes.
func (r *run) learningRate(i int) float64 {
	r.mu.Lock()
	lr := r.lr
	r.mu.Unlock()
	if lr != r.lastLR {
		r.flush()
		change := train.Rate{From: i, LR: lr}
		r.mu.Lock()
		r.rates = append(r.rates, change)
		r.mu.Unlock()
		r.events.add("rate", change)
		r.lastLR = lr
	}
	return lr
}

// stepped is the Step hook: the loss kept for the next update event.
func (r *run) stepped(i int, loss float64) {
	if len(r.pending) == 0 {
		r.first = i
	}
	r.pending = append(r.pending, loss)
	r.mu.Lock()
	r.done = i + 1
	r.mu.Unlock()
	// A loss that is not a number ends the run, without its update: it
	// stays unsent, for train to drop.
	if time.Since(r.sent) >= lossEvery && !math.IsNaN(loss) && !math.IsInf(loss, 0) {
		r.flush()
	}
}

// flush sends the losses not yet sent as an update event: iter is the
// update of the first, the others follow it in order.
func (r *run) flush() {
	if len(r.pending) == 0 {
		return
	}
	now := time.Now()
	perSecond := r.pace.at(now, r.first+len(r.pending))
	r.mu.Lock()
	r.perSecond = perSecond
	r.mu.Unlock()
	r.events.addLosses(r.first, r.pending, perSecond)
	r.pending = r.pending[:0]
	r.sent = now
}

// weights is the Weights hook: now and then, a copy of the network for
// predict, and its hidden units for the page.
func (r *run) weights(net *network.TwoLayerNet) {
	r.live = net
	if time.Since(r.copied) >= copyEvery {
		r.keep(net)
	}
	if time.Since(r.drawn) >= unitsEvery {
		r.events.add("units", units(net, r.done))
		r.drawn = time.Now()
	}
}

// keep replaces the run's copy of the network with net's values.
func (r *run) keep(net *network.TwoLayerNet) {
	c := &network.TwoLayerNet{Params: net.Clone()}
	r.mu.Lock()
	r.net, r.netDone = c, r.done
	r.mu.Unlock()
	r.copied = time.Now()
}

// current returns the run's copy of its network and the updates it had
// taken, or nil before the first update.
func (r *run) current() (*network.TwoLayerNet, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.net, r.netDone
}

// evaluated is the Eval hook (and, final, the evaluation after the last
// update): the accuracies, the verdict, the network as it is at this
// evaluation (kept, for predict and for a look back), and what evalEvent
// adds.
func (r *run) evaluated(e train.Eval, final bool) {
	r.flush()
	var net *network.TwoLayerNet
	if r.live != nil {
		net = &network.TwoLayerNet{Params: r.live.Clone()}
	}
	r.mu.Lock()
	tr, te := e.TrainAcc, e.TestAcc
	r.trainAcc, r.testAcc = &tr, &te
	last, losses := r.rates[len(r.rates)-1], r.events.losses() // every one, flushed above
	r.verdict = verdictOf(losses[min(last.From, len(losses)):], last.LR)
	verdict := r.verdict
	if net != nil {
		r.net, r.netDone = net, r.done
		r.snaps = thin(append(r.snaps, snapshot{r.done, net}), r.events.keep)
	}
	r.mu.Unlock()
	r.events.addEval(r.evalEvent(e, final, net, verdict))
}

// evalEvent is an eval event's data, full and short: the evaluation and,
// in full with net, the confusion on the first liveTest test images and
// the sample digits' top-3 readings.
func (r *run) evalEvent(e train.Eval, final bool, net *network.TwoLayerNet, verdict string) (full, short map[string]any) {
	short = map[string]any{"iter": e.Iter, "final": final, "loss": nullable(e.Loss), "train_acc": e.TrainAcc, "test_acc": e.TestAcc,
		"elapsed": e.Elapsed.Seconds(), "verdict": verdict}
	if net == nil {
		return short, short
	}
	in := report.Inspect(net, r.lab.opt.Data.Test.Head(liveTest))
	conf := make([][]int, len(in.Confusion))
	for i := range in.Confusion {
		conf[i] = in.Confusion[i][:]
	}
	var digits []map[string]any
	for _, d := range r.lab.digits {
		rd := report.ReadInput(net, d.input)
		top := rd.Top()[:3]
		digits = append(digits, map[string]any{"index": d.Index, "top": top,
			"probabilities": []float64{rd.Probabilities[top[0]], rd.Probabilities[top[1]], rd.Probabilities[top[2]]}})
	}
	full = maps.Clone(short)
	full["confusion"], full["digits"] = conf, digits
	return full, short
}
