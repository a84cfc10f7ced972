package train

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// TestNumbers: the CSV files read back to the run's exact numbers.
func TestNumbers(t *testing.T) {
	res := &Result{
		Losses: []float64{2.2907123456789012, 0.1, 1e-300},
		Rates:  []Rate{{0, 0.1}, {2, 0.7000000000000001}},
		Evals:  []Eval{{Iter: 0, TrainAcc: 0.0986, TestAcc: 1.0 / 3}},
		Final:  Eval{Iter: 3, TrainAcc: 0.5, TestAcc: 0.25},
	}
	lossCSV, accCSV := NumbersCSV(res)
	read := func(b []byte) [][]string {
		var rows [][]string
		for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
			rows = append(rows, strings.Split(l, ","))
		}
		return rows
	}
	loss := read(lossCSV)
	if strings.Join(loss[0], ",") != "iter,loss,lr" || len(loss) != 4 {
		t.Fatalf("loss.csv: %v", loss)
	}
	for i, v := range res.Losses {
		lr := 0.1
		if i >= 2 {
			lr = 0.7000000000000001
		}
		got, _ := strconv.ParseFloat(loss[i+1][1], 64)
		gotLR, _ := strconv.ParseFloat(loss[i+1][2], 64)
		if got != v || gotLR != lr || loss[i+1][0] != strconv.Itoa(i) {
			t.Errorf("loss.csv row %d: %v, want %d,%v,%v", i, loss[i+1], i, v, lr)
		}
	}
	acc := read(accCSV)
	want := [][]string{{"iter", "train_acc", "test_acc"}, {"0", "0.0986", "0.3333333333333333"}, {"3", "0.5", "0.25"}}
	if fmt.Sprint(acc) != fmt.Sprint(want) {
		t.Errorf("accuracy.csv: %v, want %v", acc, want)
	}
}
