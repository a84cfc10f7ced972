package kernel

import (
	"sync"

	"dlfs/internal/parallel"
)

// MatMul stores in c (m, n) the product of a (m, k) and b (k, n), all
// row-major: c[i][j] = Σ_p a[i][p]·b[p][j], each sum taken over p in
// increasing order from +0, a product rounded and then added, as
// MatMulNaive's textbook loop takes it. So the bits are MatMulNaive's,
// NaN, ±Inf and −0 included, on any number of cores.
//
// Three loops compute it, chosen for speed alone:
//
//   - When b is all finite and a mostly zeros (an MNIST image is four
//     fifths zeros), or in the vector build on 49 columns or more, each row
//     of c adds up only the rows of b that a's non-zeros select (SumRows).
//     A term left out is 0·b[p][j] = ±0, and adding ±0 to a sum changes
//     nothing: a sum that starts at +0 is never −0, since x + (−x) is +0.
//     With a non-finite b[p][j], 0·b[p][j] is NaN and must not be left out.
//   - In the vector build, eight columns a vector and four rows of a
//     sharing each load of b (denseRowsVector).
//   - Otherwise b is transposed once, and a 3×2 block of c is summed at a
//     time from two contiguous rows (denseRows).
//
// The cores share c's rows.
func MatMul(c, a, b []float64, m, k, n int) {
	c = c[:m*n]
	if Finite(b[:k*n]) && (Vector && n >= vectorPass || mostlyZeros(a, m, k)) {
		parallel.For(m, 1, m*k*n/4, parallel.Func(func(i0, i1 int) { skipRows(c, a, b, k, n, i0, i1) }))
		return
	}
	if Vector && n >= 8 {
		parallel.For(m, 4, m*k*n, parallel.Func(func(i0, i1 int) { denseRowsVector(c, a, b, k, n, i0, i1) }))
		return
	}
	buf := packPool.Get().(*[]float64)
	bt := transposeInto(*buf, b, k, n)
	// Ranges of rows start at multiples of 3, so that the register-blocked
	// loop sees whole blocks.
	parallel.For(m, 3, m*k*n, parallel.Func(func(i0, i1 int) { denseRows(c, a, bt, k, n, i0, i1) }))
	*buf = bt
	packPool.Put(buf)
}

// MatMulNaive is MatMul's reference: the textbook triple loop, whose
// innermost loop walks a column of b, a stride of n floats, so nearly every
// load touches a new cache line.
func MatMulNaive(c, a, b []float64, m, k, n int) {
	for i := range m {
		for j := range n {
			s := 0.0
			for p := range k {
				s += float64(a[i*k+p] * b[p*n+j])
			}
			c[i*n+j] = s
		}
	}
}

// packPool holds the buffers MatMul packs bᵀ into, so that a loop calling
// it every step does not allocate them again.
var packPool = sync.Pool{New: func() any { return new([]float64) }}

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

// denseRows computes rows [i0, i1) of c = a·b from a (m, k) and bt, the
// (n, k) transpose of b.
//
// With b transposed, every c[i][j] is a dot product of two contiguous rows.
// The loop computes a 3×2 block of c at once: six running sums stay in
// registers, and each step loads five values for six multiply-adds, where
// the naive loop loads two for one and strides down a column of b. (Three
// rows by two columns is the largest block whose sums, operands and
// temporaries fit the 15 float registers Go uses on amd64; 4×2 spills.)
func denseRows(c, a, bt []float64, k, n, i0, i1 int) {
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

// skipRows computes rows [i0, i1) of c = a·b, leaving out the terms of a's
// zeros: row i of c is SumRows of the rows of b that row i of a's
// non-zeros select, each times its value, in increasing p.
func skipRows(c, a, b []float64, k, n, i0, i1 int) {
	buf := nonZerosPool.Get().(*[]int32)
	defer nonZerosPool.Put(buf)
	if len(*buf) < k+nonZerosSlack {
		*buf = make([]int32, k+nonZerosSlack)
	}
	for i := i0; i < i1; i++ {
		row := a[i*k : i*k+k]
		idx := nonZeros(*buf, row)
		SumRows(c[i*n:i*n+n], row, idx, idx, b, n)
	}
}

// nonZerosPool holds the buffers of a row's non-zeros for skipRows, kept
// from call to call, as the cores call it for a few rows at a time.
var nonZerosPool = sync.Pool{New: func() any { return new([]int32) }}

// vectorPass is the fewest columns the vector loop of SumRows computes in
// one pass of seven vectors of sums, part-filled; on fewer, of a dense a,
// the vector build's dense loop (four rows a load of b) is faster.
const vectorPass = 49

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
