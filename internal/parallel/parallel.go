// Package parallel splits a loop over [0, n) between the cores, with a pool
// of persistent worker goroutines: the tensor package's large operations,
// the MNIST loader and the training engine share it.
//
// The rule every caller keeps: a range's work must not depend on which
// other indices share its range, so the result is the same bits on any
// number of cores.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// How a loop is shared. The indices are cut into chunks of about
// chunkWork each, at boundaries that depend on the loop alone, never on
// the cores. Each core owns a contiguous share of the chunks and takes them
// from the front; a core that has finished its share takes the chunks left
// in the others' from their back. So on a quiet machine each core does the
// same indices call after call (its part of the data stays in its cache),
// and on a busy one, where the machine gives a core less time or none, the
// others do its work instead of waiting for it. The calling goroutine is
// one of the cores: a worker that has not started by the time the chunks
// run out is simply not waited for.
//
// Waiting spins only briefly, then parks. A core that polls while the
// process has more threads than the machine gives it holds the very core
// the thread it waits for needs; a parked one gives it up.
//
// Parking is a handshake: each side sets its own flag, then reads the
// other's, so that of a sleeper and a waker at least one sees the other.
// The flag is set by Swap, not Store: Go's atomics order a store before
// a later load either way, but qemu-user, which runs the arm64 build on
// an x86 machine for the tests, keeps that order only for a
// read-modify-write, and with a Store both sides could miss each other
// and sleep for ever. On amd64 the two are the same instruction.
//
// And sharing must pay. When another program keeps a core busy, the
// workers get it only now and then: they take few chunks, and their
// polling and hand-offs cost the calling thread more than they save (the
// run takes longer than on one core). So the pool keeps count: over each
// stretch of judgeChunks chunks (a few dozen training steps), it checks
// whether the workers took at least judgeShare of their fair part. After
// two stretches in a row where they did not (one can be a hiccup of the
// machine), every call runs on the calling goroutine alone for backOff,
// and then the pool tries again; while the tries fail, the time alone
// doubles, up to 16 × backOff.

// parallelWork is the number of multiply-adds (or similar units of work)
// below which a call runs on the calling goroutine alone: splitting costs
// about a microsecond, so below ~30 µs of work it does not pay.
const parallelWork = 1 << 16

// chunkWork is the work of a chunk: ~10 µs, long enough that taking it
// (one atomic operation) is negligible, short enough that a core taken
// away mid-loop leaves little behind.
const chunkWork = 1 << 14

// idleSpin is how long a worker polls for new work before parking: longer
// than the serial stretches between the parallel parts of a training step,
// so it stays awake through a run on a quiet machine.
const idleSpin = 200 * time.Microsecond

// waitSpin is how long the caller polls for the workers' last chunks
// before parking: a few chunks. Much shorter, and on a quiet machine the
// caller would park and be woken at the end of many calls; much longer,
// and a worker descheduled mid-chunk would wait for the very core the
// caller is polling on.
const waitSpin = 100 * time.Microsecond

// judgeChunks, judgeShare and backOff set when sharing is given up for a
// while: measured on two cores beside a busy loop, the workers took 21% of
// the chunks, and 49% on a quiet machine.
const (
	judgeChunks = 512
	judgeShare  = 0.6
	backOff     = 100 * time.Millisecond
)

// cores is the number of cores the process may run on: GOMAXPROCS may be
// larger, and more threads than cores only take turns.
var cores = runtime.NumCPU()

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

// Costs says what the indices of a loop cost: Before(i) is the cost of
// indices [0, i), non-decreasing in i.
type Costs interface {
	Before(i int) int
}

// For runs body on disjoint ranges [lo, hi) covering [0, n), on up to
// GOMAXPROCS cores when work (in multiply-adds, roughly) is large enough,
// and returns when all have finished. Ranges start at multiples of align.
// body must compute each index the same way whatever range it falls in;
// then the result does not depend on the number of cores.
func For(n, align, work int, body Body) {
	parallelFor(n, max(align, 1), work, nil, body)
}

// ForBalanced is For for indices of unequal cost: the chunks are cut
// where costs.Before reaches equal shares of costs.Before(n). For the rows
// of a sparse matrix the cost is the number of entries: MNIST images have
// from 60 to 300 non-zero pixels.
func ForBalanced(n, work int, costs Costs, body Body) {
	parallelFor(n, 1, work, costs, body)
}

var (
	poolMu  sync.Mutex // one parallel call at a time; others run serially
	workers []*worker

	// cur is the call in progress, written by the caller while no worker
	// runs.
	cur struct {
		body   Body
		n      int
		size   int   // chunk c is [c·size, (c+1)·size) ∩ [0, n), or
		bounds []int // with costs, [bounds[c], bounds[c+1])
		shares []share
	}

	judged judgement // whether sharing pays

	// inside counts the workers between accepting an offer and finishing
	// it; the caller returns when it is zero.
	inside        atomic.Int32
	callerWaiting atomic.Bool
	callerWake    = make(chan struct{}, 1)
)

func parallelFor(n, align, work int, costs Costs, body Body) {
	g := min(runtime.GOMAXPROCS(0), cores)
	if work < parallelWork || g == 1 || n < 2*align {
		body.Run(0, n)
		return
	}
	if !poolMu.TryLock() {
		body.Run(0, n) // already inside a parallel call, or another goroutine's
		return
	}
	defer poolMu.Unlock()
	chunks := plan(n, align, work, costs)
	parts := min(g, chunks)
	if parts == 1 || time.Now().Before(judged.aloneUntil) {
		body.Run(0, n)
		return
	}
	cur.body = body
	if cap(cur.shares) < parts {
		cur.shares = make([]share, parts)
	}
	cur.shares = cur.shares[:parts]
	for k := range cur.shares {
		cur.shares[k].set(chunks*k/parts, chunks*(k+1)/parts)
	}
	for len(workers) < parts-1 {
		w := &worker{share: len(workers) + 1, wake: make(chan struct{}, 1)}
		workers = append(workers, w)
		go w.loop()
	}
	for _, w := range workers[:parts-1] {
		w.state.Swap(offered)
		if w.sleeping.CompareAndSwap(true, false) {
			w.wake <- struct{}{}
		}
	}
	runShare(0)
	for _, w := range workers[:parts-1] {
		if w.state.CompareAndSwap(offered, idle) { // too late to help: not waited for
			w.chunks = 0
		}
	}
	waitForWorkers()
	cur.body = nil
	judge(chunks, parts)
}

// plan cuts [0, n) into chunks of about chunkWork, sets cur's, and
// returns how many.
func plan(n, align, work int, costs Costs) int {
	cur.n = n
	if costs == nil {
		cur.bounds = cur.bounds[:0]
		cur.size = max(1, n*chunkWork/work/align) * align // n·chunkWork/work indices make chunkWork
		return (n + cur.size - 1) / cur.size
	}
	chunks := max(1, min(n, work/chunkWork))
	if cap(cur.bounds) < chunks+1 {
		cur.bounds = make([]int, chunks+1)
	}
	b := cur.bounds[:chunks+1]
	total, i := costs.Before(n), 0
	for c := range chunks {
		for costs.Before(i) < total/chunks*c { // one pass over the indices, as the loop makes
			i++
		}
		b[c] = i
	}
	b[chunks] = n
	cur.bounds = b
	return chunks
}
