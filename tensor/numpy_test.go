package tensor_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"testing"

	"dlfs/tensor"
)

// edgeFile is testdata/numpy_edges.json, written by numpy_edges.py.
type edgeFile struct {
	Numpy string
	Cases []struct {
		Op       string
		Operands []edgeArray
		Args     map[string]any
		Out      *edgeArray
		Bool     *bool
		Ints     []int
	}
}

type edgeArray struct {
	Shape []int
	Data  []string
}

func (e edgeArray) tensor(t *testing.T) *tensor.Tensor {
	data := make([]float64, len(e.Data))
	for i, s := range e.Data {
		data[i] = hexFloat(t, s)
	}
	return tensor.New(data, e.Shape...)
}

// hexFloat parses Python's float.hex(): "0x1.8p+1", "-0x0.0p+0", "inf", "nan".
func hexFloat(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("testdata/numpy_edges.json: %v", err)
	}
	return v
}

// ulps names the operations whose finite results may be one unit in the
// last place from numpy's: the project's exp and log are its own, within
// 1.25 and 1 ulp of the exact value (TestExp, TestLog in internal/kernel),
// and so is numpy's; at every special value and range end they agree bit
// for bit.
var ulps = map[string]bool{"Exp": true, "Log": true}

// oneULP reports whether a and b are finite, non-zero, of one sign and
// neighbours or equal.
func oneULP(a, b float64) bool {
	if a == 0 || b == 0 || math.IsInf(a, 0) || math.IsInf(b, 0) || a != a || b != b || (a < 0) != (b < 0) {
		return false
	}
	d := int64(math.Float64bits(a)) - int64(math.Float64bits(b))
	return d == 1 || d == -1 || d == 0
}

// sameBits reports whether a and b are the same float64 bits, any NaN
// matching any NaN (numpy and Go need not agree on a NaN's payload).
func sameBits(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || a != a && b != b
}

// TestAgainstNumpyEdges holds each operation a doc comment says follows
// numpy to numpy's own output, bit for bit, at the values where the two
// could part: NaN, ±Inf, ±0 and subnormals in every operand position, the
// ends of exp's and log's range (one ulp apart inside it), clip's bounds
// crossed, rows with
// NaN and empty axes in the reductions, ties in argmax, allclose in both
// orders, arange whose step does not divide its span, dot's four shapes
// (testdata/numpy_edges.py wrote the file).
func TestAgainstNumpyEdges(t *testing.T) {
	b, err := os.ReadFile("testdata/numpy_edges.json")
	if err != nil {
		t.Fatal(err)
	}
	var file edgeFile
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatalf("testdata/numpy_edges.json: %v", err)
	}
	if len(file.Cases) < 150 {
		t.Fatalf("testdata/numpy_edges.json has %d cases", len(file.Cases))
	}
	binary := map[string]func(a, b *tensor.Tensor) *tensor.Tensor{
		"Add": tensor.Add, "Sub": tensor.Sub, "Mul": tensor.Mul, "Div": tensor.Div,
		"Maximum": tensor.Maximum, "Minimum": tensor.Minimum, "Dot": tensor.Dot,
	}
	unary := map[string]func(a *tensor.Tensor) *tensor.Tensor{
		"Exp": tensor.Exp, "Log": tensor.Log, "Neg": tensor.Neg, "Transpose": tensor.Transpose,
	}
	axes := map[string]func(a *tensor.Tensor, axis int, keepdims bool) *tensor.Tensor{
		"Sum": tensor.Sum, "Mean": tensor.Mean, "Max": tensor.Max,
	}
	all := map[string]func(a *tensor.Tensor) float64{
		"SumAll": tensor.SumAll, "MeanAll": tensor.MeanAll, "MaxAll": tensor.MaxAll,
	}
	for i, c := range file.Cases {
		var ops []*tensor.Tensor
		for _, o := range c.Operands {
			ops = append(ops, o.tensor(t))
		}
		arg := func(name string) float64 { return hexFloat(t, c.Args[name].(string)) }
		name := fmt.Sprintf("%d %s %v", i, c.Op, c.Args)
		var got *tensor.Tensor
		switch f := c.Op; {
		case binary[f] != nil:
			got = binary[f](ops[0], ops[1])
		case unary[f] != nil:
			got = unary[f](ops[0])
		case axes[f] != nil:
			got = axes[f](ops[0], int(c.Args["axis"].(float64)), c.Args["keepdims"].(bool))
		case all[f] != nil:
			got = tensor.Scalar(all[f](ops[0]))
		case f == "Clip":
			got = tensor.Clip(ops[0], arg("lo"), arg("hi"))
		case f == "Arange":
			got = tensor.Arange(arg("start"), arg("stop"), arg("step"))
		case f == "Argmax":
			if g := tensor.Argmax(ops[0], int(c.Args["axis"].(float64))); !slices.Equal(g, c.Ints) {
				t.Errorf("%s of %v: %v, numpy %v", name, ops[0], g, c.Ints)
			}
			continue
		case f == "ArgmaxAll":
			if g := tensor.ArgmaxAll(ops[0]); g != c.Ints[0] {
				t.Errorf("%s of %v: %d, numpy %d", name, ops[0], g, c.Ints[0])
			}
			continue
		case f == "AllClose":
			if g := tensor.AllClose(ops[0], ops[1], arg("rtol"), arg("atol")); g != *c.Bool {
				t.Errorf("%s(%v, %v): %v, numpy %v", name, ops[0], ops[1], g, *c.Bool)
			}
			continue
		default:
			t.Fatalf("case %d: unknown operation %q", i, f)
		}
		want := c.Out.tensor(t)
		if !slices.Equal(got.Shape(), want.Shape()) {
			t.Errorf("%s: shape %v, numpy %v", name, got.Shape(), want.Shape())
			continue
		}
		for j, w := range want.Data() {
			if g := got.Data()[j]; !sameBits(g, w) && !(ulps[c.Op] && oneULP(g, w)) {
				t.Errorf("%s: element %d is %v (%#x), numpy %v (%#x)", name, j, g, math.Float64bits(g), w, math.Float64bits(w))
			}
		}
	}
}
