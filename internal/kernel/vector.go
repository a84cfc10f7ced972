//go:build goexperiment.simd && amd64

package kernel

import (
	"math/bits"
	"simd/archsimd"
)

// This file is built only with GOEXPERIMENT=simd (Go's experimental
// simd/archsimd package, standard library but outside the Go 1 promise):
// the products' loops on AVX-512 vectors of eight float64 values. Each
// term is a product rounded, then added, in the scalar loop's order (no
// fused multiply-add, which would round once), so the bits are the scalar
// loops'. Without the experiment, or on a CPU without AVX-512, the scalar
// loops do all the work (vector_none.go).
//
// Each function ends by clearing the vector registers' upper halves: until
// then every scalar SSE instruction after it runs several times slower
// (docs/performance.md).

// Vector reports whether this CPU runs the AVX-512 code.
var Vector = archsimd.X86.AVX512()

// sumRowsVector computes the leading columns of SumRows' out that vector
// registers hold, and returns how many: passes of 56 columns, seven
// vectors of sums, while at least vectorPass (49) columns remain (the
// seventh may be part-filled: a row of fifty is one pass). The seven loads
// are addressed from one base, the seventh reading past w's row into the
// next rather than through a masked load, which is faster: those lanes
// are never stored.
func sumRowsVector[I uint16 | int32, C uint8 | int32](out, level []float64, codes []C, rows []I, w []float64, stride int) int {
	if !Vector {
		return 0
	}
	codes = codes[:len(rows)]
	n := len(out)
	j := 0
	for ; n-j >= vectorPass; j += 56 {
		cols := min(56, n-j)
		var a0, a1, a2, a3, a4, a5, a6 archsimd.Float64x8
		for q, k := range rows {
			v := archsimd.BroadcastFloat64x8(level[codes[q]])
			off := int(k)*stride + j
			var r *[56]float64
			if off+56 <= len(w) {
				r = (*[56]float64)(w[off : off+56])
			} else { // w's last row: its part-filled tail, copied
				var tail [56]float64
				copy(tail[:], w[off:off+cols])
				r = &tail
			}
			a0 = a0.Add(v.Mul(archsimd.LoadFloat64x8((*[8]float64)(r[0:8]))))
			a1 = a1.Add(v.Mul(archsimd.LoadFloat64x8((*[8]float64)(r[8:16]))))
			a2 = a2.Add(v.Mul(archsimd.LoadFloat64x8((*[8]float64)(r[16:24]))))
			a3 = a3.Add(v.Mul(archsimd.LoadFloat64x8((*[8]float64)(r[24:32]))))
			a4 = a4.Add(v.Mul(archsimd.LoadFloat64x8((*[8]float64)(r[32:40]))))
			a5 = a5.Add(v.Mul(archsimd.LoadFloat64x8((*[8]float64)(r[40:48]))))
			a6 = a6.Add(v.Mul(archsimd.LoadFloat64x8((*[8]float64)(r[48:56]))))
		}
		o := out[j : j+cols : j+cols]
		a0.Store((*[8]float64)(o[0:8]))
		a1.Store((*[8]float64)(o[8:16]))
		a2.Store((*[8]float64)(o[16:24]))
		a3.Store((*[8]float64)(o[24:32]))
		a4.Store((*[8]float64)(o[32:40]))
		a5.Store((*[8]float64)(o[40:48]))
		a6.StoreSlicePart(o[48:])
	}
	archsimd.ClearAVXUpperBits()
	return j
}

// denseRowsVector computes rows [i0, i1) of c = a·b with every term:
// eight columns a vector, four rows at a time sharing each load of b's
// row (the last vector of a row part-filled). Each sum is a's row times
// b's column, multiplied and added term by term in increasing p.
func denseRowsVector(c, a, b []float64, k, n, i0, i1 int) {
	for j := 0; j < n; j += 8 {
		cols := min(8, n-j)
		i := i0
		for ; i+4 <= i1; i += 4 {
			r0 := a[i*k : i*k+k]
			r1 := a[(i+1)*k : (i+1)*k+k][:len(r0)]
			r2 := a[(i+2)*k : (i+2)*k+k][:len(r0)]
			r3 := a[(i+3)*k : (i+3)*k+k][:len(r0)]
			var s0, s1, s2, s3 archsimd.Float64x8
			for p, x := range r0 {
				v := loadColumns(b, p*n+j, cols)
				s0 = s0.Add(archsimd.BroadcastFloat64x8(x).Mul(v))
				s1 = s1.Add(archsimd.BroadcastFloat64x8(r1[p]).Mul(v))
				s2 = s2.Add(archsimd.BroadcastFloat64x8(r2[p]).Mul(v))
				s3 = s3.Add(archsimd.BroadcastFloat64x8(r3[p]).Mul(v))
			}
			storeColumns(c[i*n+j:], s0, cols)
			storeColumns(c[(i+1)*n+j:], s1, cols)
			storeColumns(c[(i+2)*n+j:], s2, cols)
			storeColumns(c[(i+3)*n+j:], s3, cols)
		}
		for ; i < i1; i++ {
			var s archsimd.Float64x8
			for p, x := range a[i*k : i*k+k] {
				s = s.Add(archsimd.BroadcastFloat64x8(x).Mul(loadColumns(b, p*n+j, cols)))
			}
			storeColumns(c[i*n+j:], s, cols)
		}
	}
	archsimd.ClearAVXUpperBits()
}

