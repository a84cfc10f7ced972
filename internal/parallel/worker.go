package parallel

import (
	"sync/atomic"
	"time"
)

// A worker's states: idle between calls, offered a call by the caller,
// running its chunks.
const (
	idle = iota
	offered
	running
)

// A worker is one of the pool's persistent goroutines: it polls briefly
// for the next call after each one, then parks until woken.
type worker struct {
	share    int          // its share of the chunks: 1, 2, …
	chunks   int          // how many it ran in the last call
	state    atomic.Int32 // idle, offered (by the caller) or running
	sleeping atomic.Bool
	wake     chan struct{}
}

// A share is the chunks [front, back) a core has not started, packed in
// one word so that a claim from either end is one compare-and-swap; padded
// to a cache line of its own.
type share struct {
	v atomic.Uint64
	_ [56]byte
}

func (s *share) set(front, back int) { s.v.Store(uint64(front)<<32 | uint64(back)) }

// takeFront claims the first chunk left, for the share's owner.
func (s *share) takeFront() (int, bool) {
	for {
		v := s.v.Load()
		front, back := v>>32, v&(1<<32-1)
		if front >= back {
			return 0, false
		}
		if s.v.CompareAndSwap(v, v+1<<32) {
			return int(front), true
		}
	}
}

// takeBack claims the last chunk left, for the other cores.
func (s *share) takeBack() (int, bool) {
	for {
		v := s.v.Load()
		front, back := v>>32, v&(1<<32-1)
		if front >= back {
			return 0, false
		}
		if s.v.CompareAndSwap(v, v-1) {
			return int(back - 1), true
		}
	}
}

// runShare runs share k's chunks, then takes the others' last ones, and
// returns how many it ran.
func runShare(k int) int {
	shares, ran := cur.shares, 0
	for c, ok := shares[k].takeFront(); ok; c, ok = shares[k].takeFront() {
		runChunk(c)
		ran++
	}
	for j := 1; j < len(shares); j++ {
		s := &shares[(k+j)%len(shares)]
		for c, ok := s.takeBack(); ok; c, ok = s.takeBack() {
			runChunk(c)
			ran++
		}
	}
	return ran
}

func runChunk(c int) {
	lo, hi := c*cur.size, min((c+1)*cur.size, cur.n)
	if len(cur.bounds) > 0 {
		lo, hi = cur.bounds[c], cur.bounds[c+1]
	}
	if lo < hi {
		cur.body.Run(lo, hi)
	}
}

func (w *worker) loop() {
	for {
		w.await()
		inside.Add(1)
		if w.state.CompareAndSwap(offered, running) {
			w.chunks = runShare(w.share)
			w.state.Store(idle)
		}
		if inside.Add(-1) == 0 && callerWaiting.CompareAndSwap(true, false) {
			callerWake <- struct{}{}
		}
	}
}

// await returns when the worker is offered work: it polls for idleSpin,
// then parks until woken.
func (w *worker) await() {
	start := time.Now()
	for i := 0; w.state.Load() != offered; i++ {
		if i%64 != 63 || time.Since(start) < idleSpin {
			continue
		}
		w.sleeping.Swap(true) // not Store: see the package's notes on parking
		if w.state.Load() == offered {
			if !w.sleeping.CompareAndSwap(true, false) {
				<-w.wake // the caller saw us asleep and sent a token: take it
			}
			return
		}
		<-w.wake
		start = time.Now()
	}
}

// waitForWorkers returns when no worker is inside the call: every chunk is
// taken by then, so every one is done.
func waitForWorkers() {
	start := time.Now()
	for i := 0; inside.Load() != 0; i++ {
		if i%64 != 63 || time.Since(start) < waitSpin {
			continue
		}
		callerWaiting.Swap(true) // not Store: see the package's notes on parking
		if inside.Load() == 0 && callerWaiting.CompareAndSwap(true, false) {
			return
		}
		<-callerWake // sent by the worker that left last, or about to be
		return
	}
}
