package regular

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dlfs/internal/platformtest"
)

// TestOpen: a regular file opens; a folder, a named pipe and a device are
// refused, named, without blocking (opening the pipe would wait for a
// writer for ever).
func TestOpen(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	f, err := Open(file)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	none := filepath.Join(dir, "none")
	cases := []struct{ path, want string }{
		{dir, "not a regular file but a folder"},
		{none, platformtest.NotFound(t, none)},
	}
	if fifo := filepath.Join(dir, "fifo"); platformtest.FIFO(t, fifo) {
		cases = append(cases, struct{ path, want string }{fifo, "not a regular file but a named pipe"})
	}
	if dev := platformtest.Device(); dev != "" {
		cases = append(cases, struct{ path, want string }{dev, "not a regular file but a device"})
	}
	for _, c := range cases {
		if f, err := Open(c.path); err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.path) {
			t.Errorf("Open(%s): %v, want %q and the path", c.path, err, c.want)
			if f != nil {
				f.Close()
			}
		}
	}
}
