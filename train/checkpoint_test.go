package train

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dlfs/internal/platformtest"
	"dlfs/mnist"
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

// TestCheckpointMatches: a checkpoint knows its data by contents: the
// same images match wherever they are read from; other images, or the
// same with one less, are refused with both records named, the folder as
// the run had it (the embedded MNIST when it had none).
func TestCheckpointMatches(t *testing.T) {
	d := smallData(t)
	var ck *Checkpoint
	Run(Config{Iters: 2, Batch: 7, LR: 0.5, Hidden: 6, WeightStd: 0.1}, d, Hooks{Checkpoint: func(c *Checkpoint) error { ck = c; return nil }})
	if err := ck.Matches(d); err != nil {
		t.Errorf("the run's own data: %v", err)
	}
	fewer := &mnist.Dataset{Train: d.Train.Head(d.Train.Len() - 1), Test: d.Test}
	want := fmt.Sprintf("the run trained on the embedded MNIST, %d training and %d test images of SHA-256 ", d.Train.Len(), d.Test.Len())
	if err := ck.Matches(fewer); err == nil || !strings.HasPrefix(err.Error(), want) ||
		!strings.Contains(err.Error(), fmt.Sprintf("the data now has %d and %d", d.Train.Len()-1, d.Test.Len())) {
		t.Errorf("one training image less: %v", err)
	}
	swapped := &mnist.Dataset{Train: d.Test, Test: d.Train}
	ck.Data.Dir = "/data/mnist"
	if d.Train.Len() == d.Test.Len() {
		t.Fatal("the small data's halves are of one size: the swap would be a change of sizes")
	}
	if err := ck.Matches(swapped); err == nil || !strings.HasPrefix(err.Error(), "the run trained on /data/mnist, ") {
		t.Errorf("other data: %v", err)
	}
	ck.Data.SHA256 = strings.Repeat("0", 64) // the same sizes, other contents
	if err := ck.Matches(d); err == nil || !strings.Contains(err.Error(), "of SHA-256 000000000000…; the data now has") {
		t.Errorf("the same sizes, other contents: %v", err)
	}
	if n := (DataRecord{}).Name(); n != "the embedded MNIST" {
		t.Errorf("the name of no folder: %q", n)
	}
}

// TestCheckpointOfTheSmallestRun: a run on one training and one test
// image, a batch of one, is evaluated after every update (an epoch is one
// update), and each of its checkpoints reads back as written: the
// smallest data a checkpoint records, and as many evaluations as updates.
func TestCheckpointOfTheSmallestRun(t *testing.T) {
	d := smallData(t)
	one := &mnist.Dataset{Train: d.Train.Head(1), Test: d.Test.Head(1)}
	for _, cfg := range []Config{
		{Iters: 3, Batch: 1, LR: 0.5, Hidden: 4, WeightStd: 0.1, Seed: 2},
		{Iters: 3, Batch: 1, LR: 0.5, Hidden: 4, WeightStd: 0.1, Seed: 2, Replace: true, Book: true},
	} {
		path := filepath.Join(t.TempDir(), "checkpoint.npz")
		n := 0
		Run(cfg, one, Hooks{Checkpoint: func(ck *Checkpoint) error {
			n++
			if err := WriteCheckpoint(path, ck); err != nil {
				return err
			}
			got, err := ReadCheckpoint(path, math.MaxInt64)
			if err != nil {
				t.Fatalf("book %v, checkpoint %d: %v", cfg.Book, n, err)
			}
			if got.Data.Train != 1 || got.Data.Test != 1 || got.Done != ck.Done || len(got.Evals) != ck.Done {
				t.Errorf("book %v, checkpoint %d: %d and %d images, %d updates and %d evaluations; written %d updates",
					cfg.Book, n, got.Data.Train, got.Data.Test, got.Done, len(got.Evals), ck.Done)
			}
			return nil
		}})
		if n != 4 { // after updates 0, 1, 2, and the final one
			t.Errorf("book %v: %d checkpoints, want 4", cfg.Book, n)
		}
	}
}
