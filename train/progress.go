package train

import (
	"math"
	"time"

	"dlfs/network"
	"dlfs/tensor"
)

// A progress is what Run and Book share around their loops: the record of
// the run, the hooks, the evaluation every epoch, the checkpoints, the
// stop and the end of a run whose loss is no longer a number.
type progress struct {
	cfg      Config
	book     bool
	data     DataRecord
	net      *network.TwoLayerNet
	res      *Result
	hooks    Hooks
	start    time.Time
	epoch    func(i int) bool                      // whether update i is followed by an evaluation
	accuracy func() (train, test float64)          // on all training and test images
	state    func() (random []byte, sampler []int) // the random source and the sampler, for a checkpoint
	// replay runs the loop from the state last saved (nil: from the start)
	// to the end of cfg, without hooks: how a run that diverged gets back
	// the parameters of the update before.
	replay func(cfg Config, from *Checkpoint) *Result
	last   *Checkpoint // the state at the last evaluation, a copy
	err    error       // the Checkpoint hook's, which stopped the run
}

// newProgress starts the record of a run of cfg on net, whose W1 was
// initial before training, or continues the one ck saved, and returns the
// first update to do.
func newProgress(cfg Config, book bool, data DataRecord, net *network.TwoLayerNet, initial *tensor.Tensor, hooks Hooks, ck *Checkpoint) (*progress, int) {
	p := &progress{cfg: cfg, book: book, data: data, net: net, hooks: hooks, start: time.Now(), res: &Result{Net: net, Initial: initial}}
	if ck == nil {
		p.res.Losses = make([]float64, 0, cfg.Iters)
		return p, 0
	}
	p.res.Losses = append(make([]float64, 0, cfg.Iters), ck.Losses...)
	p.res.Evals = append([]Eval(nil), ck.Evals...)
	p.start = p.start.Add(-ck.Elapsed)
	last := *ck
	last.Net = cloneNet(ck.Net) // ck.Net is the one trained on
	p.last = &last
	return p, ck.Done
}

// evaluate is the run's state after update iter (or after iter updates,
// for the final one).
func (p *progress) evaluate(iter int, loss float64) Eval {
	train, test := p.accuracy()
	return Eval{iter, loss, train, test, time.Since(p.start)}
}

// after records the loss of update i and, at the end of an epoch, evaluates
// and saves a checkpoint. It reports whether the run should stop there:
// asked to, a checkpoint not saved, or a loss that is not a finite number,
// from which no later update can recover.
func (p *progress) after(i int, loss float64) (stop bool) {
	if p.hooks.Step != nil {
		p.hooks.Step(i, loss)
	}
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		p.res.Diverged, p.res.DivergedLoss = true, loss
		return true
	}
	p.res.Losses = append(p.res.Losses, loss)
	if p.epoch(i) {
		e := p.evaluate(i, loss)
		p.res.Evals = append(p.res.Evals, e)
		if p.hooks.Eval != nil {
			p.hooks.Eval(e)
		}
		if p.err = p.checkpoint(); p.err != nil {
			return true
		}
	}
	if p.hooks.Stop != nil && i+1 < p.cfg.Iters && p.hooks.Stop() {
		p.res.Interrupted = true
		return true
	}
	return false
}

// finish evaluates after the last update done, saves a checkpoint to
// continue from, and returns the result. A run stopped by a checkpoint
// not saved is not evaluated again; one that diverged is replayed from its
// last evaluation to the update before the one whose loss was not finite,
// and ends there.
func (p *progress) finish() *Result {
	if p.err != nil {
		p.res.Err = p.err
		return p.res
	}
	if p.res.Diverged {
		cfg := p.cfg
		cfg.Iters = len(p.res.Losses)
		res := p.replay(cfg, p.last)
		res.Diverged, res.DivergedLoss = true, p.res.DivergedLoss
		res.Final.Elapsed = time.Since(p.start)
		return res
	}
	loss := math.NaN()
	if n := len(p.res.Losses); n > 0 {
		loss = p.res.Losses[n-1]
	}
	p.res.Final = p.evaluate(len(p.res.Losses), loss)
	p.res.Err = p.checkpoint()
	return p.res
}

// checkpoint keeps a copy of the run's state and hands it to the
// Checkpoint hook, returning the hook's error.
func (p *progress) checkpoint() error {
	random, sampler := p.state()
	done := len(p.res.Losses)
	p.last = &Checkpoint{
		Config: p.cfg, Book: p.book, Data: p.data, Net: cloneNet(p.net), Initial: p.res.Initial,
		Done: done, Losses: p.res.Losses[:done:done], Evals: p.res.Evals[:len(p.res.Evals):len(p.res.Evals)],
		Elapsed: time.Since(p.start), Random: random, Sampler: append([]int(nil), sampler...),
	}
	if p.hooks.Checkpoint == nil {
		return nil
	}
	ck := *p.last
	ck.Net = p.net
	return p.hooks.Checkpoint(&ck)
}

// cloneNet returns a copy of net's parameters.
func cloneNet(net *network.TwoLayerNet) *network.TwoLayerNet {
	return &network.TwoLayerNet{Params: network.Params{W1: net.W1.Clone(), B1: net.B1.Clone(), W2: net.W2.Clone(), B2: net.B2.Clone()}}
}
