package tensor

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The .npy format is numpy's own file for one array (numpy's
// doc/neps/nep-0001-npy-format): the magic "\x93NUMPY", a version (1.0
// here), a little-endian uint16 header length, an ASCII Python dict literal
// padded with spaces to a multiple of 64 bytes and ended by '\n', then the
// data. For a (2, 3) float64 tensor the header is
//
//	{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }
//
// and the data is 6 little-endian float64s in row-major order (npz.go
// keeps several in one archive).

const npyMagic = "\x93NUMPY"

// WriteNPY writes t in .npy format, version 1.0, through a small buffer:
// a large tensor is not copied whole.
func WriteNPY(w io.Writer, t *Tensor) error {
	dims := make([]string, len(t.shape))
	for i, d := range t.shape {
		dims[i] = strconv.Itoa(d)
	}
	shape := strings.Join(dims, ", ")
	if len(dims) == 1 {
		shape += ","
	}
	header := fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': (%s), }", shape)
	// Pad so that magic (6) + version (2) + length (2) + header + '\n' is a
	// multiple of 64, which keeps the data aligned.
	pad := 63 - (10+len(header))%64
	header += strings.Repeat(" ", pad) + "\n"
	bw := bufio.NewWriterSize(w, 32<<10)
	bw.WriteString(npyMagic)
	bw.Write([]byte{1, 0})
	bw.Write(binary.LittleEndian.AppendUint16(nil, uint16(len(header))))
	bw.WriteString(header)
	var word [8]byte
	for _, v := range t.data {
		binary.LittleEndian.PutUint64(word[:], math.Float64bits(v))
		bw.Write(word[:])
	}
	return bw.Flush()
}

// ReadNPY decodes an .npy file of float64 or float32 values ('<f8', '>f8',
// '<f4', '>f4'; '|' and '=' are read as '<'), in C or Fortran order,
// versions 1.0 to 3.0: float32 values are widened to float64, and a
// Fortran-order array (what numpy writes for a transposed matrix,
// np.save(f, W.T)) is stored in row-major order. Anything else is an
// error saying what was found, never a panic; the data must be exactly as
// long as the shape says.
func ReadNPY(b []byte) (*Tensor, error) {
	return readNPY(bytes.NewReader(b), int64(len(b)), nil)
}

// maxNPYHeader bounds an .npy header's length, as np.load does (its
// max_header_size): a header is a short dict, and a longer one is not read.
const maxNPYHeader = 10000

// readNPY is ReadNPY from r, which holds exactly n bytes. The header is
// read first and its shape given to fits, which may refuse it: only then
// is the tensor allocated and its data read, so that what is read is
// bounded by what the caller accepts.
func readNPY(r io.Reader, n int64, fits func(shape []int) error) (*Tensor, error) {
	var pre [12]byte
	if n < 10 {
		return nil, errors.New("npy: not an .npy file (bad magic)")
	}
	if _, err := io.ReadFull(r, pre[:10]); err != nil {
		return nil, fmt.Errorf("npy: %w", err)
	}
	if string(pre[:6]) != npyMagic {
		return nil, errors.New("npy: not an .npy file (bad magic)")
	}
	var hlen, off int64
	switch pre[6] {
	case 1:
		hlen, off = int64(binary.LittleEndian.Uint16(pre[8:10])), 10
	case 2, 3:
		if n < 12 {
			return nil, errors.New("npy: header truncated")
		}
		if _, err := io.ReadFull(r, pre[10:12]); err != nil {
			return nil, fmt.Errorf("npy: %w", err)
		}
		hlen, off = int64(binary.LittleEndian.Uint32(pre[8:12])), 12
	default:
		return nil, fmt.Errorf("npy: format version %d.%d not supported", pre[6], pre[7])
	}
	if hlen > n-off {
		return nil, fmt.Errorf("npy: header of %d bytes, file has %d", hlen, n-off)
	}
	if hlen > maxNPYHeader {
		return nil, fmt.Errorf("npy: header of %d bytes, more than the %d numpy reads", hlen, maxNPYHeader)
	}
	hb := make([]byte, hlen)
	if _, err := io.ReadFull(r, hb); err != nil {
		return nil, fmt.Errorf("npy: %w", err)
	}
	descr, fortran, shape, err := parseNPYHeader(string(hb))
	if err != nil {
		return nil, err
	}
	var order binary.ByteOrder = binary.LittleEndian
	var size int64
	switch descr {
	case "<f8", "|f8", "=f8", ">f8":
		size = 8
	case "<f4", "|f4", "=f4", ">f4":
		size = 4
	default:
		return nil, fmt.Errorf("npy: dtype %q not supported, want float64 ('<f8', '>f8') or float32 ('<f4', '>f4')", descr)
	}
	if descr[0] == '>' {
		order = binary.BigEndian
	}
	// The caller's bound on the shape first: a shape it refuses is refused
	// whatever the data behind it.
	if fits != nil {
		if err := fits(shape); err != nil {
			return nil, err
		}
	}
	avail := n - off - hlen
	count := int64(1)
	if !slices.Contains(shape, 0) {
		for _, d := range shape {
			if count > avail/size/int64(d) {
				return nil, fmt.Errorf("npy: shape %v needs more than the %d data bytes", shape, avail)
			}
			count *= int64(d)
		}
	} else {
		count = 0
	}
	if size*count != avail {
		return nil, fmt.Errorf("npy: shape %v needs %d data bytes, file has %d", shape, size*count, avail)
	}
	t := Zeros(shape...)
	// The data, a block at a time: value i of the file is at raw[size*i:].
	var block [32 << 10]byte
	value := func(raw []byte, i int) float64 {
		if size == 4 {
			return float64(math.Float32frombits(order.Uint32(raw[4*i:])))
		}
		return math.Float64frombits(order.Uint64(raw[8*i:]))
	}
	// place is where the file's i-th value goes: itself in C order; in
	// Fortran order, the element whose first index varies fastest.
	place := func(i int) int { return i }
	if fortran && len(shape) >= 2 {
		strides := make([]int, len(shape)) // row-major strides
		st := 1
		for k := len(shape) - 1; k >= 0; k-- {
			strides[k] = st
			st *= shape[k]
		}
		idx := make([]int, len(shape))
		place = func(int) int {
			off := 0
			for k, x := range idx {
				off += x * strides[k]
			}
			for k := range idx {
				if idx[k]++; idx[k] < shape[k] {
					break
				}
				idx[k] = 0
			}
			return off
		}
	}
	perBlock := len(block) / int(size)
	for i := 0; i < int(count); i += perBlock {
		m := min(perBlock, int(count)-i)
		raw := block[:m*int(size)]
		if _, err := io.ReadFull(r, raw); err != nil {
			return nil, fmt.Errorf("npy: data: %w", err)
		}
		for j := range m {
			t.data[place(i+j)] = value(raw, j)
		}
	}
	return t, nil
}

