//go:build goexperiment.simd && amd64

package engine

import (
	"simd/archsimd"

	"dlfs/internal/kernel"
	"dlfs/network"
)

// The sigmoid, the backward pass and the numerical gradient's losses
// in AVX-512 vectors, with GOEXPERIMENT=simd: each rounding in the scalar
// code's order, as vector.go explains.

// backwardVector is backwardRow in vector registers, eight hidden units a
// lane group, for a hidden layer of at most w2tStride units: dz1 = dy·W2ᵀ
// summed over the classes in order, from transposeW2's W2ᵀ (w2t), then
// da1 = (1 − z1)·z1·dz1 rounded in backwardRow's order. It reports whether
// it did the row.
func backwardVector(da1, dy, z1, w2t []float64) bool {
	h := len(z1)
	if !kernel.Vector || h > w2tStride || len(da1) != h || len(w2t) != w2tStride*len(dy) {
		return false
	}
	var a0, a1, a2, a3, a4, a5, a6 archsimd.Float64x8
	for k, d := range dy {
		v := archsimd.BroadcastFloat64x8(d)
		r := (*[w2tStride]float64)(w2t[k*w2tStride : (k+1)*w2tStride])
		a0 = a0.Add(v.Mul(archsimd.LoadFloat64x8((*[8]float64)(r[0:8]))))
		a1 = a1.Add(v.Mul(archsimd.LoadFloat64x8((*[8]float64)(r[8:16]))))
		a2 = a2.Add(v.Mul(archsimd.LoadFloat64x8((*[8]float64)(r[16:24]))))
		a3 = a3.Add(v.Mul(archsimd.LoadFloat64x8((*[8]float64)(r[24:32]))))
		a4 = a4.Add(v.Mul(archsimd.LoadFloat64x8((*[8]float64)(r[32:40]))))
		a5 = a5.Add(v.Mul(archsimd.LoadFloat64x8((*[8]float64)(r[40:48]))))
		a6 = a6.Add(v.Mul(archsimd.LoadFloat64x8((*[8]float64)(r[48:56]))))
	}
	one := archsimd.BroadcastFloat64x8(1)
	for g, dz := range [7]archsimd.Float64x8{a0, a1, a2, a3, a4, a5, a6} {
		if 8*g >= h {
			break
		}
		z := archsimd.LoadFloat64x8SlicePart(z1[8*g:])
		one.Sub(z).Mul(z).Mul(dz).StoreSlicePart(da1[8*g:])
	}
	archsimd.ClearAVXUpperBits() // or the scalar code after runs several times slower
	return true
}

// sigmoidVector sets z[j] = sigmoidFast(a[j]) for the leading elements it
// can, eight at a time (the last group may be short), and returns how
// many: every operation of exp and of the sigmoid around it is done in the
// same order as in the scalar code, each rounded alike, so the bits are
// the same. It stops at a group holding a NaN, whose clipping the scalar
// code defines (vector min and max treat NaN otherwise), and leaves that
// group and the rest to sigmoidFast.
func sigmoidVector(z, a []float64) int {
	if !kernel.Vector {
		return 0
	}
	z = z[:len(a)]
	hi, lo := archsimd.BroadcastFloat64x8(sigmoidClip), archsimd.BroadcastFloat64x8(-sigmoidClip)
	one := archsimd.BroadcastFloat64x8(1)
	sign := archsimd.BroadcastInt64x8(-1 << 63)
	j := 0
	for ; j < len(a); j += 8 {
		x := archsimd.LoadFloat64x8SlicePart(a[j:]) // a short group's missing lanes are 0
		if x.IsNaN().ToBits() != 0 {
			break
		}
		x = lo.Max(hi.Min(x))
		e := kernel.Exp8(x.AsInt64x8().Xor(sign).AsFloat64x8()) // e^(−x): −x flips the sign bit
		one.Div(one.Add(e)).StoreSlicePart(z[j:])
	}
	archsimd.ClearAVXUpperBits() // or the scalar code after runs several times slower
	return min(j, len(a))
}

// lossesVector is numericalPass's lossAt for a group of lossGroup samples
// (rows, with pixel levels code) of the W1 column loop: plus[q] and
// minus[q] are the losses of sample q with a1[·][j] moved by ±h·level[code[q]].
// The eight losses advance side by side, one per vector lane, through the
// sigmoid, the scores, their maximum, the exponentials and their sum, each
// step rounded as lossAt and sampleLoss round it, so the bits are the
// same. It returns how many samples it did: all, or none when the group is
// short, the classes too many, or a value NaN or outside exp's fast range
// (lossAt then does them). scores is scratch space.
func (p *numericalPass) lossesVector(plus, minus []float64, rows []uint16, code []uint8, j int, scores *laneScores) int {
	c := p.net.W2.Dim(1)
	if !kernel.Vector || len(rows) != lossGroup || c > maxClasses {
		return 0
	}
	h := p.net.W1.Dim(1)
	a1, z1, a2, w2 := p.act.a1.Data(), p.act.z1.Data(), p.act.a2.Data(), p.net.W2.Data()
	var sample [8]int
	var av, zv [8]float64
	for q, r := range rows[:lossGroup] {
		s, v := int(r), p.x.level[code[q]]
		sample[q], sample[q+lossGroup] = s, s
		av[q], av[q+lossGroup] = a1[s*h+j]+float64(network.H*v), a1[s*h+j]-float64(network.H*v)
		zv[q], zv[q+lossGroup] = z1[s*h+j], z1[s*h+j]
	}
	b := archsimd.BroadcastFloat64x8
	x := archsimd.LoadFloat64x8(&av)
	if x.IsNaN().ToBits() != 0 {
		return 0
	}
	one := b(1)
	x = b(-sigmoidClip).Max(b(sigmoidClip).Min(x))
	e := kernel.Exp8(x.AsInt64x8().Xor(archsimd.BroadcastInt64x8(-1 << 63)).AsFloat64x8())
	dz := one.Div(one.Add(e)).Sub(archsimd.LoadFloat64x8(&zv))
	// The scores a2[s][k] + dz·W2[j][k], class by class, and their maximum.
	var col [8]float64
	var m archsimd.Float64x8
	for k := range c {
		for l, s := range sample {
			col[l] = a2[s*c+k]
		}
		sk := archsimd.LoadFloat64x8(&col).Add(dz.Mul(b(w2[j*c+k])))
		if sk.IsNaN().ToBits() != 0 {
			archsimd.ClearAVXUpperBits()
			return 0
		}
		sk.Store(&scores[k])
		if k == 0 {
			m = sk
		} else {
			m = m.Max(sk)
		}
	}
	// exp(score − max), summed class by class in order from zero.
	lo := b(-700)
	sum := b(0)
	for k := range c {
		d := archsimd.LoadFloat64x8(&scores[k]).Sub(m)
		if d.Greater(lo).ToBits() != 0xff {
			archsimd.ClearAVXUpperBits()
			return 0
		}
		ek := kernel.Exp8(d)
		ek.Store(&scores[k])
		sum = sum.Add(ek)
	}
	var sums [8]float64
	sum.Store(&sums)
	archsimd.ClearAVXUpperBits() // or the scalar logarithms below run several times slower
	for l, s := range sample {
		loss := -kernel.Log(scores[p.t[s]][l]/sums[l] + network.CrossEntropyDelta)
		if l < lossGroup {
			plus[l] = loss
		} else {
			minus[l-lossGroup] = loss
		}
	}
	return lossGroup
}
