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
}

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
		w.f(w.lo, w.hi)
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
	parallelFor(n, align, work, nil, f)
}

// ParallelForBalanced is ParallelFor for indices of unequal cost: cum(i)
// is the cost of indices [0, i), non-decreasing, and the ranges are cut
// where it reaches equal shares of cum(n), so each core gets as much work.
// For the rows of a sparse matrix the cost is the number of entries:
// MNIST images have from 60 to 300 non-zero pixels.
func ParallelForBalanced(n, work int, cum func(i int) int, f func(lo, hi int)) {
	parallelFor(n, 1, work, cum, f)
}

func parallelFor(n, align, work int, cum func(int) int, f func(lo, hi int)) {
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
		w.lo, w.hi, w.f = lo, hi, f
		w.seq.Add(1)
		if w.sleeping.CompareAndSwap(true, false) {
			w.wake <- struct{}{}
		}
		used++
		lo = hi
	}
	f(lo, n)
	for _, w := range workers[:used] {
		for i := 0; w.done.Load() != w.seq.Load(); i++ {
			if i%4096 == 4095 {
				runtime.Gosched()
			}
		}
	}
}
