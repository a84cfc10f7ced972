package train

import (
	"fmt"
	"math"
	"time"

	"dlfs/mnist"
	"dlfs/network"
)

// A record is what loop does beyond the book: the result it fills, the
// hooks it calls, the checkpoints at every evaluation, the stop, and the
// end of a run whose loss is no longer a number.
type record struct {
	cfg   Config
	data  *mnist.Dataset
	net   learner
	renew newLearner // to replay a run that diverged
	res   *Result
	hooks Hooks
	start time.Time
	first int         // the first update to do
	last  *Checkpoint // the state at the last evaluation, a copy
	err   error       // the Checkpoint hook's, which stopped the run
}

// newRecord starts the record of a run of cfg on net, or continues the
// one ck saved.
func newRecord(cfg Config, data *mnist.Dataset, net learner, renew newLearner, hooks Hooks, ck *Checkpoint) *record {
	r := &record{cfg: cfg, data: data, net: net, renew: renew, hooks: hooks, start: time.Now()}
	r.res = &Result{Net: net.net(), Losses: make([]float64, 0, cfg.Iters), Rates: []Rate{{0, cfg.LR}}}
	if ck == nil {
		r.res.Initial = net.net().W1.Clone()
		return r
	}
	r.res.Initial = ck.Initial
	r.res.Rates = append([]Rate(nil), ck.Rates...)
	r.res.Losses = append(r.res.Losses, ck.Losses...)
	r.res.Evals = append([]Eval(nil), ck.Evals...)
	r.start = r.start.Add(-ck.Elapsed)
	last := *ck
	last.Net = &network.TwoLayerNet{Params: ck.Net.Clone()} // ck.Net is the one trained on
	r.last, r.first = &last, ck.Done
	return r
}

// elapsed is the time since the run started, its earlier parts included.
func (r *record) elapsed() time.Duration { return time.Since(r.start) }

// rate is the learning rate the run is at: cfg.LR, or for a resumed run
// the last it took.
func (r *record) rate() float64 { return r.res.Rates[len(r.res.Rates)-1].LR }

// learningRate returns the learning rate of update i: current, the rate
// of the update before, or the LR hook's, recorded when it changes.
func (r *record) learningRate(i int, current float64) float64 {
	if r.hooks.LR == nil {
		return current
	}
	next := r.hooks.LR(i)
	if !validRate(next) {
		panic(fmt.Sprintf("train: the LR hook's learning rate %v for update %d is not a positive number", next, i))
	}
	if next != current {
		r.res.Rates = append(r.res.Rates, Rate{i, next})
	}
	return next
}

// stepped calls the Step hook with the loss of update i and reports
// whether the run ends there: a loss that is not a finite number, from
// which no later update can recover.
func (r *record) stepped(i int, loss float64) bool {
	if r.hooks.Step != nil {
		r.hooks.Step(i, loss)
	}
	if r.hooks.Weights != nil {
		r.hooks.Weights(r.res.Net)
	}
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		r.res.Diverged, r.res.DivergedLoss = true, loss
		return true
	}
	return false
}

// evaluated calls the Eval hook and saves a checkpoint, reporting whether
// the run ends there: a checkpoint not saved.
func (r *record) evaluated(e Eval) bool {
	if r.hooks.Eval != nil {
		r.hooks.Eval(e)
	}
	r.err = r.checkpoint()
	return r.err != nil
}

// stopped asks the Stop hook after update i, unless it was the last.
// The time the hook takes, a pause, is not the run's.
func (r *record) stopped(i int) bool {
	if r.hooks.Stop == nil || i+1 >= r.cfg.Iters {
		return false
	}
	asked := time.Now()
	stop := r.hooks.Stop()
	r.start = r.start.Add(time.Since(asked))
	r.res.Interrupted = stop
	return stop
}

// finish evaluates after the last update done, saves a checkpoint to
// continue from, and returns the result. A run stopped by a checkpoint
// not saved is not evaluated again; one that diverged is replayed from its
// last evaluation to the update before the one whose loss was not finite,
// and ends there.
func (r *record) finish() *Result {
	if r.err != nil {
		r.res.Err = r.err
		return r.res
	}
	if r.res.Diverged {
		cfg := r.cfg
		cfg.Iters = len(r.res.Losses)
		rates := r.res.Rates
		hooks := Hooks{LR: func(i int) float64 { return rateAt(rates, i) }}
		if r.hooks.Checkpoint != nil {
			// The replay's checkpoints are the run's, which diverged: one
			// resumed would diverge again, and a reader is told so.
			hooks.Checkpoint = func(ck *Checkpoint) error {
				ck.Config, ck.Diverged = r.cfg, true
				return r.hooks.Checkpoint(ck)
			}
		}
		res := loop(cfg, r.data, r.renew, hooks, r.last)
		res.Diverged, res.DivergedLoss = true, r.res.DivergedLoss
		res.Final.Elapsed = r.elapsed()
		return res
	}
	loss := math.NaN()
	if n := len(r.res.Losses); n > 0 {
		loss = r.res.Losses[n-1]
	}
	trainAcc, testAcc := r.net.accuracy()
	r.res.Final = Eval{len(r.res.Losses), loss, trainAcc, testAcc, r.elapsed()}
	r.res.Err = r.checkpoint()
	return r.res
}

// checkpoint keeps a copy of the run's state and hands it to the
// Checkpoint hook, returning the hook's error.
func (r *record) checkpoint() error {
	done := len(r.res.Losses)
	r.last = &Checkpoint{
		Config: r.cfg, Data: recordOf(r.data), Net: &network.TwoLayerNet{Params: r.res.Net.Clone()}, Initial: r.res.Initial,
		Done: done, Losses: r.res.Losses[:done:done], Evals: r.res.Evals[:len(r.res.Evals):len(r.res.Evals)],
		Rates:   append([]Rate(nil), r.res.Rates...),
		Elapsed: r.elapsed(),
	}
	r.net.save(r.last)
	if r.hooks.Checkpoint == nil {
		return nil
	}
	ck := *r.last
	ck.Net = r.res.Net
	return r.hooks.Checkpoint(&ck)
}
