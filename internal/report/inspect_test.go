package report

import (
	"bytes"
	"encoding/csv"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"dlfs/internal/platformtest"
	"dlfs/internal/regular"
	"dlfs/mnist"
	"dlfs/network"
	"dlfs/tensor"
	"dlfs/train"
)

// TestInspection: on the real test set, the confusion matrix is the one
// counted from the book layer's Predict of the saved parameters, reloaded,
// cell by cell (confusion.csv as a spreadsheet reads it too); its diagonal
// is the evaluation's test accuracy exactly; the mistakes are exactly the
// images the book layer reads wrong, with its probability, most confident
// first.
func TestInspection(t *testing.T) {
	if platformtest.Race {
		t.Skip("a training run without concurrency of its own: in the builds without -race")
	}
	data, err := mnist.Load()
	if err != nil {
		t.Fatal(err)
	}
	cfg := train.DefaultConfig
	cfg.Iters = 600
	res := train.Run(cfg, data, train.Hooks{})
	in := Inspect(res.Net, data.Test)
	if float64(in.Right())/10000 != res.Final.TestAcc {
		t.Errorf("%d right, test accuracy %v", in.Right(), res.Final.TestAcc)
	}
	path := filepath.Join(t.TempDir(), "params.npz")
	if err := regular.Write(path, func(w io.Writer) error { return train.WriteModel(w, res.Net) }); err != nil {
		t.Fatal(err)
	}
	saved, err := train.LoadModel(path, math.MaxInt64)
	if err != nil {
		t.Fatal(err)
	}
	x, _ := data.Test.Tensors(mnist.Options{Normalize: true, Flatten: true})
	y := saved.Predict(x)
	var want [mnist.Classes][mnist.Classes]int
	wrong := map[int]bool{}
	for i := range data.Test.Len() {
		label, read := data.Test.Label(i), tensor.ArgmaxAll(tensor.Rows(y, []int{i}))
		want[label][read]++
		if read != label {
			wrong[i] = true
		}
	}
	if in.Confusion != want {
		t.Errorf("confusion\n%v\nthe book layer counts\n%v", in.Confusion, want)
	}
	if len(in.Mistakes) != len(wrong) {
		t.Errorf("%d mistakes, the book layer reads %d wrong", len(in.Mistakes), len(wrong))
	}
	for k, m := range in.Mistakes {
		if !wrong[m.Index] || m.Label != data.Test.Label(m.Index) || m.Read != tensor.ArgmaxAll(tensor.Rows(y, []int{m.Index})) {
			t.Fatalf("mistake %+v: the book layer reads %d, the label is %d", m, tensor.ArgmaxAll(tensor.Rows(y, []int{m.Index})), data.Test.Label(m.Index))
		}
		if !(math.Abs(y.At(m.Index, m.Read)-m.Probability) <= 1e-12) {
			t.Errorf("mistake %+v: probability %v by the book layer", m, y.At(m.Index, m.Read))
		}
		if k > 0 && in.Mistakes[k-1].Probability < m.Probability {
			t.Fatalf("mistakes out of order at %d", k)
		}
		delete(wrong, m.Index)
	}
	records, err := csv.NewReader(bytes.NewReader(ConfusionCSV(in))).ReadAll()
	if err != nil || len(records) != 11 || strings.Join(records[0], ",") != "digit,0,1,2,3,4,5,6,7,8,9" {
		t.Fatalf("confusion.csv: %v, %q", err, records)
	}
	for d, r := range records[1:] {
		if r[0] != strconv.Itoa(d) {
			t.Errorf("confusion.csv row %d is for digit %s", d+1, r[0])
		}
		for p, cell := range r[1:] {
			if n, err := strconv.Atoi(cell); err != nil || n != want[d][p] {
				t.Errorf("confusion.csv: digit %d read as %d: %q, the book layer counts %d", d, p, cell, want[d][p])
			}
		}
	}
}

// TestInspectionTies: a network that reads an image by one pixel only
// (the centre, through a weight of 1e6 that saturates the sigmoid to 1 or
// leaves it at 0.5) gives one of two readings: 3 with probability
// e⁴/(e⁴+e³+8) when the pixel is inked, 5 with e³/(e²+e³+8) when not. The
// mistakes are then the wrong inked images in the set's order, then the
// wrong blank ones in the set's order, across the chunks the set is read in.
func TestInspectionTies(t *testing.T) {
	d, err := mnist.Load()
	if err != nil {
		t.Fatal(err)
	}
	const centre = 14*mnist.Cols + 14
	w1, w2, b2 := tensor.Zeros(mnist.Pixels, 1), tensor.Zeros(1, mnist.Classes), tensor.Zeros(mnist.Classes)
	w1.Set(1e6, centre, 0)
	w2.Set(4, 0, 3)
	b2.Set(3, 5)
	net := &network.TwoLayerNet{Params: network.Params{W1: w1, B1: tensor.Zeros(1), W2: w2, B2: b2}}
	in := Inspect(net, d.Test)
	e := math.Exp
	inked, blank := e(4)/(e(4)+e(3)+8), e(3)/(e(2)+e(3)+8)
	var want [mnist.Classes][mnist.Classes]int
	var first, then []int
	for i := range d.Test.Len() {
		label, read := d.Test.Label(i), 5
		if d.Test.Image(i)[centre] != 0 {
			read = 3
		}
		want[label][read]++
		switch {
		case read == label:
		case read == 3:
			first = append(first, i)
		default:
			then = append(then, i)
		}
	}
	if in.Confusion != want {
		t.Errorf("confusion\n%v\nwant\n%v", in.Confusion, want)
	}
	var got []int
	for k, m := range in.Mistakes {
		got = append(got, m.Index)
		p := blank
		if k < len(first) {
			p = inked
		}
		if !(math.Abs(m.Probability-p) <= 1e-15) {
			t.Fatalf("mistake %d %+v, want probability %v", k, m, p)
		}
	}
	if order := append(first, then...); !slices.Equal(got, order) {
		k := 0
		for k < min(len(got), len(order)) && got[k] == order[k] {
			k++
		}
		t.Errorf("%d mistakes, want %d (%d inked); they differ from the set's order at %d", len(got), len(order), len(first), k)
	}
}