// parseNPYHeader reads the three keys of the header's dict literal.
func parseNPYHeader(h string) (descr string, fortran bool, shape []int, err error) {
	bad := func(what string) error { return fmt.Errorf("npy: bad header %q: %s", h, what) }
	s := strings.TrimSpace(h)
	if !strings.HasPrefix(s, "{") || !strings.HasSuffix(s, "}") {
		return "", false, nil, bad("not a dict")
	}
	s = s[1 : len(s)-1]
	seen := map[string]bool{}
	for {
		s = strings.TrimLeft(s, " ,")
		if s == "" {
			break
		}
		key, rest, ok := cutQuoted(s)
		if !ok {
			return "", false, nil, bad("key")
		}
		rest = strings.TrimLeft(rest, " ")
		if !strings.HasPrefix(rest, ":") {
			return "", false, nil, bad("missing ':'")
		}
		rest = strings.TrimLeft(rest[1:], " ")
		switch key {
		case "descr":
			descr, rest, ok = cutQuoted(rest)
		case "fortran_order":
			switch {
			case strings.HasPrefix(rest, "True"):
				fortran, rest = true, rest[4:]
			case strings.HasPrefix(rest, "False"):
				fortran, rest = false, rest[5:]
			default:
				ok = false
			}
		case "shape":
			shape, rest, ok = cutTuple(rest)
		default:
			return "", false, nil, bad("unknown key " + key)
		}
		if !ok {
			return "", false, nil, bad("value of " + key)
		}
		seen[key] = true
		s = rest
	}
	if !seen["descr"] || !seen["fortran_order"] || !seen["shape"] {
		return "", false, nil, bad("missing key")
	}
	return descr, fortran, shape, nil
}

// cutQuoted splits a leading Python string literal off s.
func cutQuoted(s string) (string, string, bool) {
	if len(s) < 2 || (s[0] != '\'' && s[0] != '"') {
		return "", s, false
	}
	end := strings.IndexByte(s[1:], s[0])
	if end < 0 {
		return "", s, false
	}
	return s[1 : 1+end], s[2+end:], true
}

// cutTuple splits a leading tuple of non-negative integers off s.
func cutTuple(s string) ([]int, string, bool) {
	end := strings.IndexByte(s, ')')
	if !strings.HasPrefix(s, "(") || end < 0 {
		return nil, s, false
	}
	shape := []int{}
	for _, f := range strings.Split(s[1:end], ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		d, err := strconv.Atoi(f)
		if err != nil || d < 0 || d > math.MaxInt32 {
			return nil, s, false
		}
		shape = append(shape, d)
	}
	return shape, s[end+1:], true
}
