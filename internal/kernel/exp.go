package kernel

import (
	"math"

	"dlfs/internal/parallel"
)

// Exp returns e^x, the same bits on every platform: Exp(1) is
// 2.718281828459045, Exp(-745.2) is 0, Exp(709.8) is +Inf. It is within
// 1.25 units in the last place of e^x, and the float64 nearest e^x for
// three arguments in four (TestExp holds it to a 200-bit reference);
// glibc's exp, which numpy calls, rounds correctly nearly always, so the
// two differ in the last bit about once in four.
//
// The method is the table-driven one of Tang (1989): write
// x = (64m + j)·ln2/64 + r with |r| ≤ ln2/128, so that
// e^x = 2^m · 2^(j/64) · e^r, take 2^(j/64) from a table of 64 exact
// constants and e^r from its Taylor polynomial to r⁵ (the next term is
// below 4e-17), and build 2^m from its bits. No division. Exp8 (the
// GOEXPERIMENT=simd build) repeats these steps eight lanes at a time,
// rounding in the same order, for the same bits.
func Exp(x float64) float64 {
	const (
		shift  = 0x1.8p52              // adding it rounds to an integer, held in the low bits
		ln2Hi  = 0x1.62e42fef00000p-7  // ln2/64 to 33 bits: k·ln2Hi is exact
		ln2Lo  = 0x1.473de6af278edp-40 // ln2/64 − ln2Hi
		c2, c3 = 1.0 / 2, 1.0 / 6
		c4, c5 = 1.0 / 24, 1.0 / 120
	)
	switch {
	case x != x:
		return x
	case x >= 709.8:
		return math.Inf(1)
	case x <= -745.2:
		return 0
	}
	t := float64(x*InvL) + shift
	k := int64(math.Float64bits(t)) - int64(math.Float64bits(shift))
	kf := t - shift
	r := (x - float64(kf*ln2Hi)) - float64(kf*ln2Lo)
	p := r + float64(float64(r*r)*(c2+float64(r*(c3+float64(r*(c4+float64(r*c5)))))))
	tj := Exp2Table[k&63]
	v := tj + float64(tj*p)
	if x > -700 && x < 700 {
		return math.Float64frombits(uint64(k>>6+1023)<<52) * v
	}
	// 2^m may be too large or too small to build from its bits: math.Ldexp
	// (plain Go, exact bit arithmetic on every platform) scales by it,
	// rounding once more into the subnormal numbers below 2^-1022.
	return math.Ldexp(v, int(k>>6))
}

// InvL is 64/ln 2, by which Exp and its vector form multiply x to find
// 64m + j.
const InvL = 64 / math.Ln2

// Exp2Table[j] is 2^(j/64) rounded to the nearest float64
// (TestExp2Table derives each from math/big and prints the table).
var Exp2Table = [64]float64{
	0x1p+00, 0x1.02c9a3e778061p+00, 0x1.059b0d3158574p+00, 0x1.0874518759bc8p+00,
	0x1.0b5586cf9890fp+00, 0x1.0e3ec32d3d1a2p+00, 0x1.11301d0125b51p+00, 0x1.1429aaea92dep+00,
	0x1.172b83c7d517bp+00, 0x1.1a35beb6fcb75p+00, 0x1.1d4873168b9aap+00, 0x1.2063b88628cd6p+00,
	0x1.2387a6e756238p+00, 0x1.26b4565e27cddp+00, 0x1.29e9df51fdee1p+00, 0x1.2d285a6e4030bp+00,
	0x1.306fe0a31b715p+00, 0x1.33c08b26416ffp+00, 0x1.371a7373aa9cbp+00, 0x1.3a7db34e59ff7p+00,
	0x1.3dea64c123422p+00, 0x1.4160a21f72e2ap+00, 0x1.44e086061892dp+00, 0x1.486a2b5c13cdp+00,
	0x1.4bfdad5362a27p+00, 0x1.4f9b2769d2ca7p+00, 0x1.5342b569d4f82p+00, 0x1.56f4736b527dap+00,
	0x1.5ab07dd485429p+00, 0x1.5e76f15ad2148p+00, 0x1.6247eb03a5585p+00, 0x1.6623882552225p+00,
	0x1.6a09e667f3bcdp+00, 0x1.6dfb23c651a2fp+00, 0x1.71f75e8ec5f74p+00, 0x1.75feb564267c9p+00,
	0x1.7a11473eb0187p+00, 0x1.7e2f336cf4e62p+00, 0x1.82589994cce13p+00, 0x1.868d99b4492edp+00,
	0x1.8ace5422aa0dbp+00, 0x1.8f1ae99157736p+00, 0x1.93737b0cdc5e5p+00, 0x1.97d829fde4e5p+00,
	0x1.9c49182a3f09p+00, 0x1.a0c667b5de565p+00, 0x1.a5503b23e255dp+00, 0x1.a9e6b5579fdbfp+00,
	0x1.ae89f995ad3adp+00, 0x1.b33a2b84f15fbp+00, 0x1.b7f76f2fb5e47p+00, 0x1.bcc1e904bc1d2p+00,
	0x1.c199bdd85529cp+00, 0x1.c67f12e57d14bp+00, 0x1.cb720dcef9069p+00, 0x1.d072d4a07897cp+00,
	0x1.d5818dcfba487p+00, 0x1.da9e603db3285p+00, 0x1.dfc97337b9b5fp+00, 0x1.e502ee78b3ff6p+00,
	0x1.ea4afa2a490dap+00, 0x1.efa1bee615a27p+00, 0x1.f50765b6e454p+00, 0x1.fa7c1819e90d8p+00,
}

// ExpTo stores e^x of each x[i] in dst[i] (Exp's bits), the cores sharing
// a long vector: the sigmoid of an evaluation's 60000×50 hidden layer.
func ExpTo(dst, x []float64) {
	x = x[:len(dst)]
	work := len(dst) * expWork
	if Vector {
		work /= 4
	}
	parallel.For(len(dst), 1, work, parallel.Func(func(lo, hi int) {
		ExpShifted(dst[lo:hi], x[lo:hi], 0) // x − 0 is x, −0 and NaN included
	}))
}

// ExpShifted sets y[k] = Exp(a[k] − m) for every k, the softmax's
// numerators shifted for safety (§3.5.2): in the vector build eight at a
// time (Exp8), to the same bits.
func ExpShifted(y, a []float64, m float64) {
	y = y[:len(a)]
	for k := expShiftedVector(y, a, m); k < len(a); k++ {
		y[k] = Exp(a[k] - m)
	}
}

// expWork is what an exponential is reckoned to cost, in the multiply-adds
// parallel.For counts: a batch's hidden layer, 5000 values, is shared
// between the cores; a softmax's thousand are not. On vectors it costs
// about a quarter, and a batch's hidden layer is then not worth a
// hand-off between cores (docs/performance.md).
const expWork = 16
