package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dlfs/mnist"
	"dlfs/train"
)

// smallRun is a quick run's data and settings: eight updates on 300
// training and 100 test images.
func smallRun(t *testing.T) (*mnist.Dataset, train.Config) {
	t.Helper()
	full, err := mnist.Load()
	if err != nil {
		t.Fatal(err)
	}
	return &mnist.Dataset{Train: full.Train.Head(300), Test: full.Test.Head(100)},
		train.Config{Iters: 8, Batch: 20, LR: 0.5, Hidden: 5, WeightStd: 0.01, Seed: 3}
}

// TestFolderWritesTheRun: a run through a Folder leaves exactly the run's
// files, and its report.html gives the learning rate as the run took it:
// the settings' alone, or each change after it with the update it came
// from, one change as well as two.
func TestFolderWritesTheRun(t *testing.T) {
	data, cfg := smallRun(t)
	for _, c := range []struct {
		changes map[int]float64
		want    string
	}{
		{nil, "<tr><td>learning rate</td><td>0.5</td></tr>"},
		{map[int]float64{3: 0.25}, "<tr><td>learning rate</td><td>0.5, then 0.25 from update 3</td></tr>"},
		{map[int]float64{3: 0.25, 6: 0.125}, "<tr><td>learning rate</td><td>0.5, then 0.25 from update 3, 0.125 from update 6</td></tr>"},
	} {
		dir := t.TempDir()
		f := NewFolder(dir, "", nil)
		lr := cfg.LR
		res := f.Run(cfg, data, train.Hooks{LR: func(i int) float64 {
			if v, ok := c.changes[i]; ok {
				lr = v
			}
			return lr
		}})
		if res.Err != nil {
			t.Fatal(res.Err)
		}
		if _, err := f.Write(res, cfg, data); err != nil {
			t.Fatal(err)
		}
		if names := listDir(t, dir); !sameSet(names, RunFiles) {
			t.Errorf("the run's folder holds %v, want %v", names, RunFiles)
		}
		page, err := os.ReadFile(filepath.Join(dir, "report.html"))
		if err != nil || !strings.Contains(string(page), c.want) {
			t.Errorf("rates changed at %v: report.html lacks %q (%v)", c.changes, c.want, err)
		}
	}
}

// sameSet reports whether a and b hold the same strings, in any order.
func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]bool{}
	for _, s := range a {
		seen[s] = true
	}
	for _, s := range b {
		if !seen[s] {
			return false
		}
	}
	return true
}

// TestFolderReplacesAnEarlierRun: a run into a folder that holds an
// earlier run's files takes it over at its first checkpoint, removing
// them all, so that even a run stopped there leaves its own checkpoint
// alone; a run that goes on to the end then writes its files beside it.
func TestFolderReplacesAnEarlierRun(t *testing.T) {
	data, cfg := smallRun(t)
	dir := t.TempDir()
	for _, name := range RunFiles {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("the earlier run's"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f := NewFolder(dir, "", nil)
	var first []string // the folder after the first checkpoint, at the first update
	res := f.Run(cfg, data, train.Hooks{Stop: func() bool { first = listDir(t, dir); return true }})
	if res.Err != nil || !res.Interrupted {
		t.Fatalf("the stopped run: %v, interrupted %v", res.Err, res.Interrupted)
	}
	for _, names := range [][]string{first, listDir(t, dir)} {
		if len(names) != 1 || names[0] != "checkpoint.npz" {
			t.Errorf("after the first checkpoint and at the stop the folder holds %v, want checkpoint.npz alone", names)
		}
	}
	f = NewFolder(dir, "", nil)
	res = f.Run(cfg, data, train.Hooks{})
	if _, err := f.Write(res, cfg, data); err != nil || res.Err != nil {
		t.Fatalf("the second run: %v, %v", err, res.Err)
	}
	if names := listDir(t, dir); !sameSet(names, RunFiles) {
		t.Errorf("the second run left %v", names)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "loss.csv")); strings.Contains(string(b), "earlier") {
		t.Error("loss.csv is the earlier run's")
	}
}
