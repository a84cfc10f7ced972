package tensor_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"testing"

	"dlfs/tensor"
)

// TestFormatLikeNumpy compares with what numpy 1.24 prints for the same
// arrays (print(np.array(...)) with default options), copied verbatim.
func TestFormatLikeNumpy(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name string
		t    *tensor.Tensor
		want string
	}{
		{"book's y", tensor.New([]float64{0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0}, 10),
			"[0.1  0.05 0.6  0.   0.05 0.1  0.   0.1  0.   0.  ]"},
		{"tiny values", tensor.New([]float64{-6.111107928998789e-10, 8.148143905314271e-10}, 2),
			"[-6.11110793e-10  8.14814391e-10]"},
		{"non-finite", tensor.New([]float64{nan, 1, -inf}, 3), "[ nan   1. -inf]"},
		{"wrapped row", tensor.Arange(0, 40, 1.1),
			"[ 0.   1.1  2.2  3.3  4.4  5.5  6.6  7.7  8.8  9.9 11.  12.1 13.2 14.3\n" +
				" 15.4 16.5 17.6 18.7 19.8 20.9 22.  23.1 24.2 25.3 26.4 27.5 28.6 29.7\n" +
				" 30.8 31.9 33.  34.1 35.2 36.3 37.4 38.5 39.6]"},
		{"wrapped integers", tensor.Arange(0, 30, 1),
			"[ 0.  1.  2.  3.  4.  5.  6.  7.  8.  9. 10. 11. 12. 13. 14. 15. 16. 17.\n" +
				" 18. 19. 20. 21. 22. 23. 24. 25. 26. 27. 28. 29.]"},
		{"rank 3", tensor.Arange(0, 24, 1).Reshape(2, 3, 4),
			"[[[ 0.  1.  2.  3.]\n  [ 4.  5.  6.  7.]\n  [ 8.  9. 10. 11.]]\n\n" +
				" [[12. 13. 14. 15.]\n  [16. 17. 18. 19.]\n  [20. 21. 22. 23.]]]"},
		{"summarized", tensor.Arange(0, 2000, 1).Reshape(40, 50),
			"[[0.000e+00 1.000e+00 2.000e+00 ... 4.700e+01 4.800e+01 4.900e+01]\n" +
				" [5.000e+01 5.100e+01 5.200e+01 ... 9.700e+01 9.800e+01 9.900e+01]\n" +
				" [1.000e+02 1.010e+02 1.020e+02 ... 1.470e+02 1.480e+02 1.490e+02]\n" +
				" ...\n" +
				" [1.850e+03 1.851e+03 1.852e+03 ... 1.897e+03 1.898e+03 1.899e+03]\n" +
				" [1.900e+03 1.901e+03 1.902e+03 ... 1.947e+03 1.948e+03 1.949e+03]\n" +
				" [1.950e+03 1.951e+03 1.952e+03 ... 1.997e+03 1.998e+03 1.999e+03]]"},
		{"small and one", tensor.New([]float64{1e-5, 1}, 2), "[1.e-05 1.e+00]"},
		{"wide range", tensor.New([]float64{123456.789, 0.5}, 2), "[1.23456789e+05 5.00000000e-01]"},
		{"matrix", tensor.New([]float64{1, -2.5, 3.25, 4}, 2, 2), "[[ 1.   -2.5 ]\n [ 3.25  4.  ]]"},
		{"empty", tensor.Zeros(0), "[]"},
	}
	for _, tt := range tests {
		if got := tt.t.String(); got != tt.want {
			t.Errorf("%s:\ngot\n%s\nwant\n%s", tt.name, got, tt.want)
		}
	}
}

func TestPrintPrecision(t *testing.T) {
	v := tensor.New([]float64{math.Pi, math.E, 100}, 3)
	// np.set_printoptions(precision=3); print(v)
	want := "[  3.142   2.718 100.   ]"
	prev := tensor.SetPrintPrecision(3)
	got := v.String()
	tensor.SetPrintPrecision(prev)
	if got != want || prev != 8 {
		t.Errorf("precision 3: %q (previous %d), want %q (previous 8)", got, prev, want)
	}
	if got := fmt.Sprintf("%.3v", v); got != want {
		t.Errorf("%%.3v: %q, want %q", got, want)
	}
	// np.set_printoptions(precision=0); print(v): no fractional digit
	prev = tensor.SetPrintPrecision(0)
	got = v.String()
	tensor.SetPrintPrecision(prev)
	if want := "[  3.   3. 100.]"; got != want {
		t.Errorf("precision 0: %q, want %q", got, want)
	}
	if got := fmt.Sprintf("%d", v); got != "%!d(tensor.Tensor=[3])" {
		t.Errorf("%%d: %q", got)
	}
}

// TestFormatAgainstNumpyBoundaries compares with the strings numpy printed
// (testdata/numpy_print.json, written by numpy_print.py) for arrays at the
// edges of its rules: exactly the precision's digits and one more, ties,
// the switch to scientific notation, signed zeros and non-finite values,
// rows near the line width, 1000 and 1001 elements, empty axes, and random
// values of every scale, at precisions from 0 to 12.
func TestFormatAgainstNumpyBoundaries(t *testing.T) {
	b, err := os.ReadFile("testdata/numpy_print.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []struct {
			Shape     []int
			Values    []string
			Precision int
			Out       string
		}
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	for i, c := range file.Cases {
		data := make([]float64, len(c.Values))
		for k, h := range c.Values {
			if data[k], err = parsePythonHex(h); err != nil {
				t.Fatalf("case %d: %v", i, err)
			}
		}
		a := tensor.New(data, c.Shape...)
		if got := fmt.Sprintf("%.*v", c.Precision, a); got != c.Out {
			t.Errorf("case %d, shape %v, precision %d:\ngot\n%s\nnumpy\n%s", i, c.Shape, c.Precision, got, c.Out)
		}
	}
}

// parsePythonHex reads Python's float.hex(): "0x1.8000000000000p+1",
// "-0x0.0p+0", "inf", "nan".
func parsePythonHex(s string) (float64, error) {
	switch s {
	case "inf":
		return math.Inf(1), nil
	case "-inf":
		return math.Inf(-1), nil
	case "nan":
		return math.NaN(), nil
	}
	return strconv.ParseFloat(s, 64)
}