// loadColumns loads b[off:off+cols] (cols from 1 to 8) into a vector's
// first lanes. The others read on into b's next row, values only ever
// multiplied and added into lanes that are never stored; past b's end,
// they are 0.
func loadColumns(b []float64, off, cols int) archsimd.Float64x8 {
	if off+8 <= len(b) {
		return archsimd.LoadFloat64x8((*[8]float64)(b[off : off+8]))
	}
	return archsimd.LoadFloat64x8SlicePart(b[off : off+cols])
}

// storeColumns stores the first cols (1 to 8) values of v into s.
func storeColumns(s []float64, v archsimd.Float64x8, cols int) {
	if cols == 8 {
		v.Store((*[8]float64)(s[:8]))
		return
	}
	v.StoreSlicePart(s[:cols])
}

// vecMatVector computes the leading columns of VecMat's out that it can
// in vector registers and returns how many: passes of 16 columns, two
// vectors of sums, while at least 9 columns remain (the second vector may
// be part-filled: a row of ten scores is one pass).
func vecMatVector(out, x []float64, stride, m int, w []float64) int {
	if !Vector {
		return 0
	}
	n := len(out)
	j := 0
	for ; n-j >= 9; j += 16 {
		cols := min(16, n-j)
		var a0, a1 archsimd.Float64x8
		var tail [16]float64
		for i := range m {
			v := archsimd.BroadcastFloat64x8(x[i*stride])
			r := row16(w, i*n+j, cols, &tail)
			a0 = a0.Add(v.Mul(archsimd.LoadFloat64x8((*[8]float64)(r[0:8]))))
			a1 = a1.Add(v.Mul(archsimd.LoadFloat64x8((*[8]float64)(r[8:16]))))
		}
		o := out[j : j+cols : j+cols]
		a0.Store((*[8]float64)(o[0:8]))
		a1.StoreSlicePart(o[8:])
	}
	archsimd.ClearAVXUpperBits()
	return j
}

// row16 returns the 16 values of w from off, reading past the end of a
// row of fewer into the next (lanes never stored), or, where w ends
// sooner, its n values from off copied into tail.
func row16(w []float64, off, n int, tail *[16]float64) *[16]float64 {
	if off+16 <= len(w) {
		return (*[16]float64)(w[off : off+16])
	}
	copy(tail[:], w[off:off+n])
	return tail
}

// vecMatVector2 is VecMat2 in vector registers when one pass of
// vecMatVector covers the rows (9 to 16 columns): the two rows' four
// vectors of sums advance side by side. It reports whether it did them.
func vecMatVector2(out0, out1, x0, x1, w []float64) bool {
	n, m := len(out0), len(x0)
	if !Vector || n < 9 || n > 16 || len(out1) != n || len(x1) != m {
		return false
	}
	x1 = x1[:m]
	var a0, a1, b0, b1 archsimd.Float64x8
	var tail [16]float64
	for i, xi := range x0 {
		r := row16(w, i*n, n, &tail)
		lo := archsimd.LoadFloat64x8((*[8]float64)(r[0:8]))
		hi := archsimd.LoadFloat64x8((*[8]float64)(r[8:16]))
		u, v := archsimd.BroadcastFloat64x8(xi), archsimd.BroadcastFloat64x8(x1[i])
		a0 = a0.Add(u.Mul(lo))
		a1 = a1.Add(u.Mul(hi))
		b0 = b0.Add(v.Mul(lo))
		b1 = b1.Add(v.Mul(hi))
	}
	a0.Store((*[8]float64)(out0[0:8]))
	a1.StoreSlicePart(out0[8:])
	b0.Store((*[8]float64)(out1[0:8]))
	b1.StoreSlicePart(out1[8:])
	archsimd.ClearAVXUpperBits()
	return true
}

