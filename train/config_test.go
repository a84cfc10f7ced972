package train

import (
	"math"
	"strings"
	"testing"
)

// TestConfigs: BookConfig is train_neuralnet.py's settings (iters_num =
// 10000, batch_size = 100, learning_rate = 0.1, hidden_size=50, the
// constructor's weight_init_std=0.01, np.random.choice's replacement) on
// the book's code; DefaultConfig differs only in drawing each batch's
// images distinct, on the engine.
func TestConfigs(t *testing.T) {
	book := Config{Iters: 10000, Batch: 100, LR: 0.1, Hidden: 50, WeightStd: 0.01, Replace: true, Book: true}
	if BookConfig != book {
		t.Errorf("BookConfig %+v, the book's %+v", BookConfig, book)
	}
	book.Replace, book.Book = false, false
	if DefaultConfig != book {
		t.Errorf("DefaultConfig %+v, want the book's without replacement, on the engine %+v", DefaultConfig, book)
	}
}

func TestConfigValidate(t *testing.T) {
	if err := DefaultConfig.Validate(); err != nil {
		t.Fatalf("the default config: %v", err)
	}
	tests := []struct {
		change func(*Config)
		want   string
	}{
		{func(c *Config) { c.Iters = 0 }, "iters 0: must be at least 1"},
		{func(c *Config) { c.Batch = 0 }, "batch 0: must be at least 1"},
		{func(c *Config) { c.LR = math.NaN() }, "lr NaN: must be a positive number"},
		{func(c *Config) { c.LR = 0 }, "lr 0: must be a positive number"},
		{func(c *Config) { c.Hidden = 0 }, "hidden 0: must be at least 1"},
		{func(c *Config) { c.WeightStd = -1 }, "weight std must be a non-negative number"},
		{func(c *Config) { c.Iters = -1 }, "iters -1: must be at least 1"},
		{func(c *Config) { c.LR = -0.1 }, "lr -0.1: must be a positive number"},
		{func(c *Config) { c.LR = math.Inf(1) }, "lr +Inf: must be a positive number"},
		{func(c *Config) { c.LR = math.Copysign(0, -1) }, "lr -0: must be a positive number"},
		{func(c *Config) { c.WeightStd = math.NaN() }, "weight std must be a non-negative number"},
		{func(c *Config) { c.WeightStd = math.Inf(1) }, "weight std must be a non-negative number"},
		// The other side of each bound: accepted.
		{func(c *Config) { c.Iters, c.Batch, c.Hidden = 1, 1, 1 }, ""},
		{func(c *Config) { c.LR = math.SmallestNonzeroFloat64 }, ""},
		{func(c *Config) { c.LR = math.MaxFloat64 }, ""},
		{func(c *Config) { c.WeightStd = 0 }, ""},
		{func(c *Config) { c.Iters, c.Batch, c.Hidden = math.MaxInt, math.MaxInt, math.MaxInt }, ""},
		// np.random.seed takes 32 bits; the engine's PCG 64.
		{func(c *Config) { c.Book, c.Seed = true, math.MaxUint32+1 }, "seed 4294967296: np.random.seed takes at most 2^32 − 1"},
		{func(c *Config) { c.Book, c.Seed = true, math.MaxUint32 }, ""},
		{func(c *Config) { c.Seed = math.MaxUint64 }, ""},
	}
	for _, tt := range tests {
		c := DefaultConfig
		tt.change(&c)
		err := c.Validate()
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)) {
			t.Errorf("%+v: error %v, want %q", c, err, tt.want)
		}
	}
	c := DefaultConfig
	c.Batch = 60001
	if err := c.FitsData(60000); err == nil || !strings.HasPrefix(err.Error(), "batch 60001: larger than the 60000 training images") {
		t.Errorf("a batch larger than the set: %v", err)
	}
	if err := c.FitsData(60001); err != nil {
		t.Errorf("a batch as large as the set: %v", err)
	}
	c.Replace = true
	if err := c.FitsData(60000); err != nil {
		t.Errorf("a batch larger than the set with replacement: %v", err)
	}
	// iter_per_epoch = max(train_size / batch_size, 1), Python 3's true
	// division: the values python3 prints for each.
	for _, c := range []struct {
		train, batch int
		want         float64
	}{{60000, 100, 600}, {60000, 70, 857.1428571428571}, {60000, 60000, 1}, {1001, 10, 100.1}, {50050, 100, 500.5}, {99, 100, 1}, {100, 60000, 1}} {
		cfg := DefaultConfig
		cfg.Batch = c.batch
		if n := cfg.ItersPerEpoch(c.train); n != c.want {
			t.Errorf("iters per epoch of %d images in batches of %d: %v, want %v", c.train, c.batch, n, c.want)
		}
	}
}
