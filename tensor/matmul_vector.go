//go:build goexperiment.simd && amd64

package tensor

import (
	"math/bits"
	"simd/archsimd"
)

// This file is built only with GOEXPERIMENT=simd (Go's experimental
// simd/archsimd package): MatMul's products, the one that leaves out a's
// zeros and the dense one, on AVX-512 vectors of eight float64 sums, and
// the search for a row's non-zeros and for a non-finite b. Each term is a
// product rounded, then added, in the scalar loop's order (no fused
// multiply-add, which would round once), so the bits are MatMulNaive's.
// Without the experiment, or on a CPU without AVX-512, the scalar loops
// do all the work (matmul_novector.go).

// vectorKernel reports whether this CPU runs the AVX-512 code.
var vectorKernel = archsimd.X86.AVX512()

// skipColumnsVector computes the leading columns of a row's out,
// Σ_q vals[q]·b[offs[q]+j], that vector registers hold, and returns how
// many: passes of 56 columns, seven vectors of sums, while at least
// vectorPass (49) columns remain (the seventh may be part-filled: a row
// of fifty is one pass). The seven loads are addressed from one base, the
// seventh reading past the row of b rather than through a masked load,
// which is faster.
func skipColumnsVector(out, vals []float64, offs []int, b []float64, n int) int {
	if !vectorKernel {
		return 0
	}
	offs = offs[:len(vals)]
	j := 0
	for ; n-j >= vectorPass; j += 56 {
		cols := min(56, n-j)
		var a0, a1, a2, a3, a4, a5, a6 archsimd.Float64x8
		for q, x := range vals {
			v := archsimd.BroadcastFloat64x8(x)
			off := offs[q] + j
			var r *[56]float64
			if off+56 <= len(b) {
				r = (*[56]float64)(b[off : off+56])
			} else { // b's last row: its part-filled tail, copied
				var tail [56]float64
				copy(tail[:], b[off:off+cols])
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
	for ; n-j >= 8; j += 8 {
		var a archsimd.Float64x8
		for q, x := range vals {
			off := offs[q] + j
			a = a.Add(archsimd.BroadcastFloat64x8(x).Mul(archsimd.LoadFloat64x8((*[8]float64)(b[off : off+8]))))
		}
		a.Store((*[8]float64)(out[j : j+8]))
	}
	// Leave the vector registers' upper halves clear, or the scalar SSE
	// code after this runs several times slower.
	archsimd.ClearAVXUpperBits()
	return j
}

// nonzerosVector writes into buf the indices of the non-zero values among
// row's leading multiple of 16, sixteen at a time: two comparisons with
// zero (NaN compares unequal) make a mask, which picks the indices out of
// a vector of them. It returns how many it wrote and how far it read.
func nonzerosVector(buf []int32, row []float64) (n, p int) {
	if !vectorKernel {
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

// finiteVector is finite's sum of v − v over x's leading multiple of 32
// values, four vectors at a time; it returns the sum and how far it read.
func finiteVector(x []float64) (s float64, p int) {
	if !vectorKernel {
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

// denseRowsVector computes rows [i0, i1) of c = a·b with every term, as
// the dense kernel does: eight columns a vector, four rows at a time
// sharing each load of b's row (the last vector of a row part-filled).
// Each sum is a's row times b's column, multiplied and added term by term
// in increasing p, so the bits are MatMulNaive's, NaN and ±Inf included.
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
