// Package mnist serves the MNIST handwritten digits: 60000 training and
// 10000 test images of 28×28 grey pixels, each labelled 0–9.
//
// The genuine data set ships inside the package (go:embed, 11.6 MB of gzip),
// so Load works offline, from any directory, in an installed binary too; its
// SHA-256 sums are checked on every load. LoadDir reads the same four IDX
// files from a directory instead, for Fashion-MNIST, KMNIST or a local copy.
//
// A Set keeps its 47 MB of pixels as raw bytes and makes float64 tensors on
// demand: Tensors for the book's load_mnist API, Chunk for an evaluation
// that walks the set a piece at a time without a 376 MB float64 copy of
// it. NonZero lists each image's non-zero pixels, from which the training
// engine builds sparse batches.
//
// Reading a photo of a digit (digit.go) gives the same pixels on every
// machine: each product added to something is written float64(x*y) + z,
// which Go must not fuse into one rounding (package tensor's doc says why).
package mnist

import (
	"crypto/sha256"
	_ "embed"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"dlfs/internal/regular"
)

// The image geometry and the number of classes.
const (
	Rows    = 28
	Cols    = 28
	Pixels  = Rows * Cols // 784, the length of a flattened image
	Classes = 10
)

// The base names of the four IDX files, shared by MNIST, Fashion-MNIST and
// KMNIST. Files may be gzip-compressed (name + ".gz") or plain.
const (
	TrainImages = "train-images-idx3-ubyte"
	TrainLabels = "train-labels-idx1-ubyte"
	TestImages  = "t10k-images-idx3-ubyte"
	TestLabels  = "t10k-labels-idx1-ubyte"
)

// embedded holds the four gzip files. Strings, not an embed.FS, so that
// reading them copies nothing: the bytes stay in the binary's read-only data.
var embedded = map[string]string{
	TrainImages + ".gz": trainImagesGz,
	TrainLabels + ".gz": trainLabelsGz,
	TestImages + ".gz":  testImagesGz,
	TestLabels + ".gz":  testLabelsGz,
}

var (
	//go:embed data/train-images-idx3-ubyte.gz
	trainImagesGz string
	//go:embed data/train-labels-idx1-ubyte.gz
	trainLabelsGz string
	//go:embed data/t10k-images-idx3-ubyte.gz
	testImagesGz string
	//go:embed data/t10k-labels-idx1-ubyte.gz
	testLabelsGz string
)