// nonZerosVector writes into buf the indices of the non-zero values among
// row's leading multiple of 16, sixteen at a time: two comparisons with
// zero (NaN compares unequal) make a mask, which picks the indices out of
// a vector of them. It returns how many it wrote and how far it read.
func nonZerosVector(buf []int32, row []float64) (n, p int) {
	if !Vector {
		return 0, 0
	}
	var zero archsimd.Float64x8
	step := archsimd.BroadcastInt32x16(16)
	at := archsimd.LoadInt32x16(&[16]int32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	for ; p+16 <= len(row); p += 16 {
		lo := archsimd.LoadFloat64x8((*[8]float64)(row[p : p+8])).NotEqual(zero).ToBits()
		hi := archsimd.LoadFloat64x8((*[8]float64)(row[p+8 : p+16])).NotEqual(zero).ToBits()
		m := uint16(lo) | uint16(hi)<<8
		at.Compress(archsimd.Mask32x16FromBits(m)).Store((*[16]int32)(buf[n : n+16]))
		n += bits.OnesCount16(m)
		at = at.Add(step)
	}
	archsimd.ClearAVXUpperBits()
	return n, p
}

// finiteVector is Finite's sum of v − v over x's leading multiple of 32
// values, four vectors at a time; it returns the sum and how far it read.
func finiteVector(x []float64) (s float64, p int) {
	if !Vector {
		return 0, 0
	}
	var a0, a1, a2, a3 archsimd.Float64x8
	for ; p+32 <= len(x); p += 32 {
		v := (*[32]float64)(x[p:])
		b0 := archsimd.LoadFloat64x8((*[8]float64)(v[0:8]))
		b1 := archsimd.LoadFloat64x8((*[8]float64)(v[8:16]))
		b2 := archsimd.LoadFloat64x8((*[8]float64)(v[16:24]))
		b3 := archsimd.LoadFloat64x8((*[8]float64)(v[24:32]))
		a0 = a0.Add(b0.Sub(b0))
		a1 = a1.Add(b1.Sub(b1))
		a2 = a2.Add(b2.Sub(b2))
		a3 = a3.Add(b3.Sub(b3))
	}
	var sums [8]float64
	a0.Add(a1).Add(a2.Add(a3)).Store(&sums)
	archsimd.ClearAVXUpperBits()
	for _, v := range sums {
		s += v
	}
	return s, p
}

// transposeVector transposes the leading rows and columns of a that make
// whole blocks of 8×8, into out, and returns how many rows and columns
// that is (multiples of 8). A block is eight rows of a loaded into eight
// vectors; three rounds of two-vector permutations interleave them, pairs
// of single values, then of pairs, then of fours, into eight columns,
// each stored as a row of out.
func transposeVector(out, a []float64, m, n int) (mv, nv int) {
	if !Vector {
		return 0, 0
	}
	mv, nv = m&^7, n&^7
	index := func(v [8]uint64) archsimd.Uint64x8 { return archsimd.LoadUint64x8(&v) }
	even, odd := index([8]uint64{0, 8, 2, 10, 4, 12, 6, 14}), index([8]uint64{1, 9, 3, 11, 5, 13, 7, 15})
	evenPairs, oddPairs := index([8]uint64{0, 1, 8, 9, 4, 5, 12, 13}), index([8]uint64{2, 3, 10, 11, 6, 7, 14, 15})
	lowFours, highFours := index([8]uint64{0, 1, 2, 3, 8, 9, 10, 11}), index([8]uint64{4, 5, 6, 7, 12, 13, 14, 15})
	for i := 0; i < mv; i += 8 {
		for j := 0; j < nv; j += 8 {
			row := func(r int) archsimd.Float64x8 {
				return archsimd.LoadFloat64x8((*[8]float64)(a[(i+r)*n+j : (i+r)*n+j+8]))
			}
			r0, r1, r2, r3 := row(0), row(1), row(2), row(3)
			r4, r5, r6, r7 := row(4), row(5), row(6), row(7)
			// Columns 0 2 4 6 and 1 3 5 7 of rows 0 and 1, side by side; and so on.
			t0, t1 := r0.ConcatPermute(r1, even), r0.ConcatPermute(r1, odd)
			t2, t3 := r2.ConcatPermute(r3, even), r2.ConcatPermute(r3, odd)
			t4, t5 := r4.ConcatPermute(r5, even), r4.ConcatPermute(r5, odd)
			t6, t7 := r6.ConcatPermute(r7, even), r6.ConcatPermute(r7, odd)
			// Columns 0 and 4, 2 and 6, 1 and 5, 3 and 7 of rows 0 to 3; of rows 4 to 7.
			u0, u1 := t0.ConcatPermute(t2, evenPairs), t0.ConcatPermute(t2, oddPairs)
			u2, u3 := t1.ConcatPermute(t3, evenPairs), t1.ConcatPermute(t3, oddPairs)
			u4, u5 := t4.ConcatPermute(t6, evenPairs), t4.ConcatPermute(t6, oddPairs)
			u6, u7 := t5.ConcatPermute(t7, evenPairs), t5.ConcatPermute(t7, oddPairs)
			column := func(c int, v archsimd.Float64x8) {
				v.Store((*[8]float64)(out[(j+c)*m+i : (j+c)*m+i+8]))
			}
			column(0, u0.ConcatPermute(u4, lowFours))
			column(4, u0.ConcatPermute(u4, highFours))
			column(2, u1.ConcatPermute(u5, lowFours))
			column(6, u1.ConcatPermute(u5, highFours))
			column(1, u2.ConcatPermute(u6, lowFours))
			column(5, u2.ConcatPermute(u6, highFours))
			column(3, u3.ConcatPermute(u7, lowFours))
			column(7, u3.ConcatPermute(u7, highFours))
		}
	}
	archsimd.ClearAVXUpperBits()
	return mv, nv
}
