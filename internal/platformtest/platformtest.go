// Package platformtest gives the tests what they need of the operating
// system, and tells them where it has none, so that every test compiles
// on every platform Go builds for and skips only what cannot run there:
// named pipes and devices (the readers must refuse them), and signals
// sent to a process (Ctrl-C must save a run); and whether the race
// detector is built in, under which training runs are ten times slower.
//
// Files: platformtest.go (what every platform has), unix.go and other.go
// (what only Unix has, and its absence elsewhere), race.go and norace.go.
package platformtest

import (
	"errors"
	"io/fs"
	"os"
	"runtime"
	"testing"
)

// SkipWithoutSignals skips t where one process cannot send another
// SIGINT: on Windows os.Process.Signal sends only Kill, and a
// WebAssembly program starts no processes.
func SkipWithoutSignals(t testing.TB) {
	t.Helper()
	if !unix {
		t.Skipf("no signals between processes on %s", runtime.GOOS)
	}
}

// NotFound returns what this system says of a file that does not exist,
// opening path, which must not: "no such file or directory" on Unix,
// "The system cannot find the file specified." on Windows.
func NotFound(t testing.TB, path string) string {
	t.Helper()
	f, err := os.Open(path)
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		f.Close()
		t.Fatalf("%s: %v, want it missing", path, err)
	}
	return pe.Err.Error()
}

// Interrupt sends this process SIGINT, as Ctrl-C at a terminal does, or
// skips t where a process cannot (SkipWithoutSignals).
func Interrupt(t testing.TB) {
	t.Helper()
	SkipWithoutSignals(t)
	p, err := os.FindProcess(os.Getpid())
	if err == nil {
		err = p.Signal(os.Interrupt)
	}
	if err != nil {
		t.Fatal(err)
	}
}