// embeddedSHA256 are the sums of the embedded files, the four files of
// MNIST's site as the project downloaded them: a file changed since is
// refused.
var embeddedSHA256 = map[string]string{
	TrainImages + ".gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
	TrainLabels + ".gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
	TestImages + ".gz":  "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
	TestLabels + ".gz":  "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}

// A Dataset is the training and test halves of MNIST.
type Dataset struct {
	Train, Test *Set

	sumOnce sync.Once
	sum     string
}

// SHA256 returns the hex SHA-256 of the data set's contents: for the
// training set then the test set, the number of images as 8 big-endian
// bytes, the pixels, the labels. It is a sum of what was read, not of the
// files, so that one data set compressed or not has one sum; a checkpoint
// keeps it to tell that a run continues on the data it began on.
func (d *Dataset) SHA256() string {
	d.sumOnce.Do(func() {
		h := sha256.New()
		for _, s := range []*Set{d.Train, d.Test} {
			h.Write(binary.BigEndian.AppendUint64(nil, uint64(s.Len())))
			h.Write(s.images)
			h.Write(s.labels)
		}
		d.sum = hex.EncodeToString(h.Sum(nil))
	})
	return d.sum
}

// A Set is a list of images with their labels, kept as the file's bytes.
type Set struct {
	images []byte  // (Len, 784) pixels 0–255, row-major
	labels []uint8 // Len digits 0–9

	// The non-zero pixels of image i are nzCol[nzPtr[i]:nzPtr[i+1]], with
	// values nzPix[...]: built by the first call of NonZero.
	nzOnce sync.Once
	nzPtr  []int32
	nzCol  []uint16
	nzPix  []uint8
}

// Len returns the number of images.
func (s *Set) Len() int { return len(s.labels) }

// Image returns the 784 raw pixels (0–255, row by row) of image i, shared.
func (s *Set) Image(i int) []byte { return s.images[i*Pixels : (i+1)*Pixels] }

// Label returns the digit shown by image i.
func (s *Set) Label(i int) int { return int(s.labels[i]) }

// Head returns the Set of s's first n images (all, if s has fewer),
// sharing their bytes.
func (s *Set) Head(n int) *Set {
	n = min(max(n, 0), s.Len())
	return &Set{images: s.images[:n*Pixels], labels: s.labels[:n]}
}

// Load returns the embedded MNIST data set after checking each file's
// SHA-256 sum and format. Most of its time goes to decompressing 55 MB
// (BenchmarkLoad).
func Load() (*Dataset, error) {
	return load(func(base string) (*IDX, error) {
		name := base + ".gz"
		raw := embedded[name]
		if sum := sha256sum(raw); sum != embeddedSHA256[name] {
			return nil, &FormatError{"embedded " + name, fmt.Sprintf("SHA-256 %s, want %s: the embedded copy is corrupt", sum, embeddedSHA256[name])}
		}
		return ReadIDX("embedded "+name, strings.NewReader(raw), len(raw))
	})
}

// sha256sum returns the hex SHA-256 of s, hashing it through a small buffer
// rather than converting 10 MB of string to a byte slice.
func sha256sum(s string) string {
	h := sha256.New()
	var buf [32 << 10]byte
	for len(s) > 0 {
		n := copy(buf[:], s)
		h.Write(buf[:n])
		s = s[n:]
	}
	return hex.EncodeToString(h.Sum(nil))
}

// LoadDir reads the four IDX files from dir, each either gzip-compressed
// (train-images-idx3-ubyte.gz) or plain (train-images-idx3-ubyte). Their
// format is checked as strictly as the embedded copy's; their sums are not,
// so any data set in MNIST's layout loads.
func LoadDir(dir string) (*Dataset, error) {
	// A folder that is not there is one error, not four.
	if info, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("mnist: %w", err)
	} else if !info.IsDir() {
		return nil, fmt.Errorf("mnist: %s is not a folder of IDX files", dir)
	}
	return load(func(base string) (*IDX, error) {
		path := filepath.Join(dir, base+".gz")
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			if _, perr := os.Stat(filepath.Join(dir, base)); !errors.Is(perr, fs.ErrNotExist) {
				path = filepath.Join(dir, base)
			}
		}
		f, err := regular.Open(path)
		if err != nil {
			return nil, fmt.Errorf("mnist: %w", err)
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil {
			return nil, fmt.Errorf("mnist: %w", err)
		}
		return ReadIDX(path, f, int(info.Size()))
	})
}

// load reads and checks the four files, decoding them in parallel.
func load(read func(base string) (*IDX, error)) (*Dataset, error) {
	bases := [4]string{TrainImages, TrainLabels, TestImages, TestLabels}
	var (
		idx  [4]*IDX
		errs [4]error
		wg   sync.WaitGroup
	)
	for i, base := range bases {
		wg.Go(func() { idx[i], errs[i] = read(base) })
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	train, err := newSet(idx[0], idx[1])
	if err != nil {
		return nil, err
	}
	test, err := newSet(idx[2], idx[3])
	if err != nil {
		return nil, err
	}
	return &Dataset{Train: train, Test: test}, nil
}

// newSet checks that a pair of files are images and labels that belong
// together.
func newSet(img, lbl *IDX) (*Set, error) {
	imgName, lblName := img.Name, lbl.Name
	if len(img.Dims) != 3 {
		return nil, &FormatError{imgName, fmt.Sprintf("rank %d (dimensions %v), want 3 for images", len(img.Dims), img.Dims)}
	}
	if img.Dims[1] != Rows || img.Dims[2] != Cols {
		return nil, &FormatError{imgName, fmt.Sprintf("images are %d×%d, want %d×%d", img.Dims[1], img.Dims[2], Rows, Cols)}
	}
	if len(lbl.Dims) != 1 {
		return nil, &FormatError{lblName, fmt.Sprintf("rank %d (dimensions %v), want 1 for labels", len(lbl.Dims), lbl.Dims)}
	}
	if img.Dims[0] == 0 {
		// Nothing can be learned from, or measured on, no images.
		return nil, &FormatError{imgName, "no images (dimensions [0 28 28])"}
	}
	if img.Dims[0] != lbl.Dims[0] {
		return nil, &FormatError{lblName, fmt.Sprintf("%d labels for the %d images of %s", lbl.Dims[0], img.Dims[0], imgName)}
	}
	for i, l := range lbl.Data {
		if l >= Classes {
			return nil, &FormatError{lblName, fmt.Sprintf("label %d of item %d is outside 0–9", l, i)}
		}
	}
	return &Set{images: img.Data, labels: lbl.Data}, nil
}
