package kernel

import "math"

// Log returns ln x within one unit in the last place (TestLog holds it to
// a 200-bit reference), the same bits on every platform: Log(1) is 0,
// Log(0) is −Inf, Log(+Inf) is +Inf, and Log of a negative number is NaN.
//
// The method is fdlibm's (Sun, 1993): write x = 2^k·(1+f) with 1+f in
// [√½, √2); then ln(1+f) = 2·atanh(s) = 2s + 2s³/3 + 2s⁵/5 + … with
// s = f/(2+f), |s| < 0.172. The series after 2s is R(s²), a polynomial
// of degree 7 fitted to it, and
//
//	ln x = k·ln2 + f − (f²/2 − s·(f²/2 + R)),
//
// with k·ln2 in two parts, the first exact, added where the rounding
// loses least.
func Log(x float64) float64 {
	const (
		ln2Hi = 0x1.62e42feep-1       // ln 2 to 32 bits: k·ln2Hi is exact
		ln2Lo = 0x1.a39ef35793c76p-33 // ln 2 − ln2Hi
		lg1   = 0x1.5555555555593p-1  // ≈ 2/3
		lg2   = 0x1.999999997fa04p-2  // ≈ 2/5
		lg3   = 0x1.2492494229359p-2  // ≈ 2/7
		lg4   = 0x1.c71c51d8e78afp-3  // ≈ 2/9
		lg5   = 0x1.7466496cb03dep-3  // ≈ 2/11
		lg6   = 0x1.39a09d078c69fp-3  // ≈ 2/13
		lg7   = 0x1.2f112df3e5244p-3  // ≈ 2/15
	)
	switch {
	case x != x || math.IsInf(x, 1):
		return x
	case x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	}
	m, e := math.Frexp(x) // x = m·2^e, m in [½, 1): exact
	if m < math.Sqrt2/2 {
		m, e = 2*m, e-1
	}
	f, k := m-1, float64(e) // m − 1 is exact (Sterbenz)
	s := f / (2 + f)
	z := float64(s * s)
	w := float64(z * z)
	// R in two halves, odd and even powers of w, for a shorter chain.
	r1 := float64(z * (lg1 + float64(w*(lg3+float64(w*(lg5+float64(w*lg7)))))))
	r2 := float64(w * (lg2 + float64(w*(lg4+float64(w*lg6)))))
	r := r1 + r2
	hfsq := float64(0.5 * f * f)
	return float64(k*ln2Hi) - ((hfsq - (float64(s*(hfsq+r)) + float64(k*ln2Lo))) - f)
}
