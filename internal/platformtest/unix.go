//go:build unix

package platformtest

import (
	"syscall"
	"testing"
)

const unix = true

// FIFO makes a named pipe at path and reports true, or reports false
// where the system has none. Opened, a pipe waits for a writer for ever:
// the readers must refuse it before they open it.
func FIFO(t testing.TB, path string) bool {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
	return true
}

// Device returns a character device that reads for ever, /dev/zero, or ""
// where the system has none.
func Device() string { return "/dev/zero" }
