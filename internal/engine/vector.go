//go:build goexperiment.simd && amd64

package engine

import (
	"simd/archsimd"
)

// This file is built only with GOEXPERIMENT=simd (Go's experimental
// simd/archsimd package, standard library but outside the Go 1 promise):
// the evaluation's float32 product, and with vector_activation.go the
// backward pass, the hidden layer's sigmoid and the softmax's
// exponentials, with AVX-512 vectors, eight float64 values in a register.
// The products' vector loops are internal/kernel's. Without the experiment, or on a CPU
// without AVX-512, the scalar loops do all the work (vector_none.go).
//
// Every operation is done in the same order as in the scalar code, each
// rounded alike: a sum is still a product rounded, then added, term by
// term in order (a fused multiply-add would round once and change the last
// bits). So the results are bit-identical; only eight values advance per
// instruction instead of one.

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
