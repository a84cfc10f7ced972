package nprand

import "math"

// Log returns the natural logarithm of x correctly rounded: the float64
// nearest ln x (for x > 0 and finite; math.Log for anything else).
//
// numpy's normal deviates use the C library's log. A correctly rounded
// log is the one every careful library approaches, and glibc's agrees with
// it on all but about 0.08% of the inputs the polar method gives (Go's
// math.Log, accurate to one unit in the last place, on 93%). The method:
// x = 2^k·m with m in [√½, √2), ln m = 2·atanh(s) with s = (m−1)/(m+1),
// |s| < 0.172, summed as s·Σ (s²)^j/(2j+1) for j < 24 in double-double
// arithmetic (about 100 bits), then k·ln 2 added and the pair rounded once.
func Log(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 1) {
		return math.Log(x)
	}
	// ddAdd's hi is already hi + lo rounded to nearest.
	return logDD(x).hi
}

// logDD returns ln x, for a finite x > 0, as a double-double.
func logDD(x float64) dd {
	frac, exp := math.Frexp(x) // x = frac·2^exp, frac in [½, 1)
	m, k := frac, float64(exp)
	if m < math.Sqrt2/2 {
		m, k = 2*m, k-1
	}
	// s = (m − 1)/(m + 1): m − 1 is exact (Sterbenz), m + 1 a double-double.
	s := ddDiv(dd{m - 1, 0}, twoSum(m, 1))
	u := ddMul(s, s)
	sum := atanhTerms[len(atanhTerms)-1]
	for j := len(atanhTerms) - 2; j >= 0; j-- {
		sum = ddAdd(ddMul(sum, u), atanhTerms[j])
	}
	lnm := ddMul(ddMul(s, sum), dd{2, 0})
	kln2 := ddAdd(twoProd(k, ln2.hi), twoProd(k, ln2.lo))
	return ddAdd(kln2, lnm)
}

// A dd is an unevaluated sum hi + lo of two float64s, |lo| ≤ ulp(hi)/2:
// about 106 bits of precision.
type dd struct{ hi, lo float64 }

// ln2 is ln 2 as a double-double.
var ln2 = dd{0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56}

// atanhTerms[j] is 1/(2j+1) as a double-double.
var atanhTerms = func() (t [24]dd) {
	for j := range t {
		t[j] = ddDiv(dd{1, 0}, dd{float64(2*j + 1), 0})
	}
	return t
}()

// twoSum returns a + b exactly as a double-double (Knuth).
func twoSum(a, b float64) dd {
	s := a + b
	bb := s - a
	return dd{s, (a - (s - bb)) + (b - bb)}
}

// fastTwoSum is twoSum for |a| ≥ |b|.
func fastTwoSum(a, b float64) dd {
	s := a + b
	return dd{s, b - (s - a)}
}

// twoProd returns a·b exactly as a double-double.
func twoProd(a, b float64) dd {
	p := float64(a * b)
	return dd{p, math.FMA(a, b, -p)}
}

func ddAdd(x, y dd) dd {
	s, t := twoSum(x.hi, y.hi), twoSum(x.lo, y.lo)
	s = fastTwoSum(s.hi, s.lo+t.hi)
	return fastTwoSum(s.hi, s.lo+t.lo)
}

func ddMul(x, y dd) dd {
	p := twoProd(x.hi, y.hi)
	return fastTwoSum(p.hi, p.lo+(float64(x.hi*y.lo)+float64(x.lo*y.hi)))
}

// ddDiv returns x/y by three rounds of long division.
func ddDiv(x, y dd) dd {
	q1 := x.hi / y.hi
	r := ddAdd(x, ddMul(y, dd{-q1, 0}))
	q2 := r.hi / y.hi
	r = ddAdd(r, ddMul(y, dd{-q2, 0}))
	q3 := r.hi / y.hi
	q := fastTwoSum(q1, q2)
	return ddAdd(q, dd{q3, 0})
}
