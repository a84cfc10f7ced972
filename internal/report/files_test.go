package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPrepareOutput: a folder is made, nested if need be, and left with
// nothing in it; a folder inside a file is refused, named, and so is a
// link to a folder that is not there.
func TestPrepareOutput(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	if err := PrepareOutput(dir); err != nil {
		t.Fatal(err)
	}
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 0 {
		t.Errorf("the new folder holds %v (%v), want nothing", entries, err)
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o644)
	if err := PrepareOutput(filepath.Join(file, "sub")); err == nil || !strings.Contains(err.Error(), file) {
		t.Errorf("an output folder inside a file: %v, want an error naming it", err)
	}
	dangling := filepath.Join(t.TempDir(), "out")
	gone := filepath.Join(t.TempDir(), "gone")
	if err := os.Symlink(gone, dangling); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := PrepareOutput(dangling); err == nil || err.Error() != "output folder "+dangling+" is a link to "+gone+", which is not there" {
		t.Errorf("a link to nothing: %v", err)
	}
}

// TestCheckOwned: a folder with no run's files, or with a run's (its
// checkpoint or its report among them), is a run's to write; one holding
// files of a run's names alone is refused, naming them.
func TestCheckOwned(t *testing.T) {
	for _, c := range []struct {
		files []string
		want  string
	}{
		{nil, ""},
		{[]string{"notes.txt"}, ""},
		{[]string{"loss.csv", "checkpoint.npz"}, ""},
		{[]string{"params.npz", "report.html"}, ""},
		{[]string{"loss.csv", "notes.txt"}, "holds loss.csv, not written by a run of this program"},
		{[]string{"params.npz", "loss.svg"}, "holds params.npz, loss.svg, not written"},
	} {
		dir := t.TempDir()
		for _, name := range c.files {
			os.WriteFile(filepath.Join(dir, name), []byte("mine"), 0o644)
		}
		err := CheckOwned(dir)
		if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), dir+" "+c.want)) {
			t.Errorf("%v: %v, want %q", c.files, err, c.want)
		}
	}
	if err := CheckOwned(filepath.Join(t.TempDir(), "new")); err != nil {
		t.Errorf("a folder not yet made: %v", err)
	}
}
