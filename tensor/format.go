package tensor

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync/atomic"
)

// Printing follows numpy's default array2string: at most `precision`
// fractional digits but no more than each value needs, values aligned on the
// decimal point, scientific notation when the magnitudes call for it, rows
// wrapped at 75 characters, and tensors of more than 1000 elements summarized
// with "..." after the first and before the last 3 entries of each long axis.
const (
	lineWidth = 75
	threshold = 1000
	edgeItems = 3
)

var printPrecision atomic.Int64

func init() { printPrecision.Store(8) }

// SetPrintPrecision sets the number of fractional digits String prints at
// most, numpy's np.set_printoptions(precision=p), and returns the previous
// value (8 by default). A single format can instead use a precision verb:
// fmt.Printf("%.3v", t).
func SetPrintPrecision(p int) (previous int) {
	if p < 0 {
		panic(fmt.Sprintf("tensor: SetPrintPrecision: negative precision %d", p))
	}
	return int(printPrecision.Swap(int64(p)))
}

// String formats t as numpy prints an array:
//
//	[[1.  2.5]
//	 [3.  4. ]]
func (t *Tensor) String() string { return t.format(int(printPrecision.Load())) }

// Format implements fmt.Formatter: %v and %s print like String, and a
// precision (%.3v) overrides the print precision for this call.
func (t *Tensor) Format(f fmt.State, verb rune) {
	if verb != 'v' && verb != 's' {
		fmt.Fprintf(f, "%%!%c(tensor.Tensor=%v)", verb, t.shape)
		return
	}
	p, ok := f.Precision()
	if !ok {
		p = int(printPrecision.Load())
	}
	fmt.Fprint(f, t.format(p))
}

func (t *Tensor) format(prec int) string {
	summarize := len(t.data) > threshold
	ff := newFloatFormat(t.shownValues(summarize), prec)
	switch {
	case len(t.shape) == 0:
		return pyRepr(t.data[0])
	case len(t.data) == 0:
		return "[]" // numpy prints any empty array so, whatever its shape
	}
	var b strings.Builder
	t.formatAxis(&b, ff, 0, 0, summarize)
	// A wrapped line ends at its last value, not in that value's padding:
	// numpy strips the line before the break.
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// formatAxis writes the sub-array starting at data offset off along axis.
func (t *Tensor) formatAxis(b *strings.Builder, ff *floatFormat, axis, off int, summarize bool) {
	n := t.shape[axis]
	stride := 1
	for _, d := range t.shape[axis+1:] {
		stride *= d
	}
	skip := summarize && n > 2*edgeItems
	b.WriteByte('[')
	last := axis == len(t.shape)-1
	col := axis + 1 // width of the current output line, in the last axis
	for i := 0; i < n; i++ {
		if skip && i == edgeItems {
			i = n - edgeItems
		}
		var word string
		if skip && i == n-edgeItems {
			word = "..."
		}
		if last {
			if word != "" {
				col = writeWord(b, word, col, axis)
			}
			col = writeWord(b, ff.format(t.data[off+i]), col, axis)
			continue
		}
		if i > 0 {
			b.WriteString(strings.Repeat("\n", len(t.shape)-axis-1))
			b.WriteString(strings.Repeat(" ", axis+1))
		}
		if word != "" {
			b.WriteString(word + strings.Repeat("\n", len(t.shape)-axis-1) + strings.Repeat(" ", axis+1))
		}
		t.formatAxis(b, ff, axis+1, off+i*stride, summarize)
	}
	b.WriteByte(']')
}

// writeWord appends one element to a row, wrapping before it when the row
// would pass the line width, and returns the new line width. Like numpy, each
// level of nesting narrows the line by one for its closing bracket.
func writeWord(b *strings.Builder, w string, col, axis int) int {
	if col > axis+1 {
		if col+1+len(w) > lineWidth-1-axis {
			b.WriteString("\n" + strings.Repeat(" ", axis+1))
			col = axis + 1
		} else {
			b.WriteByte(' ')
			col++
		}
	}
	b.WriteString(w)
	return col + len(w)
}

// shownValues returns the elements that will be printed, which decide the
// common format.
func (t *Tensor) shownValues(summarize bool) []float64 {
	if !summarize {
		return t.data
	}
	var vals []float64
	for idx := range t.Indices() {
		shown := true
		for d, x := range idx {
			if x >= edgeItems && x < t.shape[d]-edgeItems {
				shown = false
				break
			}
		}
		if shown {
			vals = append(vals, t.At(idx...))
		}
	}
	return vals
}

// floatFormat is numpy's FloatingFormat in its default 'maxprec' mode.
type floatFormat struct {
	exp       bool
	prec      int // fractional digits: at most (positional) or exactly (exp)
	padLeft   int // width of the integer part, sign included
	padRight  int // width of the fractional part (positional)
	expDigits int
}

func newFloatFormat(vals []float64, prec int) *floatFormat {
	ff := &floatFormat{prec: prec}
	minAbs, maxAbs := math.Inf(1), 0.0
	for _, v := range vals {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			continue
		}
		if a := math.Abs(v); a != 0 {
			minAbs, maxAbs = min(minAbs, a), max(maxAbs, a)
		}
	}
	ff.exp = maxAbs != 0 && (maxAbs >= 1e8 || minAbs < 1e-4 || maxAbs/minAbs > 1e3)
	for _, v := range vals {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			continue
		}
		intPart, frac, e := ff.parts(v)
		ff.padLeft = max(ff.padLeft, len(intPart))
		ff.padRight = max(ff.padRight, len(frac))
		ff.expDigits = max(ff.expDigits, len(e))
	}
	if ff.exp {
		ff.prec = ff.padRight
		ff.padRight += 2 + max(2, ff.expDigits) // "e-05": the exponent has two digits at least
	}
	for _, v := range vals {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			ff.padLeft = max(ff.padLeft, len(nonFinite(v))-ff.padRight-1)
		}
	}
	return ff
}

