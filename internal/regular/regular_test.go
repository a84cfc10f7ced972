package regular

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
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
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want string }{
		{dir, "not a regular file but a folder"},
		{fifo, "not a regular file but a named pipe"},
		{"/dev/zero", "not a regular file but a device"},
		{filepath.Join(dir, "none"), "no such file"},
	} {
		if f, err := Open(c.path); err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.path) {
			t.Errorf("Open(%s): %v, want %q and the path", c.path, err, c.want)
			if f != nil {
				f.Close()
			}
		}
	}
}
