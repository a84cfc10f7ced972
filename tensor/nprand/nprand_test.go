package nprand

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// numpyStream reads testdata/numpy_stream.txt: for each "name seed" the
// values numpy printed.
func numpyStream(t *testing.T) map[string][]string {
	t.Helper()
	f, err := os.Open("testdata/numpy_stream.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines := map[string][]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		key, values, ok := strings.Cut(sc.Text(), ": ")
		if ok && !strings.HasPrefix(key, "#") {
			lines[key] = strings.Fields(values)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

func parseFloat(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestAgainstNumpy: every draw the book makes, for four seeds, is the one
// numpy made: raw 32-bit outputs, doubles, normal deviates, choice with and
// without replacement, a permutation.
func TestAgainstNumpy(t *testing.T) {
	want := numpyStream(t)
	for _, seed := range []uint32{0, 1, 2, math.MaxUint32} {
		check := func(name string, got []string) {
			t.Helper()
			w := want[fmt.Sprintf("%s %d", name, seed)]
			if len(w) == 0 || strings.Join(got, " ") != strings.Join(w, " ") {
				t.Errorf("%s, seed %d:\n got %v\nwant %v", name, seed, got, w)
			}
		}
		r := New(seed)
		var got []string
		for range 5 {
			got = append(got, strconv.FormatUint(uint64(r.Uint32()), 10))
		}
		check("uint32", got)
		r, got = New(seed), nil
		for range 5 {
			got = append(got, strconv.FormatFloat(r.Float64(), 'x', -1, 64))
		}
		check("random_sample", pyHex(got))
		r, got = New(seed), nil
		for range 7 { // an odd count: the last one's pair stays cached
			got = append(got, strconv.FormatFloat(r.NormFloat64(), 'x', -1, 64))
		}
		check("randn", pyHex(got))
		check("choice", ints(New(seed).Choice(60000, 100, true)))
		check("choice_noreplace", ints(New(seed).Choice(60000, 100, false)))
		check("permutation", ints(New(seed).Permutation(10)))
	}
}

// TestChoiceBeyondTheBook: np.random.choice over populations the book
// does not reach, past 2^16 and up to 2^32, numpy's largest drawn from
// 32-bit words, with replacement, and without past 2^16: numpy's draws.
func TestChoiceBeyondTheBook(t *testing.T) {
	want := numpyStream(t)
	for _, seed := range []uint32{0, 1} {
		for _, k := range []uint64{1<<16 + 1, 70000, 1<<31 + 7, 1 << 32} {
			if k > math.MaxInt {
				continue // a population a 32-bit int cannot count
			}
			key := fmt.Sprintf("choice_%d %d", k, seed)
			if got := ints(New(seed).Choice(int(k), 20, true)); !slices.Equal(got, want[key]) || len(got) != 20 {
				t.Errorf("%s: %v, numpy %v", key, got, want[key])
			}
		}
		key := fmt.Sprintf("choice_noreplace_70000 %d", seed)
		if got := ints(New(seed).Choice(70000, 20, false)); !slices.Equal(got, want[key]) || len(got) != 20 {
			t.Errorf("%s: %v, numpy %v", key, got, want[key])
		}
	}
}

// TestBookWeights: the book's initial W1 (784×50) and W2 (50×10),
// 0.01·randn, are numpy's bit for bit except where the C library's log
// rounds the other way from a correctly rounded one (the positions numpy
// recorded, 11 to 17 of 39700): there they differ by at most four units
// in the last place, and with numpy's values put in, the SHA-256 of all
// 39700 is numpy's.
func TestBookWeights(t *testing.T) {
	want := numpyStream(t)
	for _, seed := range []uint32{0, 1, 2} {
		line := want[fmt.Sprintf("weights %d", seed)]
		if len(line) == 0 {
			t.Fatalf("no weights for seed %d", seed)
		}
		r := New(seed)
		w := make([]float64, 784*50+50*10)
		for i := range w {
			w[i] = 0.01 * r.NormFloat64()
		}
		for _, d := range line[1:] {
			pos, hex, _ := strings.Cut(d, "=")
			i, err := strconv.Atoi(pos)
			if err != nil {
				t.Fatal(err)
			}
			np := parseFloat(t, hex)
			if u := math.Abs(w[i]-np) / ulp(np); u == 0 || u > 4 {
				t.Errorf("seed %d, weight %d: %v, numpy %v: %v ulps apart", seed, i, w[i], np, u)
			}
			w[i] = np
		}
		b := make([]byte, 0, 8*len(w))
		for _, v := range w {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
		if got := fmt.Sprintf("%x", sha256.Sum256(b)); got != line[0] {
			t.Errorf("seed %d: weights' SHA-256 %s, numpy %s", seed, got, line[0])
		}
	}
}

func ulp(v float64) float64 {
	v = math.Abs(v)
	return math.Nextafter(v, math.Inf(1)) - v
}

func ints(v []int) []string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return s
}

// pyHex writes Go's hexadecimal floats as Python's float.hex does: 13 hex
// digits of mantissa, exponent without leading zeros or a plus sign's
// absence.
func pyHex(gohex []string) []string {
	out := make([]string, len(gohex))
	for i, h := range gohex {
		v, _ := strconv.ParseFloat(h, 64)
		out[i] = pythonHex(v)
	}
	return out
}

// pythonHex formats v as Python's float.hex: [-]0x1.<13 hex digits>p<exp>.
func pythonHex(v float64) string {
	if v == 0 {
		return "0x0.0p+0"
	}
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	bits := math.Float64bits(v)
	exp := int(bits>>52) - 1023
	mant := bits & (1<<52 - 1)
	return fmt.Sprintf("%s0x1.%013xp%+d", sign, mant, exp)
}

// TestStateRoundTrip: a state saved part way, a normal deviate cached,
// continues the same stream as the original.
func TestStateRoundTrip(t *testing.T) {
	r := New(7)
	for range 1001 { // past one refill of the 624 words, and one deviate of a pair
		r.NormFloat64()
	}
	b, err := r.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var s RandomState
	if err := s.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	for i := range 2000 {
		if a, c := r.NormFloat64(), s.NormFloat64(); a != c {
			t.Fatalf("draw %d after the round trip: %v, original %v", i, c, a)
		}
	}
	// Each field on both sides of its range: the position 0 to 624 (624:
	// the words are used up), the cached-deviate flag 0 or 1, the length.
	set := func(pos uint32, flag byte) []byte {
		c := slices.Clone(b)
		binary.LittleEndian.PutUint32(c[4*n:], pos)
		c[4*n+4] = flag
		return c
	}
	for _, c := range []struct {
		name string
		b    []byte
		ok   bool
	}{
		{"position 0", set(0, 0), true}, {"position 624", set(624, 1), true}, {"position 625", set(625, 0), false},
		{"flag 2", set(3, 2), false}, {"a byte short", b[:len(b)-1], false}, {"a byte long", append(slices.Clone(b), 0), false},
		{"truncated", b[:100], false},
	} {
		if err := s.UnmarshalBinary(c.b); (err == nil) != c.ok {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	// Position 624 draws from freshly generated words: the stream numpy
	// continues with after 624 draws.
	r, fresh := New(3), New(3)
	for range 624 {
		fresh.Uint32()
	}
	st, _ := fresh.MarshalBinary()
	if binary.LittleEndian.Uint32(st[4*n:]) != 624 {
		t.Fatalf("after 624 draws the position is %d", binary.LittleEndian.Uint32(st[4*n:]))
	}
	for range 624 {
		r.Uint32()
	}
	s.UnmarshalBinary(st)
	if a, c := r.Uint32(), s.Uint32(); a != c {
		t.Errorf("the 625th draw after a restore at position 624: %d, want %d", c, a)
	}
}

// TestChoiceBounds: the ends of Choice's range. No draw at all is an empty
// batch; without replacement, a batch as large as the population is the
// whole Permutation; an empty population, a negative size, or more
// distinct draws than the population holds are refused.
func TestChoiceBounds(t *testing.T) {
	for _, replace := range []bool{true, false} {
		if got := New(3).Choice(5, 0, replace); len(got) != 0 {
			t.Errorf("Choice(5, 0, %v) = %v, want no draw", replace, got)
		}
	}
	all := New(3).Choice(7, 7, false)
	if want := New(3).Permutation(7); !slices.Equal(all, want) {
		t.Errorf("Choice(7, 7, false) = %v, want the permutation %v", all, want)
	}
	if s := slices.Sorted(slices.Values(all)); !slices.Equal(s, []int{0, 1, 2, 3, 4, 5, 6}) {
		t.Errorf("Choice(7, 7, false) = %v, not each of 0 … 6 once", all)
	}
	for _, c := range []struct {
		k, size int
		replace bool
	}{{0, 1, true}, {-1, 1, true}, {0, 0, false}, {5, -1, true}, {5, 6, false}} {
		func() {
			defer func() {
				if r := fmt.Sprint(recover()); r != "nprand: Choice: population and size out of range" {
					t.Errorf("Choice(%d, %d, %v): panic %q", c.k, c.size, c.replace, r)
				}
			}()
			New(3).Choice(c.k, c.size, c.replace)
		}()
	}
}
