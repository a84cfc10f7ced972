package kernel

import (
	"runtime"
	"runtime/debug"
	"testing"
)

// TestFloatsCollectsBeforeLargeArrays: an array of 16 MiB or more is
// allocated after a collection, a smaller one without; both are zeros.
// The collector's own runs are off meanwhile, so that only Floats counts.
func TestFloatsCollectsBeforeLargeArrays(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	collections := func() uint32 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.NumGC
	}
	for _, c := range []struct {
		n       int
		collect bool
	}{{collectBefore / 8, true}, {collectBefore/8 - 1, false}, {1000, false}} {
		before := collections()
		x := Floats(c.n)
		if got := collections() > before; got != c.collect {
			t.Errorf("Floats(%d): collected first %v, want %v", c.n, got, c.collect)
		}
		for i, v := range x {
			if v != 0 {
				t.Fatalf("Floats(%d): element %d is %v, want 0", c.n, i, v)
			}
		}
	}
}
