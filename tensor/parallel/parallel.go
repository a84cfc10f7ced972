// Package parallel splits a loop over [0, n) between the cores, with a pool
// of persistent worker goroutines: the tensor package's matrix products,
// the MNIST loader and the training engine share it.
//
// The rule every caller keeps: a range's work must not depend on which
// other indices share its range, so the result is the same bits on any
// number of cores.
package parallel

import (
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Work is split across cores by a small pool of persistent worker
// goroutines rather than by starting goroutines per call. A parked goroutine
// can take hundreds of microseconds to wake on a virtual machine, longer
// than a whole training-step kernel; a worker that keeps polling for a
// while after finishing its share (yielding to the scheduler between polls,
// so as not to starve anything else) is ready again within a microsecond,
// so even the ~100 µs kernels of a training step gain from a second core.
// A worker polls for up to spinTime, then parks until the next call.

// parallelWork is the number of multiply-adds (or similar units of work)
// below which a call runs on the calling goroutine alone: splitting costs
// about a microsecond, so below ~30 µs of work it does not pay.
const parallelWork = 1 << 16

// spinTime is how long a worker polls for new work before parking: longer
// than the serial stretches between the parallel parts of a training step
// or an evaluation, so it stays awake through a run, and short enough that
// an idle program goes quiet at once.
const spinTime = 500 * time.Microsecond

type worker struct {
	seq      atomic.Uint64 // incremented for each job handed over
	done     atomic.Uint64 // the last seq finished
	sleeping atomic.Bool
	wake     chan struct{}
	lo, hi   int
	body     Body
	grain    int // > 0: take ranges of grain indices from next until hi
}

// A Body is the work of a loop, done a range [lo, hi) of indices at a time.
// A pointer to a small struct holding the loop's inputs makes a Body that
// costs no allocation per call, which a training step needs.
type Body interface {
	Run(lo, hi int)
}

// Func is a function as a Body.
type Func func(lo, hi int)

// Run calls f.
func (f Func) Run(lo, hi int) { f(lo, hi) }

// next is the first index not yet handed out by a ForDynamic call;
// poolMu, held through the call, guards its use.
var next atomic.Int64

var (
	poolMu  sync.Mutex // one parallel call at a time; others run serially
	workers []*worker
)

// addWorkers grows the pool to g−1 workers; the caller holds poolMu.
func addWorkers(g int) {
	for len(workers) < g-1 {
		w := &worker{wake: make(chan struct{}, 1)}
		workers = append(workers, w)
		go w.loop()
	}
}

func (w *worker) loop() {
	var seen uint64
	for {
		start := time.Now()
		for i := 0; w.seq.Load() == seen; i++ {
			runtime.Gosched()
			if i%16 != 15 || time.Since(start) < spinTime {
				continue
			}
			w.sleeping.Store(true)
			if w.seq.Load() != seen {
				if !w.sleeping.CompareAndSwap(true, false) {
					<-w.wake // the caller saw us asleep and sent a token: take it
				}
				break
			}
			<-w.wake
			start = time.Now()
		}
		seen = w.seq.Load()
		if w.grain > 0 {
			takeRanges(w.hi, w.grain, w.body)
		} else {
			w.body.Run(w.lo, w.hi)
		}
		w.body = nil
		w.done.Store(seen)
	}
}

// For runs body on disjoint ranges [lo, hi) covering [0, n), on up to
// GOMAXPROCS cores when work (in multiply-adds, roughly) is large enough,
// and returns when all have finished. Ranges start at multiples of align.
// body must compute each index the same way whatever range it falls in;
// then the result does not depend on the number of cores.
func For(n, align, work int, body Body) {
	parallelFor(n, align, work, nil, body, false)
}

// ForBalanced is For for indices of unequal cost: the ranges are cut where
// costs.Before reaches equal shares of costs.Before(n), so each core gets
// as much work. For the rows of a sparse matrix the cost is the number of
// entries: MNIST images have from 60 to 300 non-zero pixels.
func ForBalanced(n, work int, costs Costs, body Body) {
	parallelFor(n, 1, work, costs, body, false)
}

// Costs says what the indices of a loop cost: Before(i) is the cost of
// indices [0, i), non-decreasing in i.
type Costs interface {
	Before(i int) int
}

// ForDynamic is For with the ranges handed out while the
// cores work, grain indices at a time, rather than fixed in advance: a core
// that runs slower (because the machine gives it less time, or its part of
// the data costs more) takes fewer. On a virtual machine one core can be
// a third slower than the other for seconds on end. Only for work where
// nothing but the time depends on which core computes which index; where a
// core should keep its share from call to call, for its cache, For is the
// one.
func ForDynamic(n, grain, work int, body Body) {
	parallelFor(n, max(grain, 1), work, nil, body, true)
}

// takeRanges runs body on ranges of grain indices taken from next until n.
func takeRanges(n, grain int, body Body) {
	for {
		lo := int(next.Add(int64(grain))) - grain
		if lo >= n {
			return
		}
		body.Run(lo, min(lo+grain, n))
	}
}

func parallelFor(n, align, work int, costs Costs, body Body, dynamic bool) {
	g := runtime.GOMAXPROCS(0)
	if work < parallelWork || g == 1 || n < 2*align {
		body.Run(0, n)
		return
	}
	if !poolMu.TryLock() {
		body.Run(0, n) // already inside a parallel call, or another goroutine's
		return
	}
	defer poolMu.Unlock()
	addWorkers(g)
	if dynamic {
		next.Store(0)
		parts := min(g, len(workers)+1, (n+align-1)/align)
		for _, w := range workers[:parts-1] {
			w.lo, w.hi, w.body, w.grain = 0, n, body, align
			start(w)
		}
		takeRanges(n, align, body)
		wait(workers[:parts-1])
		return
	}
	parts := min(g, len(workers)+1, n/align)
	chunk := (n/parts + align - 1) / align * align
	used, lo := 0, 0
	for k, w := range workers[:parts-1] {
		hi := min(lo+chunk, n)
		if costs != nil {
			// The first index where the cost reaches share k+1 of the total.
			target := costs.Before(n) / parts * (k + 1)
			hi = lo + sort.Search(n-lo, func(i int) bool { return costs.Before(lo+i) >= target })
		}
		if hi >= n {
			break
		}
		w.lo, w.hi, w.body, w.grain = lo, hi, body, 0
		start(w)
		used++
		lo = hi
	}
	body.Run(lo, n)
	wait(workers[:used])
}

// start hands w the job set in its fields.
func start(w *worker) {
	w.seq.Add(1)
	if w.sleeping.CompareAndSwap(true, false) {
		w.wake <- struct{}{}
	}
}

// wait returns when every worker in ws has finished its job.
func wait(ws []*worker) {
	for _, w := range ws {
		for i := 0; w.done.Load() != w.seq.Load(); i++ {
			if i%4096 == 4095 {
				runtime.Gosched()
			}
		}
	}
}
