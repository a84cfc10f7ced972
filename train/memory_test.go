package train

import (
	"math"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"dlfs/internal/platformtest"
)

// TestMemoryBoundsTheRun: the estimate is at least the heap a run grows
// by, measured after every update and evaluation (with the garbage
// collector's headroom, as the estimate has it), and not many times more,
// for the engine and the book, at sizes where the network dominates.
func TestMemoryBoundsTheRun(t *testing.T) {
	if platformtest.Race {
		t.Skip("the heap is measured in the builds without -race")
	}
	d := smallData(t)
	for _, c := range []struct {
		name string
		cfg  Config
	}{
		{"engine, wide", Config{Iters: 12, Batch: 20, LR: 0.1, Hidden: 800, WeightStd: 0.01, Seed: 1}},
		{"engine, large batch", Config{Iters: 12, Batch: 3000, LR: 0.1, Hidden: 200, WeightStd: 0.01, Seed: 1, Replace: true}},
		{"book, wide", Config{Iters: 12, Batch: 20, LR: 0.1, Hidden: 800, WeightStd: 0.01, Seed: 1, Replace: true, Book: true}},
	} {
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		base, peak := ms.HeapAlloc, uint64(0)
		sample := func() {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
		hooks := Hooks{Step: func(int, float64) { sample() }, Eval: func(Eval) { sample() },
			Checkpoint: func(*Checkpoint) error { sample(); return nil }}
		res := Run(c.cfg, d, hooks)
		sample()
		runtime.KeepAlive(res)
		grown := float64(peak - base)
		est := c.cfg.Memory(d.Train.Len(), d.Test.Len())
		t.Logf("%s: grew by %s, estimated %s", c.name, formatBytes(grown), formatBytes(est))
		if est < grown || est > 12*grown {
			t.Errorf("%s: the heap grew by %s, the estimate is %s", c.name, formatBytes(grown), formatBytes(est))
		}
	}
}

// TestFitsMemory names the setting furthest above the book's, on both
// sides of the limit.
func TestFitsMemory(t *testing.T) {
	cfg := DefaultConfig
	need := cfg.Memory(60000, 10000)
	if err := cfg.FitsMemory(int64(need), 60000, 10000); err != nil {
		t.Errorf("a limit of exactly the estimate: %v", err)
	}
	if err := cfg.FitsMemory(int64(need)-1, 60000, 10000); err == nil || !strings.HasPrefix(err.Error(), "hidden 50: the run would need about ") {
		t.Errorf("a limit a byte below the estimate: %v", err)
	}
	for _, c := range []struct {
		change func(*Config)
		want   string
	}{
		{func(c *Config) { c.Hidden = 100000000 }, "hidden 100000000: the run would need about "},
		{func(c *Config) { c.Hidden = math.MaxInt }, "hidden " + strconv.Itoa(math.MaxInt) + ": "},
		{func(c *Config) { c.Batch = math.MaxInt }, "batch " + strconv.Itoa(math.MaxInt) + ": "},
		{func(c *Config) { c.Iters = math.MaxInt }, "iters " + strconv.Itoa(math.MaxInt) + ": "},
		{func(c *Config) { c.Batch, c.Hidden = 1000000, 5000 }, "batch 1000000: "},
		{func(c *Config) { c.Iters, c.Hidden = 1<<30, 100 }, "iters 1073741824: "},
	} {
		cfg := DefaultConfig
		c.change(&cfg)
		err := cfg.FitsMemory(16<<30, 60000, 10000)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || !strings.HasSuffix(err.Error(), " of memory, more than this machine's 16 GiB") {
			t.Errorf("%+v: %v, want %q", cfg, err, c.want)
		}
	}
}

func TestFormatBytes(t *testing.T) {
	for _, c := range []struct {
		n    float64
		want string
	}{
		{0, "0 bytes"}, {1023, "1023 bytes"}, {1024, "1 KiB"}, {1536, "1.5 KiB"}, {99.5 * 1024, "99.5 KiB"}, {16 << 30, "16 GiB"},
		{1 << 70, "1024 EiB"},
	} {
		if got := formatBytes(c.n); got != c.want {
			t.Errorf("formatBytes(%v) = %q, want %q", c.n, got, c.want)
		}
	}
}

// TestMemoryEachTerm holds Memory to its doc comment's table, term by
// term: what one more update, image of either set, example of a batch or
// hidden unit adds, twice for the collector's headroom, in the engine
// (whose evaluation buffers are each core's) and in the book's loop.
func TestMemoryEachTerm(t *testing.T) {
	// The terms in integers, each exact: the estimate's sums are of
	// integers below 2^53, exact in float64 too.
	const pixels, classes = 784, 10
	cores := runtime.NumCPU()
	base := Config{Iters: 1000, Batch: 100, LR: 0.1, Hidden: 50, WeightStd: 0.01}
	const train, test = 6000, 1000
	h, b := base.Hidden, base.Batch
	perUnit := 5 * 8 * (pixels + 1 + classes) // the network, its gradient, W1 before training and two copies
	for _, book := range []bool{false, true} {
		cfg := base
		cfg.Book = book
		m := func(change func(*Config), train, test int) float64 {
			c := cfg
			if change != nil {
				change(&c)
			}
			return c.Memory(train, test)
		}
		start := m(nil, train, test)
		more := map[string]float64{
			"an update":        m(func(c *Config) { c.Iters++ }, train, test) - start,
			"a training image": m(nil, train+1, test) - start,
			"a test image":     m(nil, train, test+1) - start,
			"a batch's image":  m(func(c *Config) { c.Batch++ }, train, test) - start,
			"a hidden unit":    m(func(c *Config) { c.Hidden++ }, train, test) - start,
		}
		want := map[string]int{"an update": 2 * 64}
		if book {
			want["a training image"] = 2 * (16 + 2*8*(pixels+classes) + 3*8*h)
			want["a test image"] = 2 * 2 * 8 * (pixels + classes)
			want["a batch's image"] = 2 * 8 * (pixels + 6*h)
			want["a hidden unit"] = 2 * (perUnit + 6000 + 4*8*(pixels+1+classes) + 8*b*6 + 3*8*train)
		} else {
			want["a training image"] = 2 * 16
			want["a test image"] = 0
			want["a batch's image"] = 2 * (6*8*h + 4*pixels)
			want["a hidden unit"] = 2 * (perUnit + 6000 + 6*8*b + cores*(8*(pixels+1+classes)+6*8*500))
		}
		for what, got := range more {
			if got != float64(want[what]) {
				t.Errorf("book %v: %s adds %v bytes to the estimate, want %v", book, what, got, want[what])
			}
		}
		// What is left with none of them: the network's 10 output biases,
		// 8 bytes each in every copy the table counts.
		none := Config{Iters: 0, Batch: 0, Hidden: 0, Book: book}
		wantNone := 2 * (5*8*classes + cores*8*classes)
		if book {
			wantNone = 2 * (5*8*classes + 4*8*classes)
		}
		if got := none.Memory(0, 0); got != float64(wantNone) {
			t.Errorf("book %v: a run of nothing is estimated at %v bytes, want %v", book, got, wantNone)
		}
	}
}
