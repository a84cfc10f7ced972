// Package regular reads and writes files as a user expects: it opens only
// regular files, not named pipes, devices or folders, and writes a file
// whole or not at all, through a temporary file renamed into place
// (write.go).
package regular

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Open opens path for reading if it is a regular file. Anything else is
// refused before it is opened, with an error naming the file and what it
// is: opening a named pipe would wait for a writer without a word, and a
// device such as /dev/zero could be read for ever.
func Open(path string) (*os.File, error) {
	info, err := os.Stat(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			pe.Op = "open" // what the caller asked for
		}
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file but %s", path, kind(info.Mode()))
	}
	return os.Open(path)
}

// kind names what a file that is not a regular one is.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a " + m.Type().String() + " file"
}
