package tensor

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// An .npz file is a zip archive of .npy files, one per named array: np.savez
// writes one, np.load reads one, each array only when it is asked for.

// WriteNPZ writes the tensors as an .npz archive, entry names[i] + ".npy"
// holding ts[i], uncompressed as np.savez does.
func WriteNPZ(w io.Writer, names []string, ts []*Tensor) error {
	zw := zip.NewWriter(w)
	for i, t := range ts {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: names[i] + ".npy", Method: zip.Store})
		if err != nil {
			return err
		}
		if err := WriteNPY(f, t); err != nil {
			return err
		}
	}
	return zw.Close()
}

// maxNPYEntry bounds the size of one array read from an .npz: 1 GiB.
const maxNPYEntry = 1 << 30

// An NPZ is an .npz archive open for reading, as np.load returns one: its
// arrays are read one at a time, by name, and only those asked for.
// Entries that are not .npy files are files, as np.load gives them too.
type NPZ struct {
	names, files []string
	entries      map[string]*zip.File
}

// OpenNPZ reads the directory of an .npz archive of size bytes
// (np.savez or np.savez_compressed): the names np.load gives its arrays,
// the entry names without ".npy". No array is read yet.
func OpenNPZ(r io.ReaderAt, size int64) (*NPZ, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("npz: not a zip archive: %w", err)
	}
	z := &NPZ{entries: map[string]*zip.File{}}
	for _, f := range zr.File {
		if z.entries[f.Name] != nil {
			return nil, fmt.Errorf("npz: entry %q appears twice", f.Name)
		}
		z.entries[f.Name] = f
		if name, ok := strings.CutSuffix(f.Name, ".npy"); ok {
			z.names = append(z.names, name)
		} else {
			z.files = append(z.files, f.Name)
		}
	}
	return z, nil
}

// Names returns the arrays' names in archive order.
func (z *NPZ) Names() []string { return slices.Clone(z.names) }

// Files returns the names of the entries that are not arrays.
func (z *NPZ) Files() []string { return slices.Clone(z.files) }

// ReadFile returns the entry name, which is not an array, refusing it
// unread if it is longer than max bytes.
func (z *NPZ) ReadFile(name string, max int64) ([]byte, error) {
	f := z.entries[name]
	if f == nil || strings.HasSuffix(name, ".npy") {
		return nil, fmt.Errorf("npz: no file %q (it has %v)", name, z.files)
	}
	if f.UncompressedSize64 > uint64(max) {
		return nil, fmt.Errorf("npz: entry %q is %d bytes, more than %d", name, f.UncompressedSize64, max)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("npz: entry %q: %w", name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("npz: entry %q: %w", name, err)
	}
	return b, nil
}

// Read reads the array name as ReadNPY does. Its shape, from the entry's
// header, is first given to fits (if not nil), which may refuse it before
// any of its data is read or allocated: fits's error is returned as it is.
func (z *NPZ) Read(name string, fits func(shape []int) error) (*Tensor, error) {
	f := z.entries[name+".npy"]
	if f == nil {
		return nil, fmt.Errorf("npz: no array %q (it has %v)", name, z.names)
	}
	if f.UncompressedSize64 > maxNPYEntry {
		return nil, fmt.Errorf("npz: entry %q is %d bytes, more than %d", f.Name, f.UncompressedSize64, maxNPYEntry)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("npz: entry %q: %w", f.Name, err)
	}
	defer rc.Close()
	// The zip reader holds the entry to its declared size and checksum, so
	// the data read is what the directory says, never more.
	var refused error
	t, err := readNPY(rc, int64(f.UncompressedSize64), func(shape []int) error {
		if fits != nil {
			refused = fits(shape)
		}
		return refused
	})
	if refused != nil {
		return nil, refused
	}
	if err == nil {
		// The checksum is checked at the end of the entry.
		var end [1]byte
		if _, err = io.ReadFull(rc, end[:]); err == io.EOF {
			return t, nil
		} else if err == nil {
			err = errors.New("data after the array")
		}
	}
	return nil, fmt.Errorf("npz: entry %q: %w", f.Name, err)
}
