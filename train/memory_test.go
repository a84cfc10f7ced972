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
