package regular

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFile writes data to path atomically: through a temporary file in the
// same folder, renamed into place once complete. A reader never sees half
// a file, and a failed write leaves any earlier file untouched.
func WriteFile(path string, data []byte) error {
	return Write(path, Bytes(data))
}

// Bytes is the write of data, for Write and WriteTemp.
func Bytes(data []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}
}

// Write is WriteFile for data that write produces: if write fails part
// way, the temporary file is removed and path keeps what it had.
func Write(path string, write func(io.Writer) error) error {
	tmp, err := WriteTemp(path, write)
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return WriteError(path, err)
	}
	return nil
}

// WriteError is the error of writing path: the system's reason, without
// the name of the temporary file it happened to.
func WriteError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("writing %s: %w", path, err)
}

// maxTempBase bounds the part of a file's name its temporary file's name
// repeats.
const maxTempBase = 200

// WriteTemp writes a temporary file beside path, whole and on the disk,
// and returns its name, for the caller to rename into place; on an error
// it is removed.
func WriteTemp(path string, write func(io.Writer) error) (string, error) {
	// ".NAME.tmp" and CreateTemp's digits must fit in a file name (255
	// bytes on most systems) where NAME itself does.
	base := filepath.Base(path)
	if len(base) > maxTempBase {
		base = base[:maxTempBase]
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+base+".tmp*")
	if err != nil {
		return "", err
	}
	tmp := f.Name()
	err = write(f)
	if err == nil {
		// CreateTemp makes the file private (0600); the result is an
		// ordinary output file.
		err = f.Chmod(0o644)
	}
	if err == nil {
		// On the disk before it replaces anything: a crash after the
		// rename must not leave an empty file where the old one was.
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return "", err
	}
	return tmp, nil
}
