package parallel

import (
	"sync/atomic"
	"testing"
	"time"
)

// TestSharingGivenUpWhileItDoesNotPay: two stretches of judgeChunks chunks
// in which the workers took none make the calls run alone for backOff,
// each further one doubles it, up to 16 times backOff; a stretch in which they took their part, as on a quiet
// machine, clears the count; and while alone, a call is one range on the
// calling goroutine.
func TestSharingGivenUpWhileItDoesNotPay(t *testing.T) {
	onCores(t, 2)
	For(100, 1, 1<<20, Func(func(lo, hi int) {})) // start a worker
	poolMu.Lock()
	defer func() { judged = judgement{}; poolMu.Unlock() }()
	w := workers[0]
	stretch := func(taken int) {
		for range judgeChunks / 8 {
			w.chunks = taken
			judge(8, 2)
		}
	}
	judged = judgement{}
	stretch(0)
	if !judged.aloneUntil.IsZero() || judged.fails != 1 {
		t.Fatalf("after one stretch without the workers: %+v, want one failure and still sharing", judged)
	}
	stretch(4) // their fair part: half of 8
	if judged.fails != 0 {
		t.Fatalf("a stretch where the workers took their part left %d failures", judged.fails)
	}
	for want := 1; want <= 8; want++ {
		before := time.Now()
		stretch(1) // a quarter of their part: under judgeShare
		after := time.Now()
		if want == 1 {
			continue
		}
		alone := backOff << min(want-2, 4) // doubling, up to 16 times
		if until := judged.aloneUntil; until.Before(before.Add(alone)) || until.After(after.Add(alone)) {
			t.Fatalf("after %d failing stretches alone until %v, want %v after the judgement at %v", want, until, alone, before)
		}
	}
	poolMu.Unlock()
	var calls atomic.Int32
	For(1000, 1, 1<<24, Func(func(lo, hi int) {
		if calls.Add(1); lo != 0 || hi != 1000 {
			t.Errorf("alone, a call ran [%d, %d)", lo, hi)
		}
	}))
	poolMu.Lock()
	if calls.Load() != 1 {
		t.Errorf("alone, a call ran in %d ranges", calls.Load())
	}
}

// TestChunkPlan: the chunks cover [0, n) in order, aligned, each about
// chunkWork unless the alignment makes it larger; cut by costs, each holds
// about an equal share of them.
func TestChunkPlan(t *testing.T) {
	poolMu.Lock()
	defer poolMu.Unlock()
	// The sizes by hand: n·chunkWork/work indices (chunkWork = 16384), cut
	// to a multiple of align, at least one: 1003·16384/2^20 = 15.7 → 15,
	// 100·16384/250000 = 6.6 → 6, and less than one → 1.
	for _, c := range []struct{ n, align, work, size int }{{1003, 3, 1 << 20, 15}, {100, 1, 250000, 6}, {2, 1, 750000, 1}, {784, 1, 40000000, 1}} {
		chunks := plan(c.n, c.align, c.work, nil)
		if cur.size != c.size || chunks != (c.n+c.size-1)/c.size {
			t.Errorf("%+v: %d chunks of %d indices", c, chunks, cur.size)
		}
		end := 0
		for k := range chunks {
			lo, hi := k*cur.size, min((k+1)*cur.size, c.n)
			if lo != end || lo%c.align != 0 || hi <= lo {
				t.Fatalf("%+v: chunk %d is [%d, %d) after %d", c, k, lo, hi, end)
			}
			end = hi
		}
		if end != c.n || (cur.size > c.align && cur.size*c.work/c.n > 2*chunkWork) {
			t.Fatalf("%+v: chunks of %d indices end at %d", c, cur.size, end)
		}
	}
	const n = 500
	chunks := plan(n, 1, n*n, squares{})
	if chunks != n*n/chunkWork { // 250000/16384 = 15.3 → 15 chunks of about chunkWork
		t.Errorf("balanced, a work of %d: %d chunks", n*n, chunks)
	}
	total := squares{}.Before(n)
	for k := range chunks {
		lo, hi := cur.bounds[k], cur.bounds[k+1]
		share := squares{}.Before(hi) - squares{}.Before(lo)
		if lo > hi || share > 2*total/chunks+2*n {
			t.Fatalf("chunk %d of %d is [%d, %d), cost %d of %d", k, chunks, lo, hi, share, total)
		}
	}
	if cur.bounds[0] != 0 || cur.bounds[chunks] != n {
		t.Fatalf("balanced chunks span [%d, %d)", cur.bounds[0], cur.bounds[chunks])
	}
}

// squares cost i² before index i.
type squares struct{}

func (squares) Before(i int) int { return i * i }

// TestJudgeCounts: what the judgement weighs. After a real call, the
// chunks counted are the calls the body had, and the workers' are some of
// them. The workers' fair part of a call's chunks is (parts − 1)/parts of
// them, for three cores as for two; and a stretch in which they took
// exactly judgeShare of it is not a failure.
func TestJudgeCounts(t *testing.T) {
	onCores(t, 2)
	For(100, 1, 1<<20, Func(func(lo, hi int) {})) // start a worker
	poolMu.Lock()
	judged = judgement{}
	poolMu.Unlock()
	var calls atomic.Int32
	For(64, 1, 64*chunkWork, Func(func(lo, hi int) {
		time.Sleep(time.Millisecond)
		calls.Add(1) // at the end: For returns only once every call has
	}))
	poolMu.Lock()
	defer func() { judged = judgement{}; poolMu.Unlock() }()
	if judged.chunks != int(calls.Load()) || judged.taken < 0 || judged.taken > float64(judged.chunks) {
		t.Errorf("%d calls of the body; the judgement counts %d chunks, %v of them the workers'", calls.Load(), judged.chunks, judged.taken)
	}
	started := workers
	defer func() { workers = started }()
	workers = []*worker{{}, {}} // judge reads their counts only
	judged = judgement{}
	judge(9, 3)
	if judged.fair != 6 {
		t.Errorf("9 chunks on 3 cores: the workers' fair part %v, want 6", judged.fair)
	}
	judged = judgement{}
	for range judgeChunks/10 + 1 { // 52 calls of 10 chunks: a fair part of 260, 0.6 of it 156
		workers[0].chunks = 3
		judge(10, 2)
	}
	if judged.fails != 0 {
		t.Errorf("workers that took exactly judgeShare of their part: %d failures", judged.fails)
	}
}
