package report

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"dlfs/train"
)

// NumbersCSV returns a run's numbers as data, to write beside its
// figures: loss.csv, the header iter,loss,lr and a row for every update
// (its loss after the step, and the learning rate the step took), and
// accuracy.csv, the header iter,train_acc,test_acc and a row for every
// evaluation, the last after the final update. Each number is in the
// shortest form that reads back to the same float64 (Python's repr,
// numpy's loadtxt agree).
func NumbersCSV(res *train.Result) (loss, accuracy []byte) {
	var l bytes.Buffer
	l.WriteString("iter,loss,lr\n")
	for i, v := range res.Losses {
		fmt.Fprintf(&l, "%d,%s,%s\n", i, shortest(v), shortest(res.RateAt(i)))
	}
	var a bytes.Buffer
	a.WriteString("iter,train_acc,test_acc\n")
	for _, e := range append(res.Evals[:len(res.Evals):len(res.Evals)], res.Final) {
		fmt.Fprintf(&a, "%d,%s,%s\n", e.Iter, shortest(e.TrainAcc), shortest(e.TestAcc))
	}
	return l.Bytes(), a.Bytes()
}

// pythonFloat formats v as Python 3's str(float) and numpy's
// str(np.float64) do: the fewest digits that parse back to v, positional
// from 1e-4 up to 1e16 with ".0" on a whole number, exponential outside:
// 0.09915, 1.0, 1e-05.
func pythonFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	if a := math.Abs(v); a != 0 && (a < 1e-4 || a >= 1e16) {
		return strconv.FormatFloat(v, 'e', -1, 64)
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// shortest formats v in the fewest digits that parse back to v.
func shortest(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
