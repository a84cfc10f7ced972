//go:build goexperiment.simd && amd64

package kernel

import "simd/archsimd"

// arithVector is Apply's loop of two whole operands on AVX-512 vectors
// (GOEXPERIMENT=simd): eight elements an instruction, each lane rounded
// as the scalar operation rounds it. It returns how many it did, a
// multiple of eight.
func arithVector(op Arith, dst, x, y []float64) int {
	if !Vector {
		return 0
	}
	n := len(dst)
	x, y = x[:n], y[:n]
	i := 0
	for ; i+8 <= n; i += 8 {
		a := archsimd.LoadFloat64x8((*[8]float64)(x[i : i+8]))
		b := archsimd.LoadFloat64x8((*[8]float64)(y[i : i+8]))
		arith8(op, a, b).Store((*[8]float64)(dst[i : i+8]))
	}
	archsimd.ClearAVXUpperBits() // or the scalar code after runs several times slower
	return i
}

// arithScalarVector is Apply's loop of a whole operand w and one value v
// on vectors: v op w[i] when first, else w[i] op v.
func arithScalarVector(op Arith, dst, w []float64, v float64, first bool) int {
	if !Vector {
		return 0
	}
	n := len(dst)
	w = w[:n]
	c := archsimd.BroadcastFloat64x8(v)
	i := 0
	for ; i+8 <= n; i += 8 {
		a := archsimd.LoadFloat64x8((*[8]float64)(w[i : i+8]))
		if first {
			arith8(op, c, a).Store((*[8]float64)(dst[i : i+8]))
		} else {
			arith8(op, a, c).Store((*[8]float64)(dst[i : i+8]))
		}
	}
	archsimd.ClearAVXUpperBits()
	return i
}

// arith8 is a op b on eight lanes.
func arith8(op Arith, a, b archsimd.Float64x8) archsimd.Float64x8 {
	switch op {
	case Add:
		return a.Add(b)
	case Sub:
		return a.Sub(b)
	case Mul:
		return a.Mul(b)
	}
	return a.Div(b)
}
