package regular

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dlfs/internal/platformtest"
)

// TestOpen: a regular file opens, and so does a link to one; a folder, a
// named pipe and a device are refused, named, without blocking (opening
// the pipe would wait for a writer for ever), and so are links to a folder
// or to nothing.
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
	// A link is followed: to a regular file it opens that file; to a
	// folder, or to nothing, it is refused as what it leads to.
	link, dirLink, dangling := filepath.Join(dir, "link"), filepath.Join(dir, "dirlink"), filepath.Join(dir, "dangling")
	if os.Symlink(file, link) == nil && os.Symlink(dir, dirLink) == nil && os.Symlink(none, dangling) == nil {
		f, err := Open(link)
		if err != nil {
			t.Errorf("Open of a link to a regular file: %v", err)
		} else {
			b := make([]byte, 2)
			if n, _ := f.Read(b); n != 1 || b[0] != 'x' {
				t.Errorf("the link to file read %q", b[:n])
			}
			f.Close()
		}
		cases = append(cases, struct{ path, want string }{dirLink, "not a regular file but a folder"},
			struct{ path, want string }{dangling, "open " + dangling})
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
