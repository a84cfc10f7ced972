package report

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"dlfs/internal/regular"
)

// PrepareOutput creates dir if needed and checks that files can be written
// in it, so that a run fails at once rather than after training.
func PrepareOutput(dir string) error {
	if info, err := os.Lstat(dir); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		if _, err := os.Stat(dir); err != nil {
			target, _ := os.Readlink(dir)
			return fmt.Errorf("output folder %s is a link to %s, which is not there", dir, target)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("output folder %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".write-test*")
	if err != nil {
		return fmt.Errorf("output folder %s is not writable: %w", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// The files a run leaves in its output folder: a training run writes them
// all; the evaluation of saved parameters (go run . -load FILE -out DIR)
// writes ModelFiles. A folder holds the files of one run only, so that
// -resume continues the run whose files are there.
var (
	RunFiles = []string{
		"params.npz", "loss.svg", "loss_first1000.svg", "accuracy.svg", "hidden_units.svg", "confusion.svg", "mistakes.svg",
		"report.html", "loss.csv", "accuracy.csv", "confusion.csv", "checkpoint.npz",
	}
	ModelFiles = []string{"params.npz", "hidden_units.svg", "confusion.svg", "mistakes.svg", "report.html", "confusion.csv"}
)

// CheckOwned refuses a folder that holds files named as a run's that no
// run of this program wrote: files of a run's names with neither a
// checkpoint.npz nor a report.html beside them, which every run and
// evaluation leaves. A run there would replace or remove them.
func CheckOwned(dir string) error {
	var found []string
	for _, name := range RunFiles {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			found = append(found, name)
		}
	}
	if len(found) == 0 || slices.Contains(found, "checkpoint.npz") || slices.Contains(found, "report.html") {
		return nil
	}
	return fmt.Errorf("%s holds %s, not written by a run of this program (no checkpoint.npz or report.html beside them), which a run would replace or remove: move them, or choose another folder",
		dir, strings.Join(found, ", "))
}

// RemoveRunFiles removes from dir the files of RunFiles that are not in
// keep: what an earlier run left that the next one will not replace. A
// file already absent is no error; one that cannot be removed is, named.
func RemoveRunFiles(dir string, keep ...string) error {
	for _, name := range RunFiles {
		if slices.Contains(keep, name) {
			continue
		}
		p := filepath.Join(dir, name)
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("removing the earlier run's %s: %w", p, err)
		}
	}
	return nil
}

// An Output is a set of files written into a folder together: Add writes
// each in full to a temporary file beside its place, and Commit renames
// them all into place. If any fails to be written, Abort removes the
// temporary files and the folder keeps every file it had, so that a
// failed write never leaves the new files of a run beside old ones.
type Output struct {
	dir   string
	temps []string
	paths []string
}

// NewOutput returns an empty Output for the folder dir.
func NewOutput(dir string) *Output { return &Output{dir: dir} }

// Add writes the file name with data.
func (o *Output) Add(name string, data []byte) error {
	return o.AddFunc(name, regular.Bytes(data))
}

// AddFunc writes the file name with what write produces.
func (o *Output) AddFunc(name string, write func(io.Writer) error) error {
	path := filepath.Join(o.dir, name)
	tmp, err := regular.WriteTemp(path, write)
	if err != nil {
		return regular.WriteError(path, err)
	}
	o.temps, o.paths = append(o.temps, tmp), append(o.paths, path)
	return nil
}

// Abort removes the files added and not committed.
func (o *Output) Abort() {
	for _, tmp := range o.temps {
		os.Remove(tmp)
	}
	o.temps, o.paths = nil, nil
}

// Commit puts every file added in its place, replacing what was there,
// then removes the files of RunFiles that it did not write and keep does
// not name: what is left of them in the folder is this output. It returns
// the paths written.
func (o *Output) Commit(keep ...string) ([]string, error) {
	var done []string
	names := slices.Clone(keep)
	for i, tmp := range o.temps {
		path := o.paths[i]
		if err := os.Rename(tmp, path); err != nil {
			o.temps, o.paths = o.temps[i:], o.paths[i:]
			o.Abort()
			return done, regular.WriteError(path, err)
		}
		done = append(done, path)
		names = append(names, filepath.Base(path))
	}
	o.temps, o.paths = nil, nil
	return done, RemoveRunFiles(o.dir, names...)
}
