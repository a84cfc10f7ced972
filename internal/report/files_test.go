package report

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
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

// TestOutputAllOrNothing: a file that cannot be written is an error naming
// it and its cause, and nothing of the output is left, not even a
// temporary file; a file that cannot be put in its place (a folder holds
// its name) is an error naming it at Commit, which leaves the files
// already in place, removes every temporary file, and touches neither the
// folder in the way nor a file the output had not reached.
func TestOutputAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	o := NewOutput(dir)
	if err := o.Add("params.npz", []byte("p")); err != nil {
		t.Fatal(err)
	}
	err := o.AddFunc("loss.csv", func(w io.Writer) error {
		io.WriteString(w, "iter,loss\n")
		return errors.New("the disk is full")
	})
	if want := "writing " + filepath.Join(dir, "loss.csv") + ": the disk is full"; err == nil || err.Error() != want {
		t.Errorf("a failed write: %v, want %q", err, want)
	}
	o.Abort()
	if names := listDir(t, dir); len(names) != 0 {
		t.Errorf("after a failed write and Abort the folder holds %v", names)
	}

	os.WriteFile(filepath.Join(dir, "accuracy.csv"), []byte("old"), 0o644)
	os.MkdirAll(filepath.Join(dir, "loss.csv", "in the way"), 0o755)
	o = NewOutput(dir)
	for _, name := range []string{"params.npz", "loss.csv", "accuracy.csv"} {
		if err := o.Add(name, []byte("new "+name)); err != nil {
			t.Fatal(err)
		}
	}
	done, err := o.Commit()
	if err == nil || !strings.HasPrefix(err.Error(), "writing "+filepath.Join(dir, "loss.csv")+": ") {
		t.Errorf("a commit over a folder: %v", err)
	}
	if len(done) != 1 || done[0] != filepath.Join(dir, "params.npz") {
		t.Errorf("the commit put %v in place", done)
	}
	if names := listDir(t, dir); !slices.Equal(names, []string{"accuracy.csv", "loss.csv", "params.npz"}) {
		t.Errorf("after the failed commit the folder holds %v", names)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "accuracy.csv")); string(b) != "old" {
		t.Errorf("accuracy.csv, which the commit did not reach, is %q", b)
	}
}

// listDir lists the names in dir, hidden ones too.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
