package train

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"
)

// Numbers writes a run's numbers beside its figures, as data: loss.csv,
// the header iter,loss and a row for every update, and accuracy.csv, the
// header iter,train_acc,test_acc and a row for every evaluation, the last
// after the final update. Each number is in the shortest form that reads
// back to the same float64 (Python's repr, numpy's loadtxt agree). It
// returns the paths written, those before an error too.
func Numbers(dir string, res *Result) ([]string, error) {
	var loss bytes.Buffer
	loss.WriteString("iter,loss\n")
	for i, v := range res.Losses {
		fmt.Fprintf(&loss, "%d,%s\n", i, shortest(v))
	}
	var acc bytes.Buffer
	acc.WriteString("iter,train_acc,test_acc\n")
	for _, e := range append(res.Evals[:len(res.Evals):len(res.Evals)], res.Final) {
		fmt.Fprintf(&acc, "%d,%s,%s\n", e.Iter, shortest(e.TrainAcc), shortest(e.TestAcc))
	}
	var paths []string
	for _, f := range []struct {
		name string
		data []byte
	}{{"loss.csv", loss.Bytes()}, {"accuracy.csv", acc.Bytes()}} {
		p := filepath.Join(dir, f.name)
		if err := WriteFile(p, f.data); err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// shortest formats v in the fewest digits that parse back to v.
func shortest(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
