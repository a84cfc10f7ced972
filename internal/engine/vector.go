//go:build goexperiment.simd && amd64

package engine

import (
	"simd/archsimd"
)

// This file is built only with GOEXPERIMENT=simd (Go's experimental
// simd/archsimd package, standard library but outside the Go 1 promise):
// the sparse kernel, the hidden layer's sigmoid and the softmax's
// exponentials with AVX-512 vectors,
// eight float64 values in a register. Without the experiment, or on a CPU
// without AVX-512, the scalar loops do all the work (vector_none.go).
//
// Every operation is done in the same order as in the scalar code, each
// rounded alike: a sum is still a product rounded, then added, term by
// term in order (a fused multiply-add would round once and change the last
// bits). So the results are bit-identical; only eight values advance per
// instruction instead of one.

// vectorKernel reports whether this CPU runs the AVX-512 code.
var vectorKernel = archsimd.X86.AVX512()

// vectorColumns computes the leading columns of sparseRow's out that it
// can hold in vector registers and returns how many: passes of 56 columns,
// seven vectors of sums, while at least 49 columns remain (the seventh
// vector may be part-filled). The rest is left to the scalar loops. The
// seven loads are addressed from one base, the seventh reading past the
// row's end rather than through a masked load, which is faster.
func vectorColumns(out []float64, idx []uint16, code []uint8, level *[256]float64, w []float64, stride int) int {
	if !vectorKernel {
		return 0
	}
	code = code[:len(idx)]
	n := len(out)
	j := 0
	for ; n-j >= 49; j += 56 {
		cols := min(56, n-j)
		var a0, a1, a2, a3, a4, a5, a6 archsimd.Float64x8
		for q, k := range idx {
			v := archsimd.BroadcastFloat64x8(level[code[q]])
			off := int(k)*stride + j
			var r *[56]float64
			if off+56 <= len(w) {
				// The whole 56 from one base: the seventh vector may read
				// past the row into the next, lanes that are never stored.
				r = (*[56]float64)(w[off : off+56])
			} else {
				// The matrix's last row: copy its part-filled tail.
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
	// Leave the vector registers' upper halves clear: until then every
	// scalar SSE instruction after this kernel, the caller's exponentials
	// among them, runs several times slower (docs/performance.md).
	archsimd.ClearAVXUpperBits()
	return j
}

// vectorColumns32 stores Σ_q level[code[q]]·w[idx[q]][:] in out for a w
// whose rows are 64 float32 values, each 64-byte aligned, in float32: four
// vectors of sixteen sums, each step a fused multiply-add. It is the
// evaluation's approximate x·W1 (approx.go), where float32's roundings are
// bounded, not avoided.
func vectorColumns32(out *[64]float32, idx []uint16, code []uint8, level *[256]float32, w []float32) {
	code = code[:len(idx)]
	var a0, a1, a2, a3 archsimd.Float32x16
	for q, k := range idx {
		v := archsimd.BroadcastFloat32x16(level[code[q]])
		r := (*[64]float32)(w[int(k)*64:][:64])
		a0 = v.MulAdd(archsimd.LoadFloat32x16((*[16]float32)(r[0:16])), a0)
		a1 = v.MulAdd(archsimd.LoadFloat32x16((*[16]float32)(r[16:32])), a1)
		a2 = v.MulAdd(archsimd.LoadFloat32x16((*[16]float32)(r[32:48])), a2)
		a3 = v.MulAdd(archsimd.LoadFloat32x16((*[16]float32)(r[48:64])), a3)
	}
	a0.Store((*[16]float32)(out[0:16]))
	a1.Store((*[16]float32)(out[16:32]))
	a2.Store((*[16]float32)(out[32:48]))
	a3.Store((*[16]float32)(out[48:64]))
	archsimd.ClearAVXUpperBits() // or the scalar code after runs several times slower
}

// vecMatVector computes the leading columns of vecMat's out that it can
// in vector registers and returns how many: passes of 16 columns, two
// vectors of sums, while at least 9 columns remain (the second vector may
// be part-filled: a row of ten scores is one pass), each row of w read
// through row16.
func vecMatVector(out, x []float64, stride, m int, w []float64) int {
	if !vectorKernel {
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
	archsimd.ClearAVXUpperBits() // or the scalar code after runs several times slower
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

// vecMatVector2 is vecMat2 in vector registers when one pass of
// vecMatVector covers the rows (9 to 16 columns, as the ten scores): the
// two rows' four vectors of sums advance side by side. It reports whether
// it did the rows.
func vecMatVector2(out0, out1, x0, x1, w []float64) bool {
	n, m := len(out0), len(x0)
	if !vectorKernel || n < 9 || n > 16 || len(out1) != n || len(x1) != m {
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
	archsimd.ClearAVXUpperBits() // or the scalar code after runs several times slower
	return true
}
