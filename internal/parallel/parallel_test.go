package parallel_test

import (
	"runtime"
	"sync/atomic"
	"testing"

	"dlfs/internal/parallel"
)

// TestParallelCoversEachIndexOnce runs each way of splitting work on 1, 2
// and 4 goroutines, large enough to be split and too small to be, and
// checks that every index is handed out exactly once, in ranges that
// respect the alignment.
func TestParallelCoversEachIndexOnce(t *testing.T) {
	const n = 1003
	var cum squares // later indices cost more
	for _, procs := range []int{1, 2, 4} {
		for _, work := range []int{1 << 20, 10} {
			func() {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
				for name, run := range map[string]func(f parallel.Func){
					"For":         func(f parallel.Func) { parallel.For(n, 3, work, f) },
					"ForBalanced": func(f parallel.Func) { parallel.ForBalanced(n, work, cum, f) },
					// All the cost in the last index: chunks of nothing
					// before it, which the body must never see.
					"ForBalanced, the cost at the end": func(f parallel.Func) { parallel.ForBalanced(n, work, lastOnly{n}, f) },
				} {
					var seen [n]atomic.Int32
					var calls atomic.Int32
					run(func(lo, hi int) {
						calls.Add(1)
						if lo >= hi {
							t.Errorf("%s: an empty range [%d, %d)", name, lo, hi)
						}
						if name == "For" && lo%3 != 0 {
							t.Errorf("%s: range [%d, %d) not aligned to 3", name, lo, hi)
						}
						for i := lo; i < hi; i++ {
							seen[i].Add(1)
						}
					})
					for i := range seen {
						if c := seen[i].Load(); c != 1 {
							t.Fatalf("%s on %d procs, work %d: index %d handed out %d times", name, procs, work, i, c)
						}
					}
					if work == 10 && calls.Load() != 1 {
						t.Errorf("%s: small work split into %d calls", name, calls.Load())
					}
				}
			}()
		}
	}
}

// lastOnly puts all the cost in the last of n indices.
type lastOnly struct{ n int }

func (c lastOnly) Before(i int) int {
	if i < c.n {
		return 0
	}
	return 1 << 30
}

// squares are costs that grow with the index: i² before index i.
type squares struct{}

func (squares) Before(i int) int { return i * i }

// TestParallelNested: a parallel call made from inside another runs on the
// calling goroutine and still covers its indices.
func TestParallelNested(t *testing.T) {
	var total atomic.Int64
	parallel.For(8, 1, 1<<20, parallel.Func(func(lo, hi int) {
		for range hi - lo {
			parallel.For(100, 1, 1<<20, parallel.Func(func(lo, hi int) { total.Add(int64(hi - lo)) }))
		}
	}))
	if total.Load() != 800 {
		t.Errorf("nested calls covered %d indices, want 800", total.Load())
	}
}
