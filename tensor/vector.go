//go:build goexperiment.simd && amd64

package tensor

import "simd/archsimd"

// This file is built only with GOEXPERIMENT=simd (Go's experimental
// simd/archsimd package, standard library but outside the Go 1 promise):
// the sparse kernel with AVX-512 vectors, eight float64 columns in a
// register. Without the experiment, or on a CPU without AVX-512, the
// scalar loops of sparseRow do all the work (vector_none.go).
//
// Each sum is still a product rounded, then added, term by term in order,
// exactly as the scalar loops and the naive product do (a fused
// multiply-add would round once and change the last bits), so the results
// are bit-identical: only eight columns advance per instruction instead of
// one.

// vectorKernel reports whether this CPU runs the AVX-512 kernel.
var vectorKernel = archsimd.X86.AVX512()

// vectorColumns computes the leading columns of sparseRow's out that it
// can hold in vector registers and returns how many: passes of 56 columns,
// seven vectors of sums, while at least 49 columns remain (the seventh
// vector may be part-filled). The rest is left to the scalar loops.
// (x·W1 of one MNIST batch: 99 → 34 µs. Addressing the seven loads from
// one base, with the seventh reading past the row's end rather than a
// masked load, took it from 38 to 34 µs.)
func vectorColumns(out []float64, idx []int32, val []float64, w []float64, n int) int {
	if !vectorKernel {
		return 0
	}
	val = val[:len(idx)]
	j := 0
	for ; n-j >= 49; j += 56 {
		cols := min(56, n-j)
		var a0, a1, a2, a3, a4, a5, a6 archsimd.Float64x8
		for q, k := range idx {
			v := archsimd.BroadcastFloat64x8(val[q])
			off := int(k)*n + j
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
	// among them, runs several times slower (measured: exp 4 → 18 ns; an
	// evaluation took 89–95 ms that way, 48 ms this way).
	archsimd.ClearAVXUpperBits()
	return j
}
