package report

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestLockFolder: a folder held by a live process (this one) is refused,
// the error naming its pid; let go, it is taken again; a lock left by a
// process that has ended is taken over, and so is a lock file that is
// not one; taking it removes the temporary files a killed writer left,
// and nothing else.
func TestLockFolder(t *testing.T) {
	dir := t.TempDir()
	first, err := LockFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = LockFolder(dir)
	if want := fmt.Sprintf("%s is in use by another dlfs (pid %d, ", dir, os.Getpid()); err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("a folder held: %v, want %q…", err, want)
	}
	first.Unlock()
	again, err := LockFolder(dir)
	if err != nil {
		t.Fatalf("a folder let go: %v", err)
	}
	again.Unlock()
	// A lock of a live holder is one without its last newline too (written
	// by hand, or cut short); one of fewer lines is not a lock.
	for _, c := range []struct {
		lock string
		held bool
	}{{fmt.Sprintf("%d\ngo run .\n2026-12-04 10:00:00", os.Getpid()), true}, {fmt.Sprintf("%d\ngo run .", os.Getpid()), false}} {
		if err := os.WriteFile(filepath.Join(dir, LockName), []byte(c.lock), 0o644); err != nil {
			t.Fatal(err)
		}
		l, err := LockFolder(dir)
		if (err != nil) != c.held {
			t.Errorf("a lock of %q: %v, want held %v", c.lock, err, c.held)
		}
		if l != nil {
			l.Unlock()
		}
		os.Remove(filepath.Join(dir, LockName))
	}

	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("no other processes here")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	dead := cmd.Process.Pid
	temps := []string{".loss.csv.tmp123456", ".params.npz.tmp9", ".write-test77", ".seven_input.png.tmp5"}
	kept := []string{"notes.txt", ".hidden", ".loss.csv", "loss.csv.tmp1", ".mine.tmp3"}
	for _, c := range []string{fmt.Sprintf("%d\ngo run . -out o\n2026-12-04 10:00:00\n", dead), "not a lock"} {
		for _, name := range append(temps, kept...) {
			if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, LockName), []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
		l, err := LockFolder(dir)
		if err != nil {
			t.Fatalf("a lock of %q: %v", c, err)
		}
		b, _ := os.ReadFile(filepath.Join(dir, LockName))
		if !strings.HasPrefix(string(b), fmt.Sprintf("%d\n", os.Getpid())) {
			t.Errorf("the lock taken over holds %q", b)
		}
		for _, name := range temps {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				t.Errorf("%s: a dead writer's temporary file is still there", name)
			}
		}
		for _, name := range kept {
			if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
				t.Errorf("%s, not a temporary file of a run: %v", name, err)
			}
		}
		l.Unlock()
	}
}