// parts returns v's shortest digits, cut at the precision, as the integer
// part, the fractional digits and the exponent's digits.
func (ff *floatFormat) parts(v float64) (intPart, frac, exp string) {
	verb := byte('f')
	if ff.exp {
		verb = 'e'
	}
	s := strconv.FormatFloat(v, verb, -1, 64)
	mant, e, _ := strings.Cut(s, "e")
	if _, f, _ := strings.Cut(mant, "."); len(f) > ff.prec {
		s = strconv.FormatFloat(v, verb, ff.prec, 64)
		mant, e, _ = strings.Cut(s, "e")
	}
	intPart, frac, _ = strings.Cut(mant, ".")
	frac = strings.TrimRight(frac, "0")
	if len(e) > 0 {
		e = e[1:] // the sign
	}
	return intPart, frac, strings.TrimLeft(e, "0")
}

// format renders one value padded to the common width.
func (ff *floatFormat) format(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		s := nonFinite(v)
		return strings.Repeat(" ", max(0, ff.padLeft+ff.padRight+1-len(s))) + s
	}
	intPart, frac, _ := ff.parts(v)
	left := strings.Repeat(" ", max(0, ff.padLeft-len(intPart))) + intPart + "."
	if !ff.exp {
		return left + frac + strings.Repeat(" ", ff.padRight-len(frac))
	}
	s := strconv.FormatFloat(v, 'e', ff.prec, 64)
	_, e, _ := strings.Cut(s, "e")
	sign, digits := e[:1], strings.TrimLeft(e[1:], "0")
	digits = strings.Repeat("0", max(2, ff.expDigits)-len(digits)) + digits
	_, f, _ := strings.Cut(s[:strings.IndexByte(s, 'e')], ".")
	return left + f + "e" + sign + digits
}

// pyRepr is Python's repr of a float, which numpy prints for an array of
// rank 0 whatever the precision: every digit the value needs, positional
// from 1e-4 up to 1e16 (1/3 is 0.3333333333333333, 1 is 1.0), scientific
// beyond (1e-05, 1e+16).
func pyRepr(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return nonFinite(v)
	}
	s := strconv.FormatFloat(v, 'e', -1, 64)
	_, e, _ := strings.Cut(s, "e")
	if exp, _ := strconv.Atoi(e); exp < -4 || exp >= 16 {
		return s
	}
	s = strconv.FormatFloat(v, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

func nonFinite(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case v > 0:
		return "inf"
	}
	return "-inf"
}
