package train

import (
	"math"
	"time"

	"dlfs/network"
	"dlfs/tensor"
)

// A progress is what Run and Book share around their loops: the record of
// the run, the hooks, the evaluation every epoch, the checkpoints and the
// stop.
type progress struct {
	cfg      Config
	book     bool
	net      *network.TwoLayerNet
	res      *Result
	hooks    Hooks
	start    time.Time
	epoch    func(i int) bool                      // whether update i is followed by an evaluation
	accuracy func() (train, test float64)          // on all training and test images
	state    func() (random []byte, sampler []int) // the random source and the sampler, for a checkpoint
}

// newProgress starts the record of a run of cfg on net, whose W1 was
// initial before training, or continues the one ck saved, and returns the
// first update to do.
func newProgress(cfg Config, book bool, net *network.TwoLayerNet, initial *tensor.Tensor, hooks Hooks, ck *Checkpoint) (*progress, int) {
	p := &progress{cfg: cfg, book: book, net: net, hooks: hooks, start: time.Now(), res: &Result{Net: net, Initial: initial}}
	if ck == nil {
		p.res.Losses = make([]float64, 0, cfg.Iters)
		return p, 0
	}
	p.res.Losses = append(make([]float64, 0, cfg.Iters), ck.Losses...)
	p.res.Evals = append([]Eval(nil), ck.Evals...)
	p.start = p.start.Add(-ck.Elapsed)
	return p, ck.Done
}

// evaluate is the run's state after update iter (or after iter updates,
// for the final one).
func (p *progress) evaluate(iter int, loss float64) Eval {
	train, test := p.accuracy()
	return Eval{iter, loss, train, test, time.Since(p.start)}
}

// after records the loss of update i and, at the end of an epoch, evaluates
// and saves a checkpoint. It reports whether the run should stop there.
func (p *progress) after(i int, loss float64) (stop bool) {
	p.res.Losses = append(p.res.Losses, loss)
	if p.hooks.Step != nil {
		p.hooks.Step(i, loss)
	}
	if p.epoch(i) {
		e := p.evaluate(i, loss)
		p.res.Evals = append(p.res.Evals, e)
		if p.hooks.Eval != nil {
			p.hooks.Eval(e)
		}
		p.checkpoint()
	}
	if p.hooks.Stop != nil && i+1 < p.cfg.Iters && p.hooks.Stop() {
		p.res.Interrupted = true
		return true
	}
	return false
}

// finish evaluates after the last update done, saves a checkpoint to
// continue from, and returns the result.
func (p *progress) finish() *Result {
	loss := math.NaN()
	if n := len(p.res.Losses); n > 0 {
		loss = p.res.Losses[n-1]
	}
	p.res.Final = p.evaluate(len(p.res.Losses), loss)
	p.checkpoint()
	return p.res
}

// checkpoint hands the run's state to the Checkpoint hook.
func (p *progress) checkpoint() {
	if p.hooks.Checkpoint == nil {
		return
	}
	random, sampler := p.state()
	p.hooks.Checkpoint(&Checkpoint{
		Config: p.cfg, Book: p.book, Net: p.net, Initial: p.res.Initial,
		Done: len(p.res.Losses), Losses: p.res.Losses, Evals: p.res.Evals,
		Elapsed: time.Since(p.start), Random: random, Sampler: sampler,
	})
}
