//go:build goexperiment.simd && amd64

package kernel

import "simd/archsimd"

// Exp in AVX-512 vectors (GOEXPERIMENT=simd), as vector.go's loops are:
// each step rounded as Exp's scalar code rounds it, so the bits are Exp's.

// expShiftedVector sets y[k] = Exp(a[k] − m) for the leading elements it
// can, eight at a time (the last group may be short), and returns how
// many: Exp8's steps are Exp's, so the bits are the same. It stops at a
// group with an element outside Exp's fast range, or NaN, and leaves that
// group and the rest to Exp.
func expShiftedVector(y, a []float64, m float64) int {
	if !Vector {
		return 0
	}
	y = y[:len(a)]
	mv := archsimd.BroadcastFloat64x8(m)
	lo, hi := archsimd.BroadcastFloat64x8(-700), archsimd.BroadcastFloat64x8(700)
	k := 0
	for ; k+8 <= len(a); k += 8 {
		x := archsimd.LoadFloat64x8((*[8]float64)(a[k : k+8])).Sub(mv)
		if x.Greater(lo).And(x.Less(hi)).ToBits() != 0xff {
			archsimd.ClearAVXUpperBits()
			return k
		}
		Exp8(x).Store((*[8]float64)(y[k : k+8]))
	}
	if k < len(a) { // a short group, its lanes alone
		x := archsimd.LoadFloat64x8SlicePart(a[k:]).Sub(mv)
		lanes := uint8(0xff) >> (8 - (len(a) - k))
		if x.Greater(lo).And(x.Less(hi)).ToBits()&lanes == lanes {
			Exp8(x).StoreSlicePart(y[k:])
			k = len(a)
		}
	}
	archsimd.ClearAVXUpperBits() // or the scalar code after runs several times slower
	return k
}

// Exp8 is Exp on eight elements, each within its fast range |x| < 700
// (the sigmoid's clipped inputs are): the same steps, in vector registers.
// The table look-up picks 2^(j/64) from 64 entries held in eight vectors:
// a permutation of each pair of vectors gives the entry for j mod 16 from
// each quarter of the table, and bits 4 and 5 of j choose among them.
func Exp8(x archsimd.Float64x8) archsimd.Float64x8 {
	const (
		shift  = 0x1.8p52
		ln2Hi  = 0x1.62e42fef00000p-7
		ln2Lo  = 0x1.473de6af278edp-40
		c2, c3 = 1.0 / 2, 1.0 / 6
		c4, c5 = 1.0 / 24, 1.0 / 120
	)
	b := archsimd.BroadcastFloat64x8
	sh := b(shift)
	t := x.Mul(b(InvL)).Add(sh)
	k := t.AsInt64x8().Sub(sh.AsInt64x8())
	kf := t.Sub(sh)
	r := x.Sub(kf.Mul(b(ln2Hi))).Sub(kf.Mul(b(ln2Lo)))
	p := r.Add(r.Mul(r).Mul(b(c2).Add(r.Mul(b(c3).Add(r.Mul(b(c4).Add(r.Mul(b(c5)))))))))

	tab := &Exp2Table
	q := func(i int) archsimd.Float64x8 { return archsimd.LoadFloat64x8((*[8]float64)(tab[i : i+8])) }
	j := k.AsUint64x8()
	zero := archsimd.BroadcastUint64x8(0)
	bit4 := j.And(archsimd.BroadcastUint64x8(16)).NotEqual(zero)
	bit5 := j.And(archsimd.BroadcastUint64x8(32)).NotEqual(zero)
	quarter0 := q(0).ConcatPermute(q(8), j)
	quarter1 := q(16).ConcatPermute(q(24), j)
	quarter2 := q(32).ConcatPermute(q(40), j)
	quarter3 := q(48).ConcatPermute(q(56), j)
	tj := quarter3.Merge(quarter2, bit4).Merge(quarter1.Merge(quarter0, bit4), bit5)

	scale := k.ShiftAllRight(6).Add(archsimd.BroadcastInt64x8(1023)).ShiftAllLeft(52).AsFloat64x8()
	return scale.Mul(tj.Add(tj.Mul(p)))
}
