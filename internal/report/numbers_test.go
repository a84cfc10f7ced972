package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"dlfs/train"
)

// TestNumbers: the CSV files read back to the run's exact numbers.
func TestNumbers(t *testing.T) {
	res := &train.Result{
		Losses: []float64{2.2907123456789012, 0.1, 1e-300},
		Rates:  []train.Rate{{From: 0, LR: 0.1}, {From: 2, LR: 0.7000000000000001}},
		Evals:  []train.Eval{{Iter: 0, TrainAcc: 0.0986, TestAcc: 1.0 / 3}},
		Final:  train.Eval{Iter: 3, TrainAcc: 0.5, TestAcc: 0.25},
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

// TestPythonFloat: each value as python3 prints it, print(repr(v)) (numpy's
// str of a float64 is the same).
func TestPythonFloat(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{0.09915, "0.09915"}, {0.1009, "0.1009"}, {1, "1.0"}, {0, "0.0"}, {math.Copysign(0, -1), "-0.0"},
		{1e-05, "1e-05"}, {0.0001, "0.0001"}, {1.0 / 60000, "1.6666666666666667e-05"}, {1e16, "1e+16"},
		{9999999999999998, "9999999999999998.0"}, {0.30000000000000004, "0.30000000000000004"}, {123456.789, "123456.789"},
		{5e-324, "5e-324"}, {1.5e300, "1.5e+300"}, {math.Inf(1), "inf"}, {math.Inf(-1), "-inf"}, {math.NaN(), "nan"},
	} {
		if got := pythonFloat(c.v); got != c.want {
			t.Errorf("pythonFloat(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}
