package tensor

import (
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Work is split across cores by a small pool of persistent worker
// goroutines rather than by starting goroutines per call. On this project's
// 2-core virtual machine a parked goroutine takes 100–500 µs to wake, longer
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
	f        func(lo, hi int)
	grain    int // > 0: take ranges of grain indices from next until hi
}

// next is the first index not yet handed out by a ParallelForDynamic call;
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
			takeRanges(w.hi, w.grain, w.f)
		} else {
			w.f(w.lo, w.hi)
		}
		w.f = nil
		w.done.Store(seen)
	}
}

// ParallelFor calls f on disjoint ranges [lo, hi) covering [0, n), on up to
// GOMAXPROCS cores when work (in multiply-adds, roughly) is large enough,
// and returns when all have finished. Ranges start at multiples of align.
// f must compute each index the same way whatever range it falls in; then
// the result does not depend on the number of cores.
func ParallelFor(n, align, work int, f func(lo, hi int)) {
	parallelFor(n, align, work, nil, f, false)
}

// ParallelForBalanced is ParallelFor for indices of unequal cost: cum(i)
// is the cost of indices [0, i), non-decreasing, and the ranges are cut
// where it reaches equal shares of cum(n), so each core gets as much work.
// For the rows of a sparse matrix the cost is the number of entries:
// MNIST images have from 60 to 300 non-zero pixels.
func ParallelForBalanced(n, work int, cum func(i int) int, f func(lo, hi int)) {
	parallelFor(n, 1, work, cum, f, false)
}

// ParallelForDynamic is ParallelFor with the ranges handed out while the
// cores work, grain indices at a time, rather than fixed in advance: a core
// that runs slower (because the machine gives it less time, or its part of
// the data costs more) takes fewer. On this project's virtual machine one
// core is at times a third slower than the other for seconds on end. Only
// for work where nothing but the time depends on which core computes which
// index; where a core should keep its share from call to call, for its
// cache, ParallelFor is the one.
func ParallelForDynamic(n, grain, work int, f func(lo, hi int)) {
	parallelFor(n, max(grain, 1), work, nil, f, true)
}

// takeRanges calls f on ranges of grain indices taken from next until n.
func takeRanges(n, grain int, f func(lo, hi int)) {
	for {
		lo := int(next.Add(int64(grain))) - grain
		if lo >= n {
			return
		}
		f(lo, min(lo+grain, n))
	}
}

func parallelFor(n, align, work int, cum func(int) int, f func(lo, hi int), dynamic bool) {
	g := runtime.GOMAXPROCS(0)
	if work < parallelWork || g == 1 || n < 2*align {
		f(0, n)
		return
	}
	if !poolMu.TryLock() {
		f(0, n) // already inside a parallel call, or another goroutine's
		return
	}
	defer poolMu.Unlock()
	addWorkers(g)
	if dynamic {
		next.Store(0)
		parts := min(g, len(workers)+1, (n+align-1)/align)
		for _, w := range workers[:parts-1] {
			w.lo, w.hi, w.f, w.grain = 0, n, f, align
			start(w)
		}
		takeRanges(n, align, f)
		wait(workers[:parts-1])
		return
	}
	parts := min(g, len(workers)+1, n/align)
	chunk := (n/parts + align - 1) / align * align
	used, lo := 0, 0
	for k, w := range workers[:parts-1] {
		hi := min(lo+chunk, n)
		if cum != nil {
			// The first index where the cost reaches share k+1 of the total.
			target := cum(n) / parts * (k + 1)
			hi = lo + sort.Search(n-lo, func(i int) bool { return cum(lo+i) >= target })
		}
		if hi >= n {
			break
		}
		w.lo, w.hi, w.f, w.grain = lo, hi, f, 0
		start(w)
		used++
		lo = hi
	}
	f(lo, n)
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
