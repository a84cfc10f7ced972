//go:build goexperiment.simd && amd64

package tensor

import (
	"math/bits"
	"simd/archsimd"
)

// This file is built only with GOEXPERIMENT=simd (Go's experimental
// simd/archsimd package): MatMul's product that leaves out a's zeros, on
// AVX-512 vectors of eight float64 sums. Each term is a product rounded,
// then added, in the scalar loop's order (no fused multiply-add, which
// would round once), so the bits are MatMulNaive's. Without the
// experiment, or on a CPU without AVX-512, the scalar loops do all the
// work (matmul_novector.go).

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
