// Package bigref computes e^x and ln x in math/big, to far more bits than
// a float64 holds, for the tests that hold the project's own exp and log
// (internal/kernel) and numpy's correctly rounded log (tensor/nprand) to
// the exact values. The methods are not theirs: e^x by its Taylor series
// after halving the argument twenty times, ln x by Newton's iteration on
// that e^x.
package bigref

import (
	"math"
	"math/big"
)

// Prec is the bits the references are good to; New's floats carry 40
// guard bits more for the roundings of Exp's squarings.
const Prec = 200

// New returns a zero of the references' working precision.
func New() *big.Float { return new(big.Float).SetPrec(Prec + 40) }

// Exp returns e^y to about Prec bits: e^y = (e^(y/2^20))^(2^20), the
// inner one by its Taylor series, which converges at once for so small an
// argument.
func Exp(y *big.Float) *big.Float {
	const halvings = 20
	z := New().SetMantExp(y, -halvings)
	sum, term := New().SetInt64(1), New().SetInt64(1)
	for n := int64(1); n < 60; n++ {
		term.Mul(term, z)
		term.Quo(term, New().SetInt64(n))
		sum.Add(sum, term)
	}
	for range halvings {
		sum.Mul(sum, sum)
	}
	return sum
}

// Log returns ln x, for a finite x > 0, to about Prec bits:
// ln x = ln m + e·ln 2 with x = m·2^e, m in [½, 1), each logarithm by
// Newton's iteration on Exp, y ← y + 2(m − e^y)/(m + e^y), which triples
// the correct bits a step.
func Log(x float64) *big.Float {
	m, e := math.Frexp(x)
	ln := func(v, guess float64) *big.Float {
		bv, y := New().SetFloat64(v), New().SetFloat64(guess)
		for range 5 {
			ey := Exp(y)
			step := New().Quo(New().Sub(bv, ey), New().Add(bv, ey))
			y.Add(y, step.Add(step, step))
		}
		return y
	}
	lnm := ln(m, math.Log(m))
	return lnm.Add(lnm, ln(2, math.Ln2).Mul(ln(2, math.Ln2), New().SetInt64(int64(e))))
}
