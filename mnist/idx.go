package mnist

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
)

// A FormatError reports that a file is not a valid MNIST IDX file, as
// opposed to an I/O error reading it. Callers can tell the two apart with
// errors.As.
type FormatError struct {
	File string // the file's name or path
	Msg  string // what is wrong
}

func (e *FormatError) Error() string { return "mnist: " + e.File + ": " + e.Msg }

// An IDX is a decoded IDX file of unsigned bytes, the format MNIST ships in:
// a big-endian header, then the elements in row-major order.
//
//	bytes 0–1  zero
//	byte  2    element type: 0x08 for unsigned bytes
//	byte  3    rank r
//	then       r dimensions, 4-byte big-endian each
//	then       the elements
//
// train-images-idx3-ubyte has rank 3, dimensions 60000, 28, 28 (magic
// 0x00000803); train-labels-idx1-ubyte has rank 1, dimension 60000.
type IDX struct {
	Name string // the name it was read under
	Dims []int
	Data []byte
}

const (
	typeUnsignedByte = 0x08
	maxRank          = 4
	// maxDeflateRatio bounds how much a deflate stream can expand (1032:1),
	// so that a header claiming billions of elements cannot make the reader
	// allocate more than the compressed input could possibly hold.
	maxDeflateRatio = 1032
)

// ReadIDX decodes an IDX file of size bytes from src, gzip-compressed (as
// MNIST is distributed) or plain; name is used in error messages. It checks
// the header, that the data is exactly as long as the dimensions say, and,
// for gzip, the stream's CRC. Whatever the header claims, it allocates no
// more than the size bytes could expand to.
func ReadIDX(name string, src io.Reader, size int) (*IDX, error) {
	ferr := func(format string, a ...any) error { return &FormatError{name, fmt.Sprintf(format, a...)} }
	br := bufio.NewReader(src)
	magic, err := br.Peek(4)
	if len(magic) == 0 && err == io.EOF {
		return nil, ferr("empty file")
	}
	var r io.Reader = br
	limit := size
	gzipped := len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b
	switch {
	case gzipped:
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, ferr("bad gzip header: %v", streamErr(err, true))
		}
		// One gzip stream, as MNIST's files are: what follows it is not
		// taken for the header of another.
		zr.Multistream(false)
		r, limit = zr, size*maxDeflateRatio
	case strings.HasSuffix(name, ".gz"):
		return nil, ferr("not gzip data (the name ends in .gz, the first bytes are % x)", magic)
	}
	var head [4]byte
	if err := readFull(r, head[:], gzipped); err != nil {
		return nil, ferr("header: %v", err)
	}
	if head[0] != 0 || head[1] != 0 {
		return nil, ferr("bad magic %#08x: not an IDX file (an IDX file starts with two zero bytes)", binary.BigEndian.Uint32(head[:]))
	}
	if head[2] != typeUnsignedByte {
		return nil, ferr("element type %#02x, want %#02x (unsigned byte)", head[2], typeUnsignedByte)
	}
	rank := int(head[3])
	if rank == 0 || rank > maxRank {
		return nil, ferr("rank %d, want 1 to %d", rank, maxRank)
	}
	dimBytes := make([]byte, 4*rank)
	if err := readFull(r, dimBytes, gzipped); err != nil {
		return nil, ferr("dimensions: %v", err)
	}
	dims := make([]int, rank)
	for i := range dims {
		dims[i] = int(binary.BigEndian.Uint32(dimBytes[4*i:]))
	}
	n := 1
	for _, d := range dims {
		if d != 0 && n > math.MaxInt32/d {
			return nil, ferr("dimensions %v: more than %d elements", dims, math.MaxInt32)
		}
		n *= d
	}
	data := make([]byte, 0, min(n, limit))
	for len(data) < n {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		m, err := r.Read(data[len(data):min(cap(data), n)])
		data = data[:len(data)+m]
		switch {
		case err == io.EOF && len(data) < n:
			return nil, ferr("truncated data: the header declares %d bytes of elements (dimensions %v), the file holds %d", n, dims, len(data))
		case err != nil && err != io.EOF:
			return nil, ferr("%v", streamErr(err, gzipped))
		}
	}
	// Read to the end: trailing bytes are an error, and gzip checks its CRC
	// only when the stream ends.
	var extra [1]byte
	if m, err := io.ReadFull(r, extra[:]); m > 0 {
		return nil, ferr("trailing bytes after the %d elements of dimensions %v", n, dims)
	} else if err != io.EOF {
		return nil, ferr("%v", streamErr(err, gzipped))
	}
	if _, err := br.ReadByte(); gzipped && err == nil {
		return nil, ferr("trailing bytes after the gzip stream")
	}
	return &IDX{Name: name, Dims: dims, Data: data}, nil
}

// readFull reads len(buf) bytes. Unlike io.ReadFull it keeps the reader's
// own errors apart: a clean end of the data is a file too short, while
// gzip's io.ErrUnexpectedEOF is a truncated stream.
func readFull(r io.Reader, buf []byte, gzipped bool) error {
	for n := 0; n < len(buf); {
		m, err := r.Read(buf[n:])
		n += m
		switch {
		case n == len(buf):
			return nil
		case err == io.EOF:
			return errors.New("file too short")
		case err != nil:
			return streamErr(err, gzipped)
		}
	}
	return nil
}

// streamErr turns a decompression error into a message a user can act on.
func streamErr(err error, gzipped bool) error {
	switch {
	case gzipped && errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("truncated gzip stream")
	case errors.Is(err, gzip.ErrChecksum):
		return errors.New("gzip checksum mismatch: the file is corrupt")
	}
	return err
}
