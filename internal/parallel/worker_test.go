package parallel

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// onCores makes the pool share calls between g cores, whatever the
// machine has, with a judgement that has seen nothing, until the test ends.
func onCores(t *testing.T, g int) {
	t.Helper()
	oldCores, oldProcs := cores, runtime.GOMAXPROCS(g)
	cores = g
	forget := func() { poolMu.Lock(); judged = judgement{}; poolMu.Unlock() }
	forget()
	t.Cleanup(func() { cores = oldCores; runtime.GOMAXPROCS(oldProcs); forget() })
}

// eventually polls cond until it holds, for at most a minute: time for any
// goroutine to be scheduled on a busy machine, so that only a pool that
// never gets there fails.
func eventually(cond func() bool) bool {
	for deadline := time.Now().Add(time.Minute); !cond(); {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Microsecond)
	}
	return true
}

// TestForWaitsForTheWorker: the calling goroutine runs its share and takes
// what is left of the worker's; then it waits for the chunk the worker is
// in, parking as the package's doc says, and For returns only after that
// chunk. Eight chunks of one index: the caller's share is 0–3, the worker's
// 4–7.
func TestForWaitsForTheWorker(t *testing.T) {
	onCores(t, 2)
	var done atomic.Int32
	var started, returned atomic.Bool
	For(8, 1, 8*chunkWork, Func(func(lo, hi int) {
		switch lo {
		case 0:
			if !eventually(started.Load) {
				t.Errorf("no worker began its share's first chunk")
			}
		case 4:
			started.Store(true)
			parked := func() bool { return done.Load() == 7 && callerWaiting.Load() }
			if !eventually(func() bool { return parked() || returned.Load() }) {
				t.Errorf("the caller, with its share done, never parked")
			}
		}
		done.Add(1)
	}))
	got := done.Load()
	returned.Store(true)
	if got != 8 {
		t.Fatalf("For returned with %d of 8 chunks done", got)
	}
	if c := workers[0].chunks; c != 1 {
		t.Errorf("the worker ran 1 chunk and counts %d", c)
	}
}

// TestWorkerTakesTheCallersChunks: a worker that finishes its own share
// takes the caller's last chunks, from the back, while the caller is held
// in its first; the judgement counts every one of them as the worker's.
func TestWorkerTakesTheCallersChunks(t *testing.T) {
	onCores(t, 2)
	var done atomic.Int32
	var ran [8]atomic.Bool
	For(8, 1, 8*chunkWork, Func(func(lo, hi int) {
		if lo == 0 && !eventually(func() bool { return done.Load() == 7 }) {
			t.Errorf("no worker ran the other seven chunks")
		}
		ran[lo].Store(true)
		done.Add(1)
	}))
	for c := range ran {
		if !ran[c].Load() {
			t.Errorf("chunk %d never ran", c)
		}
	}
	if c := workers[0].chunks; c != 7 {
		t.Errorf("the worker ran 7 chunks (its 4 and 3 of the caller's) and counts %d", c)
	}
}

// TestForWaitsForTheLastWorker: on three cores, the worker that leaves
// first must not wake the parked caller while the other is still inside.
// Nine chunks: the shares are 0–2, 3–5 and 6–8; worker one holds 3 until
// the caller has parked, worker two holds 6 until worker one has left, and
// a little longer, so that a caller woken too early would return first.
func TestForWaitsForTheLastWorker(t *testing.T) {
	onCores(t, 3)
	var done atomic.Int32
	var started3, started6, done3, returned atomic.Bool
	For(9, 1, 9*chunkWork, Func(func(lo, hi int) {
		switch lo {
		case 0:
			if !eventually(func() bool { return started3.Load() && started6.Load() }) {
				t.Errorf("the two workers did not both begin their shares")
			}
		case 3:
			started3.Store(true)
			if !eventually(func() bool { return done.Load() == 7 && callerWaiting.Load() }) {
				t.Errorf("the caller, with its share done, never parked")
			}
			done3.Store(true)
		case 6:
			started6.Store(true)
			if !eventually(func() bool { return done3.Load() && inside.Load() == 1 }) {
				t.Errorf("worker one never left")
			}
			for end := time.Now().Add(50 * time.Millisecond); !returned.Load() && time.Now().Before(end); {
				time.Sleep(20 * time.Microsecond)
			}
		}
		done.Add(1)
	}))
	got := done.Load()
	returned.Store(true)
	if got != 9 {
		t.Fatalf("For returned with %d of 9 chunks done", got)
	}
}

