package tensor

import (
	"math"
	"sync"
)

// The tuned kernel behind MatMul, held bit for bit to MatMulNaive by
// matmul_test.go.

// transposeInto writes the transpose of the (k, n) matrix b into buf, grown
// if needed, and returns it.
func transposeInto(buf, b []float64, k, n int) []float64 {
	if cap(buf) < k*n {
		buf = make([]float64, k*n)
	}
	bt := buf[:k*n]
	for p := range k {
		for j, v := range b[p*n : p*n+n] {
			bt[j*k+p] = v
		}
	}
	return bt
}

// matmulRows computes rows [i0, i1) of c = a·b from a (m, k) and bt, the
// (n, k) transpose of b.
//
// With b transposed, every c[i][j] is a dot product of two contiguous rows.
// The kernel computes a 3×2 block of c at once: six running sums stay in
// registers, and each step loads five values for six multiply-adds, where
// the naive loop loads two for one and strides down a column of b. (Three
// rows by two columns is the largest block whose sums, operands and
// temporaries fit the 15 float registers Go uses on amd64; 4×2 spills.)
// Every c[i][j] is still summed over p in increasing order from 0, so the
// result is bit-identical to MatMulNaive.
func matmulRows(c, a, bt []float64, k, n, i0, i1 int) {
	i := i0
	for ; i+3 <= i1; i += 3 {
		a0 := a[i*k : i*k+k]
		a1 := a[(i+1)*k : (i+1)*k+k][:len(a0)]
		a2 := a[(i+2)*k : (i+2)*k+k][:len(a0)]
		j := 0
		for ; j+2 <= n; j += 2 {
			b0 := bt[j*k : j*k+k][:len(a0)]
			b1 := bt[(j+1)*k : (j+1)*k+k][:len(a0)]
			var s00, s01, s10, s11, s20, s21 float64
			for p, x0 := range a0 {
				y0, y1 := b0[p], b1[p]
				x1, x2 := a1[p], a2[p]
				s00 += float64(x0 * y0)
				s01 += float64(x0 * y1)
				s10 += float64(x1 * y0)
				s11 += float64(x1 * y1)
				s20 += float64(x2 * y0)
				s21 += float64(x2 * y1)
			}
			c[i*n+j], c[i*n+j+1] = s00, s01
			c[(i+1)*n+j], c[(i+1)*n+j+1] = s10, s11
			c[(i+2)*n+j], c[(i+2)*n+j+1] = s20, s21
		}
		for ; j < n; j++ {
			c[i*n+j] = dot(a0, bt[j*k:j*k+k])
			c[(i+1)*n+j] = dot(a1, bt[j*k:j*k+k])
			c[(i+2)*n+j] = dot(a2, bt[j*k:j*k+k])
		}
	}
	for ; i < i1; i++ {
		for j := range n {
			c[i*n+j] = dot(a[i*k:i*k+k], bt[j*k:j*k+k])
		}
	}
}

// dot returns Σ x[p]·y[p], summed in order from 0; len(y) ≥ len(x).
func dot(x, y []float64) float64 {
	y = y[:len(x)]
	s := 0.0
	for p, v := range x {
		s += float64(v * y[p])
	}
	return s
}

// matmulSkipRows computes rows [i0, i1) of c = a·b, a (m, k) and b (k, n)
// as they are, leaving out the terms of a's zero entries: row by row,
//
//	c[i][:] = Σ over the p with a[i][p] ≠ 0, in increasing p, of a[i][p]·b[p][:],
//
// six columns of c at a time in running sums. An MNIST image is four
// fifths zeros, so x·W1 and xᵀ·da1 do a fifth of the dense product's work.
//
// The bits are MatMulNaive's when every b[p][j] is finite (MatMul checks
// it): a term left out is 0·b[p][j] = ±0, and adding ±0 to a running sum
// leaves it as it is, since a sum that starts at +0 can never be −0
// (x + (−x) is +0). With an infinite or NaN b[p][j], 0·b[p][j] is NaN,
// which must not be left out. The others are added in the naive loop's
// order.
func matmulSkipRows(c, a, b []float64, k, n, i0, i1 int) {
	t := termsPool.Get().(*rowTerms)
	defer termsPool.Put(t)
	for i := i0; i < i1; i++ {
		vals, offs := t.of(a[i*k:i*k+k], n)
		out := c[i*n : i*n+n]
		j := skipColumnsVector(out, vals, offs, b, n)
		for ; j+6 <= n; j += 6 {
			o := (*[6]float64)(out[j:])
			o[0], o[1], o[2], o[3], o[4], o[5] = sixColumns(vals, offs, b[j:])
		}
		for ; j < n; j++ {
			s := 0.0
			for q, v := range vals {
				s += float64(v * b[offs[q]+j])
			}
			out[j] = s
		}
	}
}

