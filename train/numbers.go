package train

import (
	"bytes"
	"fmt"
	"strconv"
)

// NumbersCSV returns a run's numbers as data, to write beside its
// figures: loss.csv, the header iter,loss,lr and a row for every update
// (its loss after the step, and the learning rate the step took), and
// accuracy.csv, the header iter,train_acc,test_acc and a row for every
// evaluation, the last after the final update. Each number is in the
// shortest form that reads back to the same float64 (Python's repr,
// numpy's loadtxt agree).
func NumbersCSV(res *Result) (loss, accuracy []byte) {
	var l bytes.Buffer
	l.WriteString("iter,loss,lr\n")
	for i, v := range res.Losses {
		fmt.Fprintf(&l, "%d,%s,%s\n", i, shortest(v), shortest(rateAt(res.Rates, i)))
	}
	var a bytes.Buffer
	a.WriteString("iter,train_acc,test_acc\n")
	for _, e := range append(res.Evals[:len(res.Evals):len(res.Evals)], res.Final) {
		fmt.Fprintf(&a, "%d,%s,%s\n", e.Iter, shortest(e.TrainAcc), shortest(e.TestAcc))
	}
	return l.Bytes(), a.Bytes()
}

// shortest formats v in the fewest digits that parse back to v.
func shortest(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