// TestIdleWorkersPark: after a call, the workers poll for a while and then
// park, so that an idle pool holds no core.
func TestIdleWorkersPark(t *testing.T) {
	onCores(t, 2)
	For(8, 1, 8*chunkWork, Func(func(lo, hi int) {}))
	poolMu.Lock()
	started := workers
	poolMu.Unlock()
	for k, w := range started {
		if !eventually(w.sleeping.Load) {
			t.Errorf("worker %d never parked", k+1)
		}
	}
}

// TestForStartsOneWorkerACore: a call on g cores has g − 1 workers beside
// the calling goroutine, and starts only those it lacks.
func TestForStartsOneWorkerACore(t *testing.T) {
	poolMu.Lock()
	before := len(workers)
	poolMu.Unlock()
	g := before + 2 // one core more than the workers so far serve
	onCores(t, g)
	For(100, 1, 100*chunkWork, Func(func(lo, hi int) {}))
	poolMu.Lock()
	defer poolMu.Unlock()
	if len(workers) != g-1 {
		t.Errorf("a call on %d cores: %d workers, want %d", g, len(workers), g-1)
	}
}

// TestForAlone: a call is one range on the calling goroutine below
// parallelWork, or when its indices cannot make two aligned ranges; at
// parallelWork, and with two aligned ranges, it is shared.
func TestForAlone(t *testing.T) {
	onCores(t, 2)
	for _, c := range []struct {
		n, align, work int
		ranges         int
	}{
		{1000, 1, parallelWork - 1, 1},
		{1000, 1, parallelWork, 4}, // chunks of 1000·chunkWork/parallelWork = 250
		{5, 3, 1 << 20, 1},         // one range of 3 and the 2 left: not two aligned ranges
		{6, 3, 1 << 20, 2},
	} {
		var calls atomic.Int32
		var whole atomic.Bool
		For(c.n, c.align, c.work, Func(func(lo, hi int) {
			calls.Add(1)
			whole.Store(lo == 0 && hi == c.n)
		}))
		if int(calls.Load()) != c.ranges || c.ranges == 1 && !whole.Load() {
			t.Errorf("For(%d, %d, %d): %d ranges, want %d", c.n, c.align, c.work, calls.Load(), c.ranges)
		}
	}
}

// TestForAllocatesNothing: a Body that is a pointer costs a call no
// allocation, as a training step needs, evenly split or by costs. The
// calls take every core the kept buffer of shares has room for, and one
// chunk more than the kept buffer of bounds can hold: grown by the first
// call, it is then of the very size needed, and reused. Each
// starts with a clean judgement, which would otherwise give sharing up
// for workers that find the caller has run every chunk of an empty body.
// (testing.AllocsPerRun runs on one core, where nothing is shared.)
func TestForAllocatesNothing(t *testing.T) {
	poolMu.Lock()
	g, chunks := max(cap(cur.shares), 2), max(cap(cur.bounds), 1000)
	poolMu.Unlock()
	onCores(t, g)
	body := &countBody{}
	costs := &squares{}
	ForBalanced(chunks-1, (chunks-1)*chunkWork, costs, body) // bounds for chunks-1 chunks: one too few below
	for name, call := range map[string]func(){
		"For":         func() { For(g*1000, 1, g*1000*chunkWork, body) },
		"ForBalanced": func() { ForBalanced(chunks, chunks*chunkWork, costs, body) },
	} {
		const calls = 50
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range calls {
			judged = judgement{}
			call()
		}
		runtime.ReadMemStats(&after)
		if n := after.Mallocs - before.Mallocs; n >= calls { // the runtime may allocate now and then, never once a call
			t.Errorf("%s: %d allocations in %d calls", name, n, calls)
		}
	}
}

type countBody struct{ n atomic.Int64 }

func (b *countBody) Run(lo, hi int) { b.n.Add(int64(hi - lo)) }
