// Package nprand is numpy's legacy random stream, np.random as the book
// calls it: np.random.seed, randn and choice draw the same numbers here as
// in numpy, so that `go run . -book` starts from the book's weights and
// draws the book's batches.
//
// A RandomState is numpy's: the Mersenne Twister MT19937, seeded by
// init_genrand with the 32-bit seed; doubles from two 32-bit draws (53
// bits); normal deviates by the polar method, which makes them in pairs,
// returns the second of a pair first and keeps the other for the next call;
// integers below a bound by masked rejection. testdata/numpy_stream.py
// writes the values the tests compare with.
//
// The normal deviates call a logarithm, and numpy calls the C library's:
// glibc's log rounds 0.08% of its results differently from a correctly
// rounded one (and Go's math.Log 7%). This package's log is correctly
// rounded, so a few of the book's initial weights (11 to 17 of 39700 for
// seeds 0, 1, 2) differ from numpy's by a few units in the last place; see
// Log. The stream is the same bits on every machine: no product is fused
// with an addition (package tensor's doc says why), and the log's exact
// products are math.FMA's, which rounds once everywhere.
package nprand

import (
	"encoding/binary"
	"errors"
	"math"
)

// The parameters of MT19937.
const (
	n         = 624
	m         = 397
	matrixA   = 0x9908b0df
	upperMask = 0x80000000
	lowerMask = 0x7fffffff
)

// A RandomState is numpy's np.random.RandomState with the legacy methods
// the book uses. Its zero value is not seeded: make one with New.
type RandomState struct {
	mt       [n]uint32
	pos      int
	hasGauss bool
	gauss    float64
}

// New returns the state np.random.seed(seed) leaves: numpy's
// mt19937_seed, the init_genrand of MT19937's reference code.
func New(seed uint32) *RandomState {
	r := &RandomState{}
	r.mt[0] = seed
	for i := 1; i < n; i++ {
		prev := r.mt[i-1]
		r.mt[i] = 1812433253*(prev^(prev>>30)) + uint32(i)
	}
	r.pos = n
	return r
}

// Uint32 returns the next 32-bit output of MT19937.
func (r *RandomState) Uint32() uint32 {
	if r.pos >= n {
		r.generate()
	}
	y := r.mt[r.pos]
	r.pos++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// generate refills the state with the next 624 words.
func (r *RandomState) generate() {
	mag := [2]uint32{0, matrixA}
	for i := range n {
		y := r.mt[i]&upperMask | r.mt[(i+1)%n]&lowerMask
		r.mt[i] = r.mt[(i+m)%n] ^ y>>1 ^ mag[y&1]
	}
	r.pos = 0
}

// Float64 returns a double in [0, 1) from 53 random bits, numpy's
// random_sample: (a·2²⁶ + b) / 2⁵³ with a and b the top 27 and 26 bits of
// two draws.
func (r *RandomState) Float64() float64 {
	a, b := r.Uint32()>>5, r.Uint32()>>6
	return (float64(float64(a)*67108864.0) + float64(b)) / 9007199254740992.0
}

// NormFloat64 returns a standard normal deviate, numpy's legacy_gauss
// (np.random.randn, one value): the polar method. It draws x1, x2 uniform
// in (−1, 1) until r² = x1² + x2² is in (0, 1), and with
// f = √(−2 ln r² / r²) returns f·x2, keeping f·x1 for the next call.
func (r *RandomState) NormFloat64() float64 {
	if r.hasGauss {
		r.hasGauss = false
		g := r.gauss
		r.gauss = 0
		return g
	}
	var x1, x2, r2 float64
	for {
		x1 = 2*r.Float64() - 1
		x2 = 2*r.Float64() - 1
		r2 = float64(x1*x1) + float64(x2*x2)
		if r2 < 1 && r2 != 0 {
			break
		}
	}
	f := math.Sqrt(-2 * Log(r2) / r2)
	r.gauss, r.hasGauss = f*x1, true
	return f * x2
}

// interval returns an integer uniform in [0, max], numpy's legacy masked
// rejection (random_interval): 32-bit draws masked to the smallest
// 2^k − 1 ≥ max until one is at most max. max must fit in 32 bits.
func (r *RandomState) interval(max uint32) uint32 {
	if max == 0 {
		return 0
	}
	mask := max
	mask |= mask >> 1
	mask |= mask >> 2
	mask |= mask >> 4
	mask |= mask >> 8
	mask |= mask >> 16
	for {
		if v := r.Uint32() & mask; v <= max {
			return v
		}
	}
}

// Choice returns size integers from [0, k), np.random.choice(k, size,
// replace): with replacement each is drawn on its own (legacy randint,
// from 32-bit words for any k up to 2^32, as numpy does); without, they
// are the first size of Permutation(k).
func (r *RandomState) Choice(k, size int, replace bool) []int {
	if k <= 0 || uint64(k) > 1<<32 || size < 0 || (!replace && size > k) {
		panic("nprand: Choice: population and size out of range")
	}
	if !replace {
		return r.Permutation(k)[:size]
	}
	out := make([]int, size)
	for i := range out {
		out[i] = int(r.interval(uint32(k - 1)))
	}
	return out
}

// Permutation returns a random ordering of 0 … k−1,
// np.random.permutation(k): Fisher–Yates from the end, each swap partner
// j ≤ i drawn by interval(i).
func (r *RandomState) Permutation(k int) []int {
	p := make([]int, k)
	for i := range p {
		p[i] = i
	}
	for i := k - 1; i > 0; i-- {
		j := int(r.interval(uint32(i)))
		p[i], p[j] = p[j], p[i]
	}
	return p
}

// MarshalBinary returns the state: the 624 words, the position in them and
// the cached normal deviate, so that a saved run can continue its stream.
func (r *RandomState) MarshalBinary() ([]byte, error) {
	var b []byte
	for _, w := range r.mt {
		b = binary.LittleEndian.AppendUint32(b, w)
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(r.pos))
	if r.hasGauss {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(r.gauss)), nil
}

// UnmarshalBinary restores a state MarshalBinary returned.
func (r *RandomState) UnmarshalBinary(b []byte) error {
	if len(b) != 4*n+4+1+8 || binary.LittleEndian.Uint32(b[4*n:]) > n || b[4*n+4] > 1 {
		return errors.New("nprand: not a RandomState's state")
	}
	for i := range r.mt {
		r.mt[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	r.pos = int(binary.LittleEndian.Uint32(b[4*n:]))
	r.hasGauss = b[4*n+4] == 1
	r.gauss = math.Float64frombits(binary.LittleEndian.Uint64(b[4*n+5:]))
	return nil
}