// sixColumns returns Σ_q vals[q]·b[offs[q]+j] for j = 0…5. Six running
// sums, a multiplier and the six products fit the 15 float registers Go
// uses on amd64; with eight sums the compiler keeps some on the stack,
// and each step then waits for a store and a load.
func sixColumns(vals []float64, offs []int, b []float64) (s0, s1, s2, s3, s4, s5 float64) {
	offs = offs[:len(vals)]
	for q, v := range vals {
		r := (*[6]float64)(b[offs[q]:])
		s0 += float64(v * r[0])
		s1 += float64(v * r[1])
		s2 += float64(v * r[2])
		s3 += float64(v * r[3])
		s4 += float64(v * r[4])
		s5 += float64(v * r[5])
	}
	return
}

// rowTerms holds a row's terms for matmulSkipRows: its non-zero values
// and, for each, the offset of its row of b; kept from call to call in
// termsPool, as the cores call matmulSkipRows for a few rows at a time.
type rowTerms struct {
	idx  []int32
	vals []float64
	offs []int
}

var termsPool = sync.Pool{New: func() any { return new(rowTerms) }}

// of returns row's non-zero values in increasing position p, and p·n
// for each: where its row of an (len(row), n) matrix b starts.
func (t *rowTerms) of(row []float64, n int) (vals []float64, offs []int) {
	if len(t.vals) < len(row) {
		t.idx = make([]int32, len(row)+nonzerosSlack)
		t.vals, t.offs = make([]float64, len(row)), make([]int, len(row))
	}
	idx := nonzeros(t.idx, row)
	vals, offs = t.vals[:len(idx)], t.offs[:len(idx)]
	for q, p := range idx {
		vals[q] = row[p]
		offs[q] = int(p) * n
	}
	return vals, offs
}

// vectorPass is the fewest columns the vector kernel computes in one
// pass of seven vectors of sums, part-filled; on fewer, of a dense a, the
// vector build's dense kernel (four rows a load of b) is faster.
const vectorPass = 49

// nonzerosSlack is how far past a row's count of indices nonzeros may
// write: the vector code stores whole vectors of them.
const nonzerosSlack = 16

// nonzeros returns the indices p of row's non-zero values (NaN included),
// in increasing order, written into buf, whose length must be at least
// len(row)+nonzerosSlack. Every index is written and the count moves on
// only past a non-zero: a branch on each pixel would be mispredicted
// about as often as an image changes from paper to ink.
func nonzeros(buf []int32, row []float64) []int32 {
	n, p := nonzerosVector(buf, row)
	for ; p < len(row); p++ {
		buf[n] = int32(p)
		u := math.Float64bits(row[p]) << 1 // ±0 alike
		n += int((u | -u) >> 63)           // 1 unless u is 0
	}
	return buf[:n]
}

// mostlyZeros reports whether half or more of the (m, k) matrix a is
// zeros, judged on eight of its rows spread over it: where the product
// that skips them pays without vectors. Either product gives the same
// bits, so the guess decides only the time.
func mostlyZeros(a []float64, m, k int) bool {
	zeros, seen := 0, 0
	for r := range min(m, 8) {
		i := r * m / min(m, 8)
		for _, v := range a[i*k : i*k+k] {
			if v == 0 {
				zeros++
			}
		}
		seen += k
	}
	return 2*zeros >= seen
}

// finite reports whether every value of x is a finite number: v − v is 0
// for a finite v and NaN for an infinite or NaN one, and a NaN added to a
// sum stays. Four sums side by side, with no branch a value, check W1
// before each product in a fraction of the product's time.
func finite(x []float64) bool {
	s, p := finiteVector(x)
	var s0, s1, s2, s3 float64
	for ; p+4 <= len(x); p += 4 {
		v := (*[4]float64)(x[p:])
		s0 += v[0] - v[0]
		s1 += v[1] - v[1]
		s2 += v[2] - v[2]
		s3 += v[3] - v[3]
	}
	for _, v := range x[p:] {
		s += v - v
	}
	return s+s0+s1+s2+s3 == 0
}
