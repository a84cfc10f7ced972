package report

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// LockName is the file that says which process writes a folder.
const LockName = ".dlfs.lock"

// A Lock is a folder held by one writer, this process, until Unlock.
type Lock struct {
	path string
}

// LockFolder takes dir for this process, so that no other writes into it
// meanwhile: two runs into one folder would leave one's files beside the
// other's. It writes dir/.dlfs.lock with the process's pid, its command
// and the time. A folder held by a process that is alive is refused, the
// error naming it; one whose holder has died (killed, the machine
// restarted) is taken over. Holding it, LockFolder removes the temporary
// files a dead writer left there. dir must exist.
func LockFolder(dir string) (*Lock, error) {
	path := filepath.Join(dir, LockName)
	me := fmt.Sprintf("%d\n%s\n%s\n", os.Getpid(), strings.Join(os.Args, " "), time.Now().Format(time.DateTime))
	for range 3 {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, err = f.WriteString(me)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				os.Remove(path)
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			removeTemps(dir)
			return &Lock{path}, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		b, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue // its holder let go meanwhile
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		lines := strings.SplitN(string(b), "\n", 4)
		pid, perr := strconv.Atoi(lines[0])
		if perr == nil && len(lines) >= 3 && alive(pid) {
			return nil, fmt.Errorf("%s is in use by another dlfs (pid %d, %q, since %s): wait for it to end, or choose another folder (if no dlfs runs, remove %s)",
				dir, pid, lines[1], lines[2], path)
		}
		// A dead holder's lock, or one that is not a lock: taken over.
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return nil, fmt.Errorf("%s: taken and let go again and again by other processes", path)
}

// Unlock lets the folder go.
func (l *Lock) Unlock() {
	os.Remove(l.path)
}

// removeTemps removes what a writer killed mid-write leaves in dir: the
// temporary files of regular.WriteTemp (.NAME.tmpDIGITS) for the files a
// run writes, and PrepareOutput's write tests. Others are not touched.
func removeTemps(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(name, ".") {
			continue
		}
		base, _, temp := strings.Cut(name[1:], ".tmp")
		if (temp && (slices.Contains(RunFiles, base) || slices.Contains(ModelFiles, base) || strings.HasSuffix(base, "_input.png"))) ||
			strings.HasPrefix(name, ".write-test") {
			os.Remove(filepath.Join(dir, name))
		}
	}
}
