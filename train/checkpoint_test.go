package train

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dlfs/internal/platformtest"
)

// TestCheckpointErrors: a checkpoint that cannot be resumed is refused with
// the file named and what is wrong.
func TestCheckpointErrors(t *testing.T) {
	d := smallData(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.npz")
	Run(Config{Iters: 4, Batch: 7, LR: 0.5, Hidden: 6, WeightStd: 0.1}, d, Hooks{Checkpoint: func(ck *Checkpoint) error { return WriteCheckpoint(good, ck) }})
	b, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ReadCheckpoint(good, math.MaxInt64); err != nil {
		t.Fatalf("a good checkpoint: %v", err)
	}
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		return p
	}
	for _, c := range []struct {
		path, want string
	}{
		{filepath.Join(dir, "none.npz"), platformtest.NotFound(t, filepath.Join(dir, "none.npz"))},
		{write("text.npz", []byte("hello")), "not a checkpoint (not a zip archive)"},
		{write("truncated.npz", b[:len(b)/2]), "not a checkpoint (not a zip archive)"},
		{write("model.npz", mustRead(t, filepath.Join("testdata", "float32.npz"))), "not a checkpoint: run.json, W1_initial.npy, losses.npy or evals.npy is missing"},
	} {
		if _, err := ReadCheckpoint(c.path, math.MaxInt64); err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.path) {
			t.Errorf("%s: error %v, want %q and the file", c.path, err, c.want)
		}
	}
}
